"""Pages of choosing who comes to an event: the draw, the invitation list (and sending
the invitations), and an invitation's page with its reply, needs and companions."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vss import policy
from vss.audit.forms import form_saved
from vss.core.forms import add_service_errors
from vss.core.http import AuthenticatedHttpRequest
from vss.core.lists import list_page
from vss.policy.rights import Right

from ..forms_choosing import (
    CompanionForm,
    DrawForm,
    InvitationFilterForm,
    NeedsForm,
    QuotaFormSet,
    RepliesForm,
    ReplyForm,
    quotas_of,
)
from ..forms_day import PickUpChoiceForm
from ..models import DrawStatus, Event, Invitation, InvitationStatus, MessageStatus
from ..selectors import choosing as selectors
from ..selectors import logistics as logistics_reads
from ..services import choosing as services
from ..services import logistics

TEMPLATES = "outreach/choosing"


def _list_url(event_pk: int) -> str:
    return reverse("outreach:invitation_list", args=[event_pk])


def _list_page(
    request: AuthenticatedHttpRequest,
    event: Event,
    *,
    replies_form: RepliesForm | None = None,
    status: int = 200,
) -> HttpResponse:
    filter_form = InvitationFilterForm(request.GET or None)
    filters = filter_form.filters()
    listing = list_page(
        request, selectors.invitations_of(request.user, event, filters), filter_form=filter_form
    )
    selectors.invitation_list_read(
        request.user, event, filters, shown=len(listing.page.object_list)
    )
    rows = [
        (invitation, policy.display_name(request.user, invitation.person))
        for invitation in listing.page.object_list
    ]
    section = selectors.event_for_invitation_section(request.user, event)
    context: dict[str, Any] = {
        **listing.context(),
        "event": event,
        "rows": rows,
        "earlier_draws": selectors.earlier_draws(event),
        # What became of each invitation's message, said as the person's page says it: a
        # message queued, failed or bounced is not one the Section has sent.
        "message_statuses": dict(MessageStatus.choices),
        "message_refusals": (MessageStatus.FAILED, MessageStatus.BOUNCED),
        **section,
    }
    if section.get("can_manage"):
        form = replies_form or RepliesForm(
            invitations=selectors.invitations_to_reply(request.user, event)
        )
        context |= {"replies_form": form, "ticked": form.ticked()}
    return render(request, f"{TEMPLATES}/invitation_list.html", context, status=status)


@require_GET
def invitation_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _list_page(request, selectors.event_for_reader(request.user, pk))


@require_POST
def invitations_reply(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The same reply for every invitation ticked in the list; those that could not be
    recorded are named with why, the others stay recorded."""
    event = selectors.event_for_manager(request.user, pk)
    form = RepliesForm(
        request.POST,
        invitations=selectors.invitations_to_reply(request.user, event),
    )
    if not form.is_valid():
        return _list_page(request, event, replies_form=form, status=400)
    done = services.invitations_reply(
        user=request.user,
        event=event,
        versions=form.cleaned_data["versions"],
        accepted=form.cleaned_data["reply"] == "accepted",
        note=form.cleaned_data["note"],
    )
    if done.recorded:
        messages.success(
            request,
            ngettext(
                "The reply was recorded for %(count)s invitation.",
                "The reply was recorded for %(count)s invitations.",
                len(done.recorded),
            )
            % {"count": len(done.recorded)},
        )
    if done.moved_up:
        messages.info(
            request,
            ngettext(
                "%(count)s person of the waiting list was invited.",
                "%(count)s people of the waiting list were invited.",
                len(done.moved_up),
            )
            % {"count": len(done.moved_up)},
        )
    if done.put_on_waiting_list:
        messages.warning(
            request,
            ngettext(
                "%(count)s person who had declined found their place given away meanwhile "
                "and is now first on the waiting list.",
                "%(count)s people who had declined found their place given away meanwhile "
                "and are now first on the waiting list.",
                len(done.put_on_waiting_list),
            )
            % {"count": len(done.put_on_waiting_list)},
        )
    names = selectors.invitation_names(request.user, [r.invitation_id for r in done.refused])
    for refused in done.refused:
        name = names.get(refused.invitation_id, str(refused.invitation_id))
        messages.error(
            request,
            _("Not recorded for %(name)s: %(why)s") % {"name": name, "why": refused.why},
        )
    return redirect(_list_url(event.pk))


@require_http_methods(["GET", "POST"])
def draw_make(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_for_manager(request.user, pk)
    form = DrawForm(request.POST or None, initial={"size": event.capacity})
    quotas = QuotaFormSet(request.POST or None, prefix="quota")
    if request.method == "POST" and form.is_valid() and quotas.is_valid():
        try:
            made = services.draw_make(
                user=request.user,
                event=event,
                size=form.cleaned_data["size"],
                waiting=form.cleaned_data["waiting"],
                seed=form.cleaned_data["seed"],
                filters=form.pool_filters(),
                quotas=quotas_of(quotas),
                balanced_by=form.cleaned_data["balanced_by"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(reverse("outreach:draw_detail", args=[made.pk]))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        f"{TEMPLATES}/draw_form.html",
        {
            "event": event,
            "form": form,
            "quotas": quotas,
            "under_way": selectors.draw_under_way(event),
        },
        status=status,
    )


@require_GET
def draw_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A draw's progress, asked again every second while it runs (HTMX swaps the bar
    alone; without script, the page's refresh link), then why it chose as it did or why
    it failed."""
    made = selectors.draw_for_reader(request.user, pk)
    context = {
        "draw": made,
        "event": made.event,
        "quota_rows": selectors.quota_rows(made) if made.status == DrawStatus.DONE else [],
        "can_manage": policy.has_right(request.user, Right.MANAGE_EVENTS),
    }
    template = "_draw_progress.html" if request.htmx else "draw_detail.html"
    return render(request, f"{TEMPLATES}/{template}", context)


@require_POST
def invitations_send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_for_manager(request.user, pk)
    try:
        services.invitations_send(user=request.user, event=event)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The invitations are being sent."))
    return redirect(_list_url(event.pk))


def _detail(
    request: AuthenticatedHttpRequest, invitation: Invitation, status: int = 200, **forms: Any
) -> HttpResponse:
    can_manage = policy.has_right(request.user, Right.MANAGE_EVENTS)
    version = {"version": invitation.version}
    context: dict[str, Any] = {
        "invitation": invitation,
        "event": invitation.event,
        "name": policy.display_name(request.user, invitation.person),
        "companions": selectors.companions_of(invitation),
        "can_manage": can_manage,
    }
    if can_manage:
        context |= {
            "reply_form": ReplyForm(initial=version),
            "needs_form": NeedsForm(
                initial={**version, "accessibility_needs": invitation.accessibility_needs}
            ),
            "companion_form": CompanionForm(),
            "pick_up_form": PickUpChoiceForm(
                initial={**version, "pick_up_point": invitation.pick_up_point_id},
                points=logistics_reads.pick_up_points_of(invitation.event),
            ),
            **forms,
        }
    return render(request, f"{TEMPLATES}/invitation_detail.html", context, status=status)


@require_GET
def invitation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.invitation_for_reader(request.user, pk))


def _refused(request: AuthenticatedHttpRequest, pk: int, **forms: Any) -> HttpResponse:
    return _detail(request, selectors.invitation_for_reader(request.user, pk), 400, **forms)


def _to_detail(invitation: Invitation) -> HttpResponse:
    return redirect(reverse("outreach:invitation_detail", args=[invitation.pk]))


def _tell_what_the_reply_did(request: AuthenticatedHttpRequest, reply: services.Reply) -> None:
    if reply.put_on_waiting_list:
        messages.warning(
            request,
            _(
                "Every place is taken: the place this person declined was given to the first "
                "of the waiting list. They are now first on the waiting list and will have a "
                "place if someone else declines. Tell them so."
            ),
        )
    elif reply.moved_up is not None and reply.moved_up.status == InvitationStatus.INVITED:
        messages.info(request, _("The first of the waiting list was invited."))
    elif reply.moved_up is not None:
        messages.info(
            request,
            _(
                "The place went to the first of the waiting list, who had asked to come "
                "after declining: they are recorded as coming. Tell them so."
            ),
        )


@require_POST
def invitation_reply(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invitation = selectors.invitation_for_manager(request.user, pk)
    form = ReplyForm(request.POST)
    saved = form_saved(
        form,
        lambda: services.invitation_reply(
            user=request.user,
            invitation=invitation,
            accepted=form.cleaned_data["reply"] == "accepted",
            note=form.cleaned_data["note"],
            version=form.cleaned_data["version"],
        ),
    )
    if saved is None:
        return _refused(request, pk, reply_form=form)
    messages.success(request, _("The reply was recorded."))
    _tell_what_the_reply_did(request, saved.value)
    return _to_detail(invitation)


@require_POST
def invitation_needs(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invitation = selectors.invitation_for_manager(request.user, pk)
    form = NeedsForm(request.POST)
    saved = form_saved(
        form,
        lambda: services.invitation_needs_record(
            user=request.user,
            invitation=invitation,
            accessibility_needs=form.cleaned_data["accessibility_needs"],
            version=form.cleaned_data["version"],
        ),
    )
    if saved is None:
        return _refused(request, pk, needs_form=form)
    messages.success(request, _("The needs were recorded."))
    return _to_detail(invitation)


@require_POST
def invitation_pick_up(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invitation = selectors.invitation_for_manager(request.user, pk)
    form = PickUpChoiceForm(
        request.POST, points=logistics_reads.pick_up_points_of(invitation.event)
    )
    saved = form_saved(
        form,
        lambda: logistics.invitation_pick_up_set(
            user=request.user,
            invitation=invitation,
            pick_up_point=form.cleaned_data["pick_up_point"],
            version=form.cleaned_data["version"],
        ),
    )
    if saved is None:
        return _refused(request, pk, pick_up_form=form)
    messages.success(request, _("The pick-up point was recorded."))
    return _to_detail(invitation)


@require_POST
def companion_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invitation = selectors.invitation_for_manager(request.user, pk)
    form = CompanionForm(request.POST)
    if form.is_valid():
        try:
            services.companion_add(user=request.user, invitation=invitation, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The companion was added."))
            return _to_detail(invitation)
    return _refused(request, pk, companion_form=form)


urlpatterns: list[URLPattern] = [
    path("events/<int:pk>/invitations/", invitation_list, name="invitation_list"),
    path("events/<int:pk>/draw/", draw_make, name="draw_make"),
    path("draws/<int:pk>/", draw_detail, name="draw_detail"),
    path("events/<int:pk>/invitations/send/", invitations_send, name="invitations_send"),
    path("events/<int:pk>/invitations/reply/", invitations_reply, name="invitations_reply"),
    path("invitations/<int:pk>/", invitation_detail, name="invitation_detail"),
    path("invitations/<int:pk>/reply/", invitation_reply, name="invitation_reply"),
    path("invitations/<int:pk>/needs/", invitation_needs, name="invitation_needs"),
    path("invitations/<int:pk>/companions/", companion_add, name="companion_add"),
    path("invitations/<int:pk>/pick-up/", invitation_pick_up, name="invitation_pick_up"),
]

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vss import policy
from vss.audit.forms import form_saved
from vss.core.forms import add_service_errors
from vss.core.http import AuthenticatedHttpRequest
from vss.core.lists import list_page
from vss.policy import Right

from .. import selectors, services
from ..forms import (
    ClosureForm,
    ConsentWithdrawalForm,
    HealthNoteForm,
    ReferralFilterForm,
    ReferralForm,
    SessionForm,
)
from ..models import ReferralStatus, ServiceType


@require_GET
def referral_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    policy.require_right(user, Right.VIEW_SUPPORT)
    filter_form = ReferralFilterForm(request.GET or None, user=user)
    filters = filter_form.filters()
    referrals = selectors.referral_list_for_user(user, filters)
    listing = list_page(request, referrals, filter_form=filter_form)
    selectors.referral_list_read(user, filters, shown=len(listing.page.object_list))
    return render(request, "support/referral_list.html", listing.context())


@require_http_methods(["GET", "POST"])
def referral_create(request: AuthenticatedHttpRequest, person_pk: int) -> HttpResponse:
    user = request.user
    person = selectors.person_for_referral(user, person_pk)
    form = ReferralForm(request.POST or None, user=user, person=person)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            referral = services.referral_create(
                actor=user,
                person=person,
                partner=d["partner"],
                service=d["service"],
                referred_on=d["referred_on"],
                reason=d["reason"],
                consent=form.chosen_consent(),
                new_consent=form.new_consent(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Referral recorded."))
            return redirect("support:referral_detail", pk=referral.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "support/referral_form.html", {"person": person, "form": form}, status=status
    )


@require_http_methods(["GET", "POST"])
def consent_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    consent = selectors.consent_for_user(user, pk)
    form = ConsentWithdrawalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_withdraw(
                actor=user,
                consent=consent,
                withdrawn_on=form.cleaned_data["withdrawn_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Consent withdrawn."))
            return redirect("people:detail", pk=consent.person_id)
    open_referrals = consent.referrals.filter(status=ReferralStatus.OPEN).count()
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "support/consent_withdraw.html",
        {"consent": consent, "form": form, "open_referrals": open_referrals},
        status=status,
    )


def _detail_context(page: selectors.ReferralPage, **forms: Any) -> dict[str, Any]:
    referral = page.referral
    ceremony_pending = services.awaits_ceremony(referral, page.progress)
    context: dict[str, Any] = {
        "page": page,
        "referral": referral,
        "is_testimonial": referral.service == ServiceType.TESTIMONIAL_THERAPY,
        "ceremony_pending": ceremony_pending,
    }
    if page.can_record and referral.status == ReferralStatus.OPEN:
        # After the ceremony a testimonial therapy takes no more sessions: no form.
        if page.progress.ceremony is None:
            context["session_form"] = forms.get("session_form") or SessionForm(
                allow_ceremony=ceremony_pending
            )
        context["closure_form"] = forms.get("closure_form") or ClosureForm(
            ceremony_pending=ceremony_pending, initial={"version": referral.version}
        )
    if page.can_record:
        context["note_form"] = forms.get("note_form") or HealthNoteForm()
    return context


@require_GET
def referral_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    page = selectors.referral_get_for_user(request.user, pk)
    return render(request, "support/referral_detail.html", _detail_context(page))


def _rerender(request: AuthenticatedHttpRequest, pk: int, **forms: Any) -> HttpResponse:
    page = selectors.referral_get_for_user(request.user, pk)
    return render(
        request, "support/referral_detail.html", _detail_context(page, **forms), status=400
    )


@require_POST
def session_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    referral = selectors.referral_for_action(user, pk)
    policy.require_right(user, Right.RECORD_SUPPORT)
    form = SessionForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.session_record(
                actor=user,
                referral=referral,
                kind=d["kind"],
                held_on=d["held_on"],
                attended=d["attended"],
                outcome=d["outcome"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Session recorded."))
            return redirect("support:referral_detail", pk=pk)
    return _rerender(request, pk, session_form=form)


@require_POST
def referral_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    referral = selectors.referral_for_action(user, pk)
    policy.require_right(user, Right.RECORD_SUPPORT)
    progress = services.progress_of(list(referral.sessions.all()))
    form = ClosureForm(request.POST, ceremony_pending=services.awaits_ceremony(referral, progress))

    def write() -> object:
        d = form.cleaned_data
        return services.referral_close(
            actor=user,
            referral=referral,
            closed_on=d["closed_on"],
            reason=d["reason"],
            # The form asks for it only while a testimonial therapy awaits its
            # ceremony; any other closure has nothing to confirm.
            without_ceremony=d.get("without_ceremony", False),
            expected_version=d["version"],
        )

    if form_saved(form, write):
        messages.success(request, _("Referral closed."))
        return redirect("support:referral_detail", pk=pk)
    return _rerender(request, pk, closure_form=form)


@require_POST
def health_note_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    referral = selectors.referral_for_action(user, pk)
    policy.require_right(user, Right.RECORD_SUPPORT)
    form = HealthNoteForm(request.POST)
    if form.is_valid():
        try:
            services.health_note_add(actor=user, referral=referral, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Note added."))
            return redirect("support:referral_detail", pk=pk)
    return _rerender(request, pk, note_form=form)

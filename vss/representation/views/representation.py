"""Mandates on an application's page, conflicts of interest, and the Civil Parties that
Rule 23ter leaves without a lawyer."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from vss import policy
from vss.applications.page import application_page_for_user
from vss.core.downloads import masked_filename, private_download
from vss.core.forms import add_service_errors
from vss.core.http import AuthenticatedHttpRequest
from vss.core.lists import back_to_filtered_list, list_page
from vss.core.validation import record_id
from vss.geo.selectors import provinces_by_code
from vss.policy import Right

from .. import selectors, services
from ..forms import (
    AddToGroupForm,
    ConflictForm,
    EndForm,
    LiftConflictForm,
    PowerOfAttorneyForm,
    RepresentationAddForm,
    WithoutLawyerFilterForm,
)
from ..hooks import REPRESENTATION_PANEL


def _application_page(request: AuthenticatedHttpRequest, pk: int, **forms: object) -> HttpResponse:
    """The application's page again, with the representation form that failed and what
    was typed in it."""
    context = application_page_for_user(request.user, pk)
    shown = context["panels"].get(REPRESENTATION_PANEL)
    if shown is not None:
        for name, form in forms.items():
            setattr(shown.context["representation"], name, form)
    return render(request, "applications/detail.html", context, status=400)


@require_POST
def representation_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_manager(request.user, pk)
    can_override = policy.has_right(request.user, Right.OVERRIDE_CONFLICT)
    form = RepresentationAddForm(
        request.POST, request.FILES, prefix="rep", can_override=can_override
    )
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.representation_add(
                actor=request.user,
                application=application,
                lawyer=form.cleaned_data["lawyer"],
                started_on=form.cleaned_data["started_on"],
                power_of_attorney=(
                    services.PowerOfAttorney(upload=upload, checked=form.checked)
                    if upload and form.checked
                    else None
                ),
                override_reason=form.cleaned_data.get("override_reason", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The lawyer was added."))
            return redirect("applications:detail", pk=application.pk)
    return _application_page(request, application.pk, add_form=form)


@require_POST
def representation_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    representation = selectors.representation_get_for_manager(request.user, pk)
    form = EndForm(request.POST, prefix=f"end-{representation.pk}")
    if form.is_valid():
        try:
            services.representation_end(
                actor=request.user,
                representation=representation,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The mandate was ended."))
            return redirect("applications:detail", pk=representation.application_id)
    return _application_page(
        request, representation.application_id, end_form=form, failed_end=representation.pk
    )


@require_GET
def power_of_attorney_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    representation = selectors.power_of_attorney_get_for_user(request.user, pk)
    filename = masked_filename(
        representation.power_of_attorney_name,
        shown=policy.can_see_identity(request.user, representation.application.applicant),
        stand_in=f"power-of-attorney-{representation.pk}",
    )
    return private_download(representation.power_of_attorney, filename=filename)


@require_POST
def power_of_attorney_attach(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    representation = selectors.representation_get_for_manager(request.user, pk)
    form = PowerOfAttorneyForm(request.POST, request.FILES, prefix=f"poa-{representation.pk}")
    if form.is_valid() and form.checked is not None:
        try:
            services.power_of_attorney_attach(
                actor=request.user,
                representation=representation,
                power_of_attorney=services.PowerOfAttorney(
                    upload=form.cleaned_data["file"], checked=form.checked
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The power of attorney was attached."))
            return redirect("applications:detail", pk=representation.application_id)
    if representation.ended_on is not None or representation.power_of_attorney:
        # The page shows no form for this mandate: the reason is told above it.
        for problems in form.errors.values():
            for problem in problems:
                messages.error(request, str(problem))
    return _application_page(
        request,
        representation.application_id,
        attach_form=form,
        failed_attach=representation.pk,
    )


@require_POST
def conflict_declare(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_manager(request.user, pk)
    form = ConflictForm(request.POST, prefix="conflict")
    if form.is_valid():
        try:
            services.conflict_declare(
                actor=request.user,
                lawyer=form.cleaned_data["lawyer"],
                person=application.applicant,
                description=form.cleaned_data["description"],
                declared_on=form.cleaned_data["declared_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The conflict of interest was recorded."))
            return redirect("applications:detail", pk=application.pk)
    return _application_page(request, application.pk, conflict_form=form)


@require_POST
def conflict_lift(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Lift a conflict from the page of an application of the person (given as
    `application`), or from the lawyer's page."""
    conflict = selectors.conflict_get_for_manager(request.user, pk)
    application = None
    application_id = record_id(request.POST.get("application"))
    if application_id is not None:
        application = selectors.conflict_application_for_manager(
            request.user, conflict, application_id
        )
    form = LiftConflictForm(request.POST, prefix=f"lift-{conflict.pk}")
    if form.is_valid():
        try:
            services.conflict_lift(
                actor=request.user,
                conflict=conflict,
                reason=form.cleaned_data["reason"],
                lifted_on=form.cleaned_data["lifted_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The conflict of interest was lifted."))
    for problems in form.errors.values():
        for problem in problems:
            messages.error(request, str(problem))
    if application is not None:
        return redirect("applications:detail", pk=application.pk)
    if not policy.has_right(request.user, Right.VIEW_REPRESENTATION):
        raise PermissionDenied
    return redirect("representation:lawyer_detail", pk=conflict.lawyer_id)


@require_GET
def without_lawyer(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    policy.require_right(user, Right.MANAGE_REPRESENTATION)
    filter_form = WithoutLawyerFilterForm(request.GET or None)
    filters = filter_form.filters()
    civil_parties = selectors.civil_parties_without_lawyer(user, filters)
    listing = list_page(request, civil_parties, filter_form=filter_form)
    selectors.without_lawyer_read(user, filters, shown=len(listing.page.object_list))
    return render(
        request,
        "representation/without_lawyer.html",
        {**listing.context(), "provinces": provinces_by_code(), "group_form": AddToGroupForm()},
    )


@require_POST
def civil_parties_to_group(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    policy.require_right(user, Right.MANAGE_REPRESENTATION)
    form = AddToGroupForm(request.POST)
    back = back_to_filtered_list(request, "representation:without_lawyer")
    if not form.is_valid():
        for problem in [*form.non_field_errors(), *form["group"].errors]:
            messages.error(request, str(problem))
        return back
    ids = selectors.civil_parties_ticked(user, form.cleaned_data["applications"])
    group = form.cleaned_data["group"]
    try:
        result = services.group_add_selected(actor=user, group=group, application_ids=ids)
    except services.ConflictsBlock as error:
        names = ", ".join(policy.display_name(user, p) for p in error.people)
        messages.error(
            request,
            _(
                "The lawyer has a declared conflict of interest with: %(names)s. Nobody was "
                "added: untick them, or use the grouping tool to override the conflicts."
            )
            % {"names": names},
        )
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, _("Nobody was added: %(problem)s") % {"problem": problem})
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s Civil Party joined the group %(group)s, represented by %(lawyer)s.",
                "%(count)s Civil Parties joined the group %(group)s, represented by %(lawyer)s.",
                result.moved,
            )
            % {"count": result.moved, "group": group, "lawyer": group.lawyer},
        )
    return back

"""The VSS list of Civil Party Lawyers, their files, Lead Co-Lawyer seats and caseloads."""

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vss import policy
from vss.audit.forms import form_saved
from vss.core.downloads import private_download
from vss.core.forms import add_service_errors
from vss.core.http import AuthenticatedHttpRequest
from vss.core.lists import list_page
from vss.policy import Right

from .. import selectors, services
from ..forms import (
    EndForm,
    LawyerDecisionForm,
    LawyerDocumentForm,
    LawyerFilterForm,
    LawyerForm,
    LeadAppointForm,
    LinkAccountForm,
)
from ..models import Lawyer, LawyerStatus

# A form field's name as a chooser sends it back (with its form's prefix).
FIELD_NAME = re.compile(r"[\w-]{1,60}")


@require_GET
def lawyer_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    policy.require_right(user, Right.VIEW_REPRESENTATION)
    filter_form = LawyerFilterForm(request.GET or None)
    filters = filter_form.filters()
    lawyers = selectors.lawyer_list_for_user(user, filters).annotate(
        clients=selectors.current_client_count()
    )
    listing = list_page(request, lawyers, filter_form=filter_form)
    selectors.lawyer_list_read(user, filters, shown=len(listing.page.object_list))
    return render(
        request,
        "representation/lawyer_list.html",
        {**listing.context(), "can_manage": policy.has_right(user, Right.MANAGE_LAWYERS)},
    )


@require_GET
def lawyer_choices(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The lawyers a search finds, as the radio buttons of a chooser (SearchChoiceWidget)
    named as the form's field is."""
    among, name = request.GET.get("among", ""), request.GET.get("name", "")
    if among not in selectors.CHOOSABLE_LAWYERS or not FIELD_NAME.fullmatch(name):
        raise Http404
    query = request.GET.get(f"{name}-search", "")
    lawyers = selectors.lawyers_to_choose(request.user, among=among, query=query)
    return render(
        request,
        "core/widgets/_search_choice_options.html",
        {
            "name": name,
            "query": query.strip(),
            "options": [(lawyer.pk, f"{lawyer} · {lawyer.bar_number}") for lawyer in lawyers],
        },
    )


def _detail_context(request: AuthenticatedHttpRequest, lawyer: Lawyer, **forms: Form) -> dict:
    user = request.user
    can_manage = policy.has_right(user, Right.MANAGE_LAWYERS)
    decisions = services.lawyer_decisions_from(lawyer.status)
    context: dict = {
        "lawyer": lawyer,
        "can_manage": can_manage,
        "can_download": policy.has_right(user, Right.DOWNLOAD_DOCUMENTS),
        "can_lift": policy.has_right(user, Right.MANAGE_REPRESENTATION),
        "current_clients": selectors.lawyer_current_client_count(lawyer),
    }
    if can_manage:
        context["decision_form"] = LawyerDecisionForm(decisions=decisions) if decisions else None
        context["document_form"] = LawyerDocumentForm()
        context["link_form"] = None if lawyer.user_id else LinkAccountForm()
        context["end_form"] = EndForm(prefix="end")
    context.update(forms)
    return context


@require_GET
def lawyer_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    lawyer = selectors.lawyer_get_for_user(request.user, pk)
    return render(request, "representation/lawyer_detail.html", _detail_context(request, lawyer))


def _rerender(request: AuthenticatedHttpRequest, pk: int, **forms: Form) -> HttpResponse:
    lawyer = selectors.lawyer_get_for_user(request.user, pk)
    return render(
        request,
        "representation/lawyer_detail.html",
        _detail_context(request, lawyer, **forms),
        status=400,
    )


@require_http_methods(["GET", "POST"])
def lawyer_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    policy.require_right(request.user, Right.MANAGE_LAWYERS)
    form = LawyerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            lawyer = services.lawyer_create(actor=request.user, data=form.lawyer_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The lawyer's application was recorded."))
            return redirect("representation:lawyer_detail", pk=lawyer.pk)
    return render(
        request,
        "representation/lawyer_edit.html",
        {"form": form, "lawyer": None},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def lawyer_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    lawyer = selectors.lawyer_get_for_manager(request.user, pk)
    if request.method == "POST":
        form = LawyerForm(request.POST, editing=True)
        if form_saved(
            form,
            lambda: services.lawyer_update(
                actor=request.user,
                lawyer=lawyer,
                data=form.lawyer_data(lawyer),
                expected_version=form.cleaned_data["version"],
            ),
        ):
            messages.success(request, _("The lawyer's record was saved."))
            return redirect("representation:lawyer_detail", pk=lawyer.pk)
    else:
        form = LawyerForm(initial=LawyerForm.initial_for(lawyer), editing=True)
    return render(
        request,
        "representation/lawyer_edit.html",
        {"form": form, "lawyer": lawyer},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def lawyer_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    lawyer = selectors.lawyer_get_for_manager(request.user, pk)
    form = LawyerDecisionForm(request.POST, decisions=services.lawyer_decisions_from(lawyer.status))
    if form.is_valid():
        try:
            services.lawyer_decide(
                actor=request.user,
                lawyer=lawyer,
                to_status=form.cleaned_data["to_status"],
                decided_on=form.cleaned_data["decided_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The decision was recorded."))
            clients = selectors.lawyer_current_client_count(lawyer)
            if clients and form.cleaned_data["to_status"] != LawyerStatus.RECOGNISED:
                # Their mandates stay on record, but no longer count under Rule 23ter.
                messages.warning(
                    request,
                    ngettext(
                        "This lawyer has %(n)s current client: they now count as without a "
                        "lawyer and need another one.",
                        "This lawyer has %(n)s current clients: they now count as without a "
                        "lawyer and need another one.",
                        clients,
                    )
                    % {"n": clients},
                )
            return redirect("representation:lawyer_detail", pk=lawyer.pk)
    return _rerender(request, pk, decision_form=form)


@require_POST
def lawyer_document_upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    lawyer = selectors.lawyer_get_for_manager(request.user, pk)
    form = LawyerDocumentForm(request.POST, request.FILES)
    if form.is_valid() and form.checked is not None:
        services.lawyer_document_add(
            actor=request.user,
            lawyer=lawyer,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            checked=form.checked,
        )
        messages.success(request, _("The document was added."))
        return redirect("representation:lawyer_detail", pk=lawyer.pk)
    return _rerender(request, pk, document_form=form)


@require_GET
def lawyer_document_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    document = selectors.lawyer_document_get_for_user(request.user, pk)
    return private_download(document.file, filename=document.original_name)


@require_POST
def lawyer_link_account(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    lawyer = selectors.lawyer_get_for_manager(request.user, pk)
    form = LinkAccountForm(request.POST)
    if form.is_valid():
        try:
            services.lawyer_link_account(
                actor=request.user, lawyer=lawyer, user=form.cleaned_data["user"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The account was linked to the lawyer."))
            return redirect("representation:lawyer_detail", pk=lawyer.pk)
    return _rerender(request, pk, link_form=form)


@require_GET
def lawyer_caseload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    lawyer, caseload = selectors.lawyer_caseload_for_user(request.user, pk)
    return render(
        request,
        "representation/caseload.html",
        {
            "lawyer": lawyer,
            "caseload": caseload,
            "lead_mandates": selectors.current_lead_mandates(lawyer),
            "staff_view": policy.has_right(request.user, Right.VIEW_REPRESENTATION),
        },
    )


# --- Lead Co-Lawyers ---------------------------------------------------------------------


def _case_context(request: AuthenticatedHttpRequest, pk: int, **forms: Form) -> dict:
    case, appointments = selectors.case_lead_co_lawyers_for_user(request.user, pk)
    context: dict = {
        "case": case,
        "appointments": appointments,
        "can_manage": policy.has_right(request.user, Right.MANAGE_LAWYERS),
        "appoint_form": LeadAppointForm(),
        "end_form": EndForm(prefix="end"),
    }
    context.update(forms)
    return context


@require_GET
def case_lead_co_lawyers(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return render(request, "representation/case_leads.html", _case_context(request, pk))


@require_POST
def lead_appoint(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    policy.require_right(request.user, Right.MANAGE_LAWYERS)
    case, _appointments = selectors.case_lead_co_lawyers_for_user(request.user, pk)
    form = LeadAppointForm(request.POST)
    if form.is_valid():
        try:
            services.lead_co_lawyer_appoint(
                actor=request.user,
                case=case,
                lawyer=form.cleaned_data["lawyer"],
                seat=form.cleaned_data["seat"],
                appointed_on=form.cleaned_data["appointed_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The Lead Co-Lawyer was appointed."))
            return redirect("representation:case_leads", pk=case.pk)
    return render(
        request,
        "representation/case_leads.html",
        _case_context(request, pk, appoint_form=form),
        status=400,
    )


@require_POST
def lead_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    appointment = selectors.lead_appointment_get_for_manager(request.user, pk)
    form = EndForm(request.POST, prefix="end")
    if form.is_valid():
        try:
            services.lead_co_lawyer_end(
                actor=request.user,
                appointment=appointment,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The appointment was ended."))
            return redirect("representation:case_leads", pk=appointment.case_id)
    context = _case_context(request, appointment.case_id, end_form=form)
    context["failed_end"] = appointment.pk
    return render(request, "representation/case_leads.html", context, status=400)

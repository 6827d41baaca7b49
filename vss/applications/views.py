from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vss import policy
from vss.audit.forms import form_saved
from vss.audit.services import StaleEdit
from vss.core.downloads import masked_filename, private_download
from vss.core.http import AuthenticatedHttpRequest
from vss.core.lists import back_to_filtered_list, list_page
from vss.core.pdf import pdf_response, render_pdf
from vss.core.validation import record_id
from vss.geo.fields import village_value
from vss.geo.selectors import provinces_by_code
from vss.people.forms import person_initial
from vss.people.models import Person
from vss.people.pseudonyms import may_choose_pseudonym
from vss.people.selectors import person_for_filing
from vss.policy import Right

from . import printing, selectors, services
from .audit_labels import RECEIPT_PDF, VIF_PDF
from .batches import receipt_messages
from .bundle import VifBundle
from .forms import ApplicationFilterForm, BatchReceiptForm, DocumentForm, TransitionForm
from .models import Application, VictimInformationForm
from .page import application_page_context, application_page_for_user


@require_GET
def application_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    policy.require_right(user, Right.VIEW_APPLICATIONS)
    filter_form = ApplicationFilterForm(request.GET or None)
    filters = filter_form.filters()
    applications = selectors.application_list_for_user(user, filters)
    listing = list_page(request, applications, filter_form=filter_form)
    selectors.application_list_read(user, filters, shown=len(listing.page.object_list))
    context = {
        **listing.context(),
        "provinces": provinces_by_code(),
        "can_receive": policy.has_right(user, Right.RECORD_INTAKE),
        "today": timezone.localdate(),
    }
    template = "applications/_results.html" if request.htmx else "applications/list.html"
    return render(request, template, context)


@require_POST
def application_receive_batch(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    policy.require_right(user, Right.RECORD_INTAKE)
    form = BatchReceiptForm(request.POST)
    back = back_to_filtered_list(request, "applications:list")
    if not form.is_valid():
        for problem in [*form.non_field_errors(), *form["received_on"].errors]:
            messages.error(request, str(problem))
        return back
    applications = selectors.application_batch_for_user(user, form.cleaned_data["applications"])
    try:
        report = services.application_receive_batch(
            actor=user, applications=applications, received_on=form.cleaned_data["received_on"]
        )
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
        return back
    receipt_messages(request, report)
    return back


@require_GET
def application_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return render(request, "applications/detail.html", application_page_for_user(request.user, pk))


@require_POST
def application_transition(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    application = selectors.application_get_for_user(user, pk)
    transitions = policy.allowed_transitions(user, application)
    if not transitions:
        raise PermissionDenied
    form = TransitionForm(
        request.POST,
        transitions=transitions,
        may_accept_late=policy.may_accept_late(user, application),
    )
    if form_saved(
        form,
        lambda: services.application_transition(
            actor=user,
            application=application,
            to_status=form.cleaned_data["to_status"],
            decided_on=form.cleaned_data["decided_on"],
            reason=form.cleaned_data["reason"],
            court_document=form.value("court_document"),
            deadline_override_reason=form.value("deadline_override_reason"),
            expected_version=form.cleaned_data["version"],
        ),
    ):
        messages.success(request, _("Status changed."))
        return redirect("applications:detail", pk=application.pk)
    application.refresh_from_db(fields=["status", "vss_number", "is_late", "version"])
    return render(
        request,
        "applications/detail.html",
        application_page_context(user, application, form),
        status=400,
    )


@require_http_methods(["GET", "POST"])
def form_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    policy.require_right(user, Right.ENTER_FORMS)
    intermediary_user = policy.acts_for_intermediary(user)
    if request.method == "POST":
        linked = _linked_person(request)
        bundle = VifBundle.build(
            data=request.POST.copy(),
            files=request.FILES,
            intermediary_user=intermediary_user,
            may_choose_pseudonym=may_choose_pseudonym(user),
            user_id=user.pk,
            linked_person=linked,
        )
        if linked is not None:
            bundle.linked_name = policy.display_name(user, linked)
        if bundle.is_valid():
            try:
                form = services.form_create(
                    actor=user,
                    applicant=None if linked else bundle.applicant(),
                    existing_applicant=linked,
                    content=bundle.content(),
                )
            except ValidationError as error:
                bundle.add_service_error(error)
            else:
                messages.success(request, _("The form was saved."))
                return redirect("applications:detail", pk=_first_application(form).pk)
        bundle.keep_files_for_next_attempt()
        status = 400
    else:
        bundle = VifBundle.build(
            intermediary_user=intermediary_user, may_choose_pseudonym=may_choose_pseudonym(user)
        )
        status = 200
    return render(
        request,
        "applications/form_edit.html",
        {
            "bundle": bundle,
            "editing": None,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def form_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    vif = selectors.form_get_for_user(user, pk, for_edit=True)
    intermediary_user = policy.acts_for_intermediary(user)
    locked = {a.case_id for a in vif.applications.all()}
    filing_on_file, crimes_on_file = _filing_initial(vif), _crimes_initial(vif)
    if request.method == "POST":
        bundle = VifBundle.build(
            data=request.POST.copy(),
            files=request.FILES,
            intermediary_user=intermediary_user,
            may_choose_pseudonym=may_choose_pseudonym(user),
            locked_case_ids=locked,
            user_id=user.pk,
            editing=True,
        )
        bundle.keep_unsent(person=person_initial(vif.applicant), filing=filing_on_file)
        bundle.mask_protected_names(user, filing=filing_on_file, crimes=crimes_on_file)
        if bundle.is_valid():
            try:
                services.form_update(
                    actor=user,
                    form=vif,
                    applicant=bundle.applicant(),
                    content=bundle.content(),
                    expected_version=bundle.filing.cleaned_data["version"],
                    applicant_version=bundle.person.cleaned_data["version"],
                )
            except StaleEdit as error:
                bundle.add_service_error(error)
                bundle.resend_from(error)
            except ValidationError as error:
                bundle.add_service_error(error)
            else:
                messages.success(request, _("The form was saved."))
                return redirect("applications:detail", pk=_first_application(vif).pk)
        bundle.keep_files_for_next_attempt()
        status = 400
    else:
        selectors.form_record_opened_to_edit(user, vif)
        bundle = VifBundle.build(
            intermediary_user=intermediary_user,
            may_choose_pseudonym=may_choose_pseudonym(user),
            person_initial=person_initial(vif.applicant),
            filing_initial=filing_on_file,
            crimes_initial=crimes_on_file,
            locked_case_ids=locked,
            editing=True,
        )
        bundle.mask_protected_names(user, filing=filing_on_file, crimes=crimes_on_file)
        for application in vif.applications.all():
            bundle.cases.initial[f"case_{application.case_id}"] = application.kind
        status = 200
    return render(
        request,
        "applications/form_edit.html",
        {
            "bundle": bundle,
            "editing": vif,
        },
        status=status,
    )


def _linked_person(request: AuthenticatedHttpRequest) -> Person | None:
    """The registered person a new form is filed for, if the officer chose one; only a
    person within the user's scope can be chosen."""
    value = request.POST.get("link-person", "").strip()
    if not value:
        return None
    person_id = record_id(value)
    if person_id is None:
        raise Http404
    return person_for_filing(request.user, person_id)


def _first_application(form: VictimInformationForm) -> Application:
    """Where a form's pages lead: it always has at least one application (one per case)."""
    return form.applications.order_by("id")[0]


def _crimes_initial(vif: VictimInformationForm) -> list[dict]:
    return [
        {
            "crime_type": c.crime_type_id,
            "crime_site": c.crime_site_id,
            "village": village_value(c.village),
            "place_description": c.place_description,
            "from_year": c.from_year,
            "to_year": c.to_year,
        }
        for c in vif.crimes.all()
    ]


def _filing_initial(vif) -> dict:  # type: ignore[no-untyped-def]
    return {
        "channel": vif.channel,
        "intermediary": vif.intermediary_id,
        "received_on": vif.received_on,
        "signed_on": vif.signed_on,
        "signature": vif.signature,
        "consent_share_with_court": vif.consent_share_with_court,
        "consent_contact": vif.consent_contact,
        "consent_publish_name": vif.consent_publish_name,
        "account": vif.account,
        "reparation_wishes": vif.reparation_wishes,
        "version": vif.version,
    }


@require_POST
def document_upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    vif = selectors.form_get_for_user(user, pk)
    if not policy.can_add_document(user, vif):
        raise PermissionDenied
    form = DocumentForm(request.POST, request.FILES, prefix="document")
    if form.is_valid():
        services.document_add(actor=user, form=vif, document=form.document_data())
        messages.success(request, _("The document was added."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("applications:detail", pk=_first_application(vif).pk)


@require_GET
def document_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    document = selectors.document_get_for_user(request.user, pk)
    filename = masked_filename(
        document.original_name,
        shown=policy.can_see_identity(request.user, document.form.applicant),
        stand_in=f"document-{document.pk}",
    )
    return private_download(document.file, filename=filename)


@require_GET
def application_vif_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_print(request.user, pk, what=VIF_PDF)
    content = render_pdf(
        request, "applications/vif_pdf.html", printing.vif_context(request.user, application)
    )
    return pdf_response(content, filename=printing.pdf_filename(application, "vif"))


@require_GET
def application_receipt_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    asked = request.GET.get("language")
    application = selectors.application_get_for_print(
        request.user,
        pk,
        what=RECEIPT_PDF,
        received_only=True,
        label_values_of=lambda application: {
            "language": printing.receipt_language(asked, application.applicant)
        },
    )
    language = printing.receipt_language(asked, application.applicant)
    with translation.override(language):
        content = render_pdf(
            request,
            "applications/receipt_pdf.html",
            printing.receipt_context(request.user, application),
        )
    return pdf_response(content, filename=printing.pdf_filename(application, f"receipt-{language}"))

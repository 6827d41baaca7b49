"""The annex of Civil Parties of a case, as a judgment lists them: every Civil Party
admitted (or admitted on appeal) and, marked as such, those provisionally admitted, by
VSS number, with their name in Khmer and in Latin letters (or their pseudonym alone,
where the reader may not see a protected identity), the province their application gave
(as every figure by province counts it) and the lawyers who represent them now.

A page, chosen by case; a PDF of the whole annex, drawn in the request up to
`PDF_ROWS` rows and in the background through the exports up to `PDF_JOB_ROWS` (Case
002's thousands, which the court asks for on paper); and a spreadsheet through the
exports (vss.exports: written in the background, its page showing the progress). Each read is audited with the case and the
number of rows, never the names."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import IO

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from vss import policy
from vss.accounts.models import User
from vss.applications.models import Application, Status
from vss.audit.labels import audit_label
from vss.audit.models import AuditAction
from vss.core.exports import Column, Progress
from vss.core.forms import RecordChoiceField
from vss.core.http import AuthenticatedHttpRequest
from vss.core.lists import list_page
from vss.core.pdf import pdf_response, render_pdf, render_pdf_file
from vss.exports.audit_labels import LIST_EXPORT
from vss.exports.registry import ExportRows, ListExport, filters_of
from vss.geo.models import Province
from vss.geo.selectors import provinces_by_code
from vss.policy import Right
from vss.proceedings.models import Case
from vss.representation import selectors
from vss.representation.audit_labels import CIVIL_PARTY_ANNEX
from vss.representation.selectors import AnnexFilters

from .registry import Report
from .table_reading import PDF_JOB_ROWS

# The longest annex drawn as a PDF while its reader waits: a longer one (Case 002's
# thousands) is drawn in the background, as a long standard report is, up to
# PDF_JOB_ROWS; beyond, it is taken as a spreadsheet.
PDF_ROWS = 1_000
ADMITTED = frozenset({Status.ADMITTED, Status.ADMITTED_ON_APPEAL})


def may_run(user: User) -> bool:
    return policy.can_run_report(user, Right.VIEW_APPLICATIONS)


REPORT = Report(
    name="civil-party-annex",
    title=_("Annex of Civil Parties"),
    summary=_(
        "The Civil Parties of a case as a judgment lists them: by VSS number, with their "
        "province and their lawyers."
    ),
    url_name="reports:annex",
    order=10,
    shown=may_run,
)


class AnnexForm(forms.Form):
    case = RecordChoiceField(
        label=_("Case"),
        queryset=selectors.annex_cases(),
        empty_label=_("Choose a case"),
        error_messages={"invalid_choice": _("There is no such case. Choose one in the list.")},
    )

    def chosen_case(self) -> Case | None:
        return self.cleaned_data["case"] if self.is_bound and self.is_valid() else None

    def filters(self) -> AnnexFilters:
        case = self.chosen_case()
        return AnnexFilters(case_id=case.pk if case is not None else None)


@dataclass(frozen=True)
class AnnexRow:
    vss_number: str
    # Both empty where the reader may not see the identity: the pseudonym stands alone.
    name_km: str
    name_latin: str
    pseudonym: str
    province: str
    lawyers: str
    status: str
    provisional: bool


def annex_rows(
    user: User, applications: Iterable[Application], provinces: Mapping[str, Province]
) -> list[AnnexRow]:
    rows = []
    for application in applications:
        person = application.applicant
        named = policy.can_see_identity(user, person)
        province = provinces.get(application.province_code)
        rows.append(
            AnnexRow(
                vss_number=application.vss_number or "",
                name_km=person.name_km if named else "",
                name_latin=person.name_latin if named else "",
                pseudonym=person.pseudonym if person.is_protected else "",
                province=str(province) if province is not None else "",
                lawyers="; ".join(
                    str(mandate.lawyer)
                    for mandate in application.annex_mandates  # type: ignore[attr-defined]
                ),
                status=str(Status(application.status).label),
                provisional=application.status == Status.PROVISIONAL,
            )
        )
    return rows


@dataclass(frozen=True)
class AnnexCounts:
    admitted: int
    provisional: int

    @property
    def total(self) -> int:
        return self.admitted + self.provisional


def _counts(by_status: Mapping[str, int]) -> AnnexCounts:
    return AnnexCounts(
        admitted=sum(n for status, n in by_status.items() if status in ADMITTED),
        provisional=by_status.get(Status.PROVISIONAL, 0),
    )


COLUMNS = [
    Column(_("VSS number"), lambda row: row.vss_number),
    Column(_("Name (Khmer)"), lambda row: row.name_km),
    Column(_("Name (Latin)"), lambda row: row.name_latin),
    Column(_("Pseudonym"), lambda row: row.pseudonym),
    Column(_("Province"), lambda row: row.province),
    Column(_("Lawyers"), lambda row: row.lawyers),
    Column(_("Status"), lambda row: row.status),
]


def _chosen_case(query: QueryDict) -> tuple[AnnexForm, Case]:
    """The case the query names; an annex of no case, or of one that does not read, is
    refused rather than taken as every case."""
    form = AnnexForm(query or None)
    filters_of(form)
    case = form.chosen_case()
    if case is None:
        raise ValidationError("An annex is of one case.")
    return form, case


def annex_export_rows(user: User, query: QueryDict) -> ExportRows:
    form, case = _chosen_case(query)
    provinces = provinces_by_code()
    return ExportRows(
        rows=selectors.annex_for_user(user, case, as_file=True),
        columns=COLUMNS,
        object_type="applications.application",
        filters=form.filters(),
        prepare=lambda chunk: annex_rows(user, chunk, provinces),
    )


def _counts_of_rows(rows: list[AnnexRow]) -> AnnexCounts:
    provisional = sum(1 for row in rows if row.provisional)
    return AnnexCounts(admitted=len(rows) - provisional, provisional=provisional)


def annex_pdf_file(
    user: User, query: QueryDict, rows: ExportRows, handle: IO[bytes], progress: Progress
) -> None:
    """The annex drawn by the background worker: the rows were read and masked for the
    requester by `annex_export_rows`; the counts are those of the rows drawn, so the
    heading and the table cannot disagree."""
    _form, case = _chosen_case(query)
    read: list[AnnexRow] = []
    for row in rows.read():
        read.append(row)
        if len(read) % 500 == 0:
            progress(len(read))
    progress(len(read))
    context = {
        "case": case,
        "rows": read,
        "counts": _counts_of_rows(read),
        "today": timezone.localdate(),
    }
    handle.write(render_pdf_file("reports/annex_pdf.html", context))


ANNEX_EXPORT = ListExport(
    name="civil-party-annex",
    title=_("the annex of Civil Parties"),
    label=CIVIL_PARTY_ANNEX,
    list_url="reports:annex",
    filename="annex-of-civil-parties",
    rows=annex_export_rows,
    pdf=annex_pdf_file,
    pdf_rows=PDF_JOB_ROWS,
)


@require_GET
def annex(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not may_run(user):
        raise PermissionDenied
    form = AnnexForm(request.GET or None)
    case = form.chosen_case()
    context: dict[str, object] = {"filter_form": form, "case": case}
    if case is None:
        context["cases"] = selectors.annex_cases()
        return render(request, "reports/annex.html", context)
    civil_parties = selectors.annex_for_user(user, case)
    listing = list_page(request, civil_parties, filter_form=form)
    rows = annex_rows(user, listing.page.object_list, provinces_by_code())
    selectors.annex_read(
        user, form.filters(), label=audit_label(CIVIL_PARTY_ANNEX), shown=len(rows)
    )
    context |= listing.context() | {
        "rows": rows,
        "counts": _counts(selectors.annex_counts_by_status(civil_parties)),
        "can_take_files": selectors.may_take_annex_file(user),
        "pdf_rows": PDF_ROWS,
        "pdf_job_rows": PDF_JOB_ROWS,
    }
    return render(request, "reports/annex.html", context)


@require_GET
def annex_pdf(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    user = request.user
    back = f"{reverse('reports:annex')}?{request.GET.urlencode()}"
    try:
        form, case = _chosen_case(request.GET)
    except ValidationError:
        return redirect(back)
    civil_parties = selectors.annex_for_user(user, case, as_file=True)
    counts = _counts(selectors.annex_counts_by_status(civil_parties))
    if counts.total > PDF_ROWS:
        messages.error(
            request,
            _(
                "This annex is too long to be drawn as a PDF while you wait: ask for it to "
                "be drawn in the background."
            ),
        )
        return redirect(back)
    rows = annex_rows(user, civil_parties, provinces_by_code())
    selectors.annex_read(
        user,
        form.filters(),
        label=audit_label(LIST_EXPORT, list=CIVIL_PARTY_ANNEX, format="pdf"),
        shown=len(rows),
        action=AuditAction.DOWNLOAD,
    )
    context = {"case": case, "rows": rows, "counts": counts, "today": timezone.localdate()}
    content = render_pdf(request, "reports/annex_pdf.html", context)
    return pdf_response(content, filename=f"annex-{case.number.replace('/', '-')}.pdf")


urlpatterns: list[URLPattern] = [
    path("annex/", annex, name="annex"),
    path("annex/pdf/", annex_pdf, name="annex_pdf"),
]

"""The lists of representation as files (vss.exports): the lawyers, the Civil Parties
without a lawyer and a lawyer's clients, with the cells their pages show, each Civil
Party named as the page names them to the user."""

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from vss import policy
from vss.accounts.models import User
from vss.applications.models import Status
from vss.core.exports import Column, choice_cell, province_cell
from vss.exports.registry import ExportRows, ListExport, filters_of
from vss.geo.selectors import provinces_by_code

from .audit_labels import CLIENTS_LIST, LAWYERS_LIST, WITHOUT_LAWYER
from .forms import ClientFilterForm, LawyerFilterForm, WithoutLawyerFilterForm
from .models import LawyerKind, LawyerStatus
from .selectors import (
    civil_parties_without_lawyer,
    client_list_for_lawyer,
    current_client_count,
    lawyer_list_for_user,
)


def lawyer_export_rows(user: User, query: QueryDict) -> ExportRows:
    filters = filters_of(LawyerFilterForm(query or None))
    lawyers = lawyer_list_for_user(user, filters).annotate(clients=current_client_count())
    columns = [
        Column(_("Lawyer"), str),
        Column(_("Name in Khmer"), lambda lawyer: lawyer.name_km),
        Column(_("National or international"), lambda lawyer: choice_cell(LawyerKind, lawyer.kind)),
        Column(_("Bar"), lambda lawyer: lawyer.bar_shown),
        Column(_("Bar registration number"), lambda lawyer: lawyer.bar_number),
        Column(_("Working languages"), lambda lawyer: lawyer.languages_shown),
        Column(_("Legal team"), lambda lawyer: lawyer.legal_team_shown),
        Column(_("Status"), lambda lawyer: choice_cell(LawyerStatus, lawyer.status)),
        Column(_("Current clients"), lambda lawyer: lawyer.clients),
    ]
    return ExportRows(lawyers, columns, object_type="representation.lawyer", filters=filters)


def without_lawyer_export_rows(user: User, query: QueryDict) -> ExportRows:
    filters = filters_of(WithoutLawyerFilterForm(query or None))
    provinces = provinces_by_code()
    columns: list[Column] = [
        Column(_("VSS number"), lambda a: a.vss_number),
        Column(_("Civil Party"), lambda a: policy.display_name(user, a.applicant)),
        Column(_("Case"), lambda a: a.case.number),
        Column(_("Closing order"), lambda a: a.case.closing_order_on),
        Column(_("Status"), lambda a: choice_cell(Status, a.status)),
        Column(_("Province"), lambda a: province_cell(provinces, a.province_code)),
    ]
    return ExportRows(
        civil_parties_without_lawyer(user, filters),
        columns,
        object_type="applications.application",
        filters=filters,
    )


def client_export_rows(user: User, query: QueryDict) -> ExportRows:
    filters = filters_of(ClientFilterForm(query or None))
    provinces = provinces_by_code()

    columns: list[Column] = [
        Column(_("Civil Party"), lambda r: policy.display_name(user, r.application.applicant)),
        Column(_("VSS number"), lambda r: r.application.vss_number),
        Column(_("Case"), lambda r: r.application.case.number),
        Column(_("Status"), lambda r: choice_cell(Status, r.application.status)),
        Column(_("Province"), lambda r: province_cell(provinces, r.application.province_code)),
        Column(_("Represented since"), lambda r: r.started_on),
    ]
    return ExportRows(
        client_list_for_lawyer(user, filters),
        columns,
        object_type="representation.representation",
        filters=filters,
    )


LAWYERS_EXPORT = ListExport(
    name="lawyers",
    title=_("the list of Civil Party Lawyers"),
    label=LAWYERS_LIST,
    list_url="representation:lawyer_list",
    filename="lawyers",
    rows=lawyer_export_rows,
)
WITHOUT_LAWYER_EXPORT = ListExport(
    name="without-a-lawyer",
    title=_("the Civil Parties without a lawyer"),
    label=WITHOUT_LAWYER,
    list_url="representation:without_lawyer",
    filename="civil-parties-without-a-lawyer",
    rows=without_lawyer_export_rows,
)
CLIENTS_EXPORT = ListExport(
    name="my-clients",
    title=_("my clients"),
    label=CLIENTS_LIST,
    list_url="representation:my_clients",
    filename="clients",
    rows=client_export_rows,
)

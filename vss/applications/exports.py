"""The columns of the list of applications as a file (vss.core.exports): the cells the
list page shows, the applicant named as the page names them to this user (a protected
person by pseudonym, unless the user may see the identity)."""

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from vss import policy
from vss.accounts.models import User
from vss.core.exports import Column, choice_cell, province_cell
from vss.exports.registry import ExportRows, ListExport, filters_of
from vss.geo.models import Province
from vss.geo.selectors import provinces_by_code

from .audit_labels import APPLICATIONS_LIST
from .forms import ApplicationFilterForm
from .models import ApplicationKind, Channel, Status
from .selectors import application_export_for_user


def application_columns(user: User, provinces: dict[str, Province]) -> list[Column]:
    return [
        Column(_("VSS number"), lambda a: a.vss_number),
        Column(_("Applicant"), lambda a: policy.display_name(user, a.applicant)),
        Column(_("Case"), lambda a: a.case.number),
        Column(_("Kind"), lambda a: choice_cell(ApplicationKind, a.kind)),
        Column(_("Status"), lambda a: choice_cell(Status, a.status)),
        Column(_("Late"), lambda a: str(_("yes")) if a.is_late else ""),
        Column(_("Province"), lambda a: province_cell(provinces, a.province_code)),
        Column(_("Channel"), lambda a: choice_cell(Channel, a.form.channel)),
        Column(_("Intermediary"), lambda a: str(a.form.intermediary or "")),
        Column(_("Received"), lambda a: a.form.received_on),
    ]


def application_export_rows(user: User, query: QueryDict) -> ExportRows:
    filters = filters_of(ApplicationFilterForm(query or None))
    return ExportRows(
        rows=application_export_for_user(user, filters),
        columns=application_columns(user, provinces_by_code()),
        object_type="applications.application",
        filters=filters,
    )


APPLICATIONS_EXPORT = ListExport(
    name="applications",
    title=_("the list of applications"),
    label=APPLICATIONS_LIST,
    list_url="applications:list",
    filename="applications",
    rows=application_export_rows,
)

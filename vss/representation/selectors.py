"""Access-aware reads of lawyers, mandates and caseloads."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, QuerySet, Subquery

from vss.applications.models import Application, Status
from vss.geo.models import Province


@dataclass(frozen=True)
class CountRow:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Caseload:
    by_status: list[CountRow] = field(default_factory=list)
    by_province: list[CountRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(row.count for row in self.by_status)


def caseload_counts(applications: QuerySet[Application]) -> Caseload:
    """Applications counted by status and by province, in two queries whatever their
    number; the province's name is read in the same query as its count."""
    labels = dict(Status.choices)
    by_status = [
        CountRow(row["status"], str(labels.get(row["status"], row["status"])), row["n"])
        for row in applications.order_by()
        .values("status")
        .annotate(n=Count("id"))
        .order_by("status")
    ]
    province_names = Province.objects.filter(code=OuterRef("province_code"))
    rows = (
        applications.order_by()
        .values("province_code")
        .annotate(
            n=Count("id"),
            name_en=Subquery(province_names.values("name_en")[:1]),
            name_km=Subquery(province_names.values("name_km")[:1]),
        )
        .order_by("province_code")
    )
    by_province = [CountRow(row["province_code"], _province_label(row), row["n"]) for row in rows]
    # Statuses in the order of the workflow, not of the alphabet.
    order = {value: index for index, value in enumerate(Status.values)}
    by_status.sort(key=lambda row: order.get(row.key, len(order)))
    return Caseload(by_status=by_status, by_province=by_province)


def _province_label(row: dict[str, str]) -> str:
    from django.utils.translation import get_language
    from django.utils.translation import gettext as _

    if not row["province_code"]:
        return _("Province not known")
    if get_language() == "km" and row["name_km"]:
        return row["name_km"]
    return row["name_en"] or row["province_code"]

"""caseload_counts: any set of applications counted by status and by province in two
queries, however many there are."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from vss.applications.models import Application, Status
from vss.representation.selectors import caseload_counts
from vss.testing.factories import (
    ApplicationFactory,
    CommuneFactory,
    DistrictFactory,
    PersonFactory,
    ProvinceFactory,
    VillageFactory,
)


def _village_in(code: str, name: str):
    province = ProvinceFactory.create(code=code, name_en=name, name_km="")
    district = DistrictFactory.create(code=f"{code}01", province=province)
    commune = CommuneFactory.create(code=f"{code}0101", district=district)
    return VillageFactory.create(code=f"{code}010101", commune=commune)


def test_counts_by_status_in_workflow_order_and_by_province_with_names(db) -> None:
    kampot = _village_in("07", "Kampot")
    for _ in range(2):
        ApplicationFactory.create(status=Status.ADMITTED)
    ApplicationFactory.create(
        status=Status.PROVISIONAL, form__applicant=PersonFactory.create(village=kampot)
    )
    ApplicationFactory.create(status=Status.ADMITTED, province_code="")

    with CaptureQueriesContext(connection) as queries:
        caseload = caseload_counts(Application.objects.all())
    assert len(queries) == 2

    assert [(row.key, row.count) for row in caseload.by_status] == [
        ("provisional", 1),
        ("admitted", 3),
    ]
    assert [(row.key, row.label, row.count) for row in caseload.by_province] == [
        ("", "Province not known", 1),
        ("07", "Kampot", 1),
        ("12", "Phnom Penh", 2),
    ]
    assert caseload.total == 4


def test_an_empty_set_counts_nothing(db) -> None:
    caseload = caseload_counts(Application.objects.none())
    assert caseload.by_status == [] and caseload.by_province == [] and caseload.total == 0

"""The chosen village is read whole in the village field of the VIF, opened to edit it on
a window of 1,366 px, in Khmer: its code and the names of the village, commune, district
and province, not cut off at the width of one column."""

import pytest

from vss.accounts.models import Role
from vss.testing.browser import log_in
from vss.testing.factories import (
    ApplicationFactory,
    CommuneFactory,
    DistrictFactory,
    PersonFactory,
    ProvinceFactory,
    VifFactory,
    VillageFactory,
)
from vss.testing.personas import persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _a_village_with_long_names():
    province = ProvinceFactory(code="17", name_en="Siem Reap", name_km="សៀមរាប")
    district = DistrictFactory(
        code="1710", province=province, name_en="Siem Reab", name_km="ក្រុងសៀមរាប"
    )
    commune = CommuneFactory(
        code="171006", district=district, name_en="Sala Kamraeuk", name_km="សាលាកំរើក"
    )
    return VillageFactory(
        code="17100604", commune=commune, name_en="Trapeang Ses", name_km="ត្រពាំងសេះ"
    )


def test_the_chosen_village_is_read_whole(page):
    persona(Role.INTAKE)
    village = _a_village_with_long_names()
    application = ApplicationFactory(form=VifFactory(applicant=PersonFactory(village=village)))
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, Role.INTAKE, language="km")

    page.goto(f"/applications/forms/{application.form.pk}/edit/")

    field = page.locator("input[name=applicant-village]")
    assert field.input_value() == "17100604 — ត្រពាំងសេះ, សាលាកំរើក, ក្រុងសៀមរាប, សៀមរាប"
    assert field.evaluate("input => input.scrollWidth <= input.clientWidth")

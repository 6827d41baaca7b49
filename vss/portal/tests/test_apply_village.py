"""The online form's village, typed by its name as a victim knows it: one match is taken,
several are offered as a short list to choose from, none is told how to write it; a code
still works, the draft keeps the village's code and the form is sent as before."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from vss.applications.models import Application
from vss.portal import vif
from vss.portal.models import OnlineDraft
from vss.portal.tests.test_vif import complete_answers
from vss.portal.views import apply
from vss.testing.constants import PNG
from vss.testing.factories import (
    CaseFactory,
    CommuneFactory,
    CrimeTypeFactory,
    VillageFactory,
)

pytestmark = pytest.mark.django_db

TONLE_BASAK_THMEI = "12010102"
BOENG_KENG_KANG_THMEI = "12010201"
KAOH_THUM = "12010103"


def step_url(step: str) -> str:
    return reverse("portal:apply_step", kwargs={"step": step})


@pytest.fixture
def answers() -> dict[str, dict]:
    tonle_basak = CommuneFactory.create()
    boeng_keng_kang = CommuneFactory.create(
        code="120102", name_en="Boeng Keng Kang Ti Muoy", name_km="បឹងកេងកងទី១"
    )
    VillageFactory.create()
    VillageFactory.create(
        code=TONLE_BASAK_THMEI, name_en="Thmei", name_km="ថ្មី", commune=tonle_basak
    )
    VillageFactory.create(
        code=BOENG_KENG_KANG_THMEI, name_en="Thmei", name_km="ថ្មី", commune=boeng_keng_kang
    )
    VillageFactory.create(code=KAOH_THUM, name_en="Kaoh Thum", name_km="កោះធំ", commune=tonle_basak)
    case = CaseFactory.create(number="004/02", investigation_closed_on=None)
    return complete_answers(case_id=case.pk, crime_type_id=CrimeTypeFactory.create().pk)


@pytest.fixture
def started(client: Client) -> Client:
    client.post(reverse("portal:apply"), {"filer-filer": "victim", "next": "1"})
    return client


def _person(answers: dict[str, dict], village: str, **more: str) -> dict[str, str]:
    return {**answers[vif.PERSON], "person-village": village, **more, "next": "1"}


def _kept() -> dict:
    return OnlineDraft.objects.get().answers[vif.PERSON]


def _page(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("typed", ["kaoh thum", "កោះធំ", " Kaoh-Thum ", "ភូមិកោះធំ", "Phum Kaoh Thum"])
def test_one_village_of_that_name_is_taken(started, answers, typed):
    response = started.post(step_url(vif.PERSON), _person(answers, typed))

    assert response.status_code == 302, _page(response)[:3000]
    assert _kept()["person-village"] == KAOH_THUM
    assert "person-village_choice" not in _kept()


def test_several_villages_are_offered_to_choose_from(started, answers):
    response = started.post(step_url(vif.PERSON), _person(answers, "ថ្មី"))

    page = _page(response)
    assert response.status_code == 400
    assert 'value="ថ្មី"' in page
    assert "ថ្មី · ទន្លេបាសាក់ · ចំការមន · ភ្នំពេញ" in page
    assert "ថ្មី · បឹងកេងកងទី១ · ចំការមន · ភ្នំពេញ" in page
    assert page.count('type="radio" name="person-village_choice"') == 2
    # Nothing is taken yet: the draft keeps what was typed.
    assert _kept()["person-village"] == "ថ្មី"

    response = started.post(
        step_url(vif.PERSON),
        _person(answers, "ថ្មី", **{"person-village_choice": BOENG_KENG_KANG_THMEI}),
    )

    assert response.status_code == 302
    assert _kept()["person-village"] == BOENG_KENG_KANG_THMEI


def test_the_commune_after_a_comma_narrows_to_one(started, answers):
    response = started.post(step_url(vif.PERSON), _person(answers, "Thmei, Boeng Keng Kang"))

    assert response.status_code == 302
    assert _kept()["person-village"] == BOENG_KENG_KANG_THMEI


def test_a_choice_among_other_villages_is_not_taken(started, answers):
    # A choice left from an earlier name is no answer for a name typed since.
    response = started.post(
        step_url(vif.PERSON), _person(answers, "Thmei", **{"person-village_choice": KAOH_THUM})
    )

    assert response.status_code == 400
    assert _kept()["person-village"] == "Thmei"


def test_no_village_says_how_to_write_it_and_keeps_the_text(started, answers, settings):
    settings.VSS_SECTION_PHONE = "023 214 291"

    response = started.post(step_url(vif.PERSON), _person(answers, "Kampong Nowhere"))

    page = _page(response)
    assert response.status_code == 400
    assert 'value="Kampong Nowhere"' in page
    assert "023 214 291" in page
    assert 'type="radio" name="person-village_choice"' not in page
    assert _kept()["person-village"] == "Kampong Nowhere"


def test_too_many_villages_ask_for_the_commune(started, answers):
    commune = CommuneFactory.create()
    for number in range(vif.VILLAGE_CHOICES_MAX + 1):
        VillageFactory.create(code=f"120101{50 + number}", name_en="Thmei", commune=commune)

    response = started.post(step_url(vif.PERSON), _person(answers, "Thmei"))

    page = _page(response)
    assert response.status_code == 400
    assert f"{vif.VILLAGE_CHOICES_MAX}" in page
    assert 'type="radio" name="person-village_choice"' not in page


@pytest.mark.parametrize("typed", ["12010103", "១២០១០១០៣", "12010103 — Kaoh Thum"])
def test_a_code_is_still_accepted(started, answers, typed):
    response = started.post(step_url(vif.PERSON), _person(answers, typed))

    assert response.status_code == 302
    assert _kept()["person-village"] == KAOH_THUM


def test_an_unknown_code_is_refused(started, answers):
    response = started.post(step_url(vif.PERSON), _person(answers, "99999999"))

    assert response.status_code == 400
    assert 'value="99999999"' in _page(response)


def test_going_back_shows_the_village_by_its_name(started, answers):
    started.post(step_url(vif.PERSON), _person(answers, "12010103"))

    page = _page(started.get(step_url(vif.PERSON)))

    assert 'value="កោះធំ, ទន្លេបាសាក់, ចំការមន, ភ្នំពេញ"' in page
    assert 'name="person-village" value="12010103"' not in page


def test_saving_the_shown_village_again_needs_no_search(started, answers, monkeypatch):
    started.post(
        step_url(vif.PERSON),
        _person(answers, "ថ្មី", **{"person-village_choice": TONLE_BASAK_THMEI}),
    )
    monkeypatch.setattr(
        apply, "VILLAGE_SEARCH_LIMIT", apply.Limit("apply-village", 0, apply.START_LIMIT.window)
    )

    # As the page shows it: the name in the box, the code hidden beside.
    response = started.post(
        step_url(vif.PERSON),
        _person(
            answers,
            "ថ្មី, ទន្លេបាសាក់, ចំការមន, ភ្នំពេញ",
            **{"person-village_choice": TONLE_BASAK_THMEI},
        ),
    )

    assert response.status_code == 302
    assert _kept()["person-village"] == TONLE_BASAK_THMEI


def test_names_looked_up_are_limited_per_connection(started, answers, monkeypatch):
    monkeypatch.setattr(
        apply, "VILLAGE_SEARCH_LIMIT", apply.Limit("apply-village", 2, apply.START_LIMIT.window)
    )
    statuses = [
        started.post(step_url(vif.PERSON), _person(answers, name)).status_code
        for name in ("Thmei", "ថ្មី", "Kaoh Thum")
    ]

    assert statuses == [400, 400, 400]
    assert _kept()["person-village"] == "Kaoh Thum"
    # A code is read whatever the count.
    response = started.post(step_url(vif.PERSON), _person(answers, KAOH_THUM))
    assert response.status_code == 302


def test_the_draft_keeps_the_code_and_the_form_is_sent(
    started, answers, django_capture_on_commit_callbacks
):
    started.post(
        step_url(vif.PERSON),
        _person(answers, "ថ្មី", **{"person-village_choice": BOENG_KENG_KANG_THMEI}),
    )
    for step in (vif.CASES, vif.EVENTS, vif.CONSENT):
        started.post(step_url(step), {**answers[step], "next": "1"})
    started.post(
        step_url(vif.SIGNATURE),
        {
            **answers[vif.SIGNATURE],
            "file": SimpleUploadedFile("thumb.png", PNG, content_type="image/png"),
            "next": "1",
        },
    )
    check = vif.vif_check(OnlineDraft.objects.get().answers)
    assert check.is_valid, check.errors
    assert check.applicant is not None
    assert check.applicant.village_id == BOENG_KENG_KANG_THMEI

    with django_capture_on_commit_callbacks(execute=True):
        response = started.post(step_url(vif.REVIEW), {"send": "1"})

    assert response["Location"] == reverse("portal:apply_receipt")
    assert Application.objects.get().applicant.village_id == BOENG_KENG_KANG_THMEI


def test_answers_with_a_name_are_judged_as_the_pages_judge_them(answers):
    answers[vif.PERSON] = {**answers[vif.PERSON], "person-village": "Kaoh Thum"}
    assert vif.vif_check(answers).applicant.village_id == KAOH_THUM  # type: ignore[union-attr]

    answers[vif.PERSON] = {**answers[vif.PERSON], "person-village": "Thmei"}
    assert list(vif.vif_check(answers).errors) == [vif.PERSON]


def test_the_help_no_longer_asks_for_a_code():
    assert "8-digit" not in str(vif.ApplicantForm().fields["village"].help_text)

"""An intake officer types a person already registered, under another spelling: the form
warns while she types, and she files the new form for the registered person."""

import os
from pathlib import Path

import pytest

from vss.accounts.models import Role
from vss.applications.models import Application, Harm, SupportingDocument, VictimInformationForm
from vss.matching.live import current_model
from vss.matching.tests.test_batch import _population
from vss.people.models import Person
from vss.testing.browser import (
    SAVED_APPLICATION,
    log_in,
    save_vif_as_civil_party,
    screenshot,
    signed_in_page,
)
from vss.testing.constants import PNG
from vss.testing.factories import CaseFactory, PersonFactory, VillageFactory
from vss.testing.personas import persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_officer_is_warned_while_typing_and_files_for_the_registered_person(page, tmp_path):
    case = CaseFactory(number="002/02", investigation_closed_on=None)
    # A registry large enough for the matcher to learn its parameters from, with records
    # filed twice under other spellings; then the woman the officer is about to meet.
    _population(300, 30)
    existing = PersonFactory(
        family_name_km="សុខ",
        given_name_km="ធារី",
        family_name_latin="SOK",
        given_name_latin="Theary",
        sex="female",
        birth_year=1952,
        village=VillageFactory(code="12010101"),
    )
    people = Person.objects.count()
    # Before any registry-wide run, the check learns its parameters once from the registry
    # as it stands: learn them now rather than in the middle of the officer's typing.
    assert current_model() is not None
    scan = tmp_path / "family-book.png"
    scan.write_bytes(PNG)
    log_in(page, persona(Role.INTAKE).username)

    page.goto("/applications/new/")
    assert page.locator("#linked-person").is_hidden()
    page.fill("input[name=applicant-family_name_latin]", "SOKH")
    page.fill("input[name=applicant-given_name_latin]", "Teary")
    page.select_option("select[name=applicant-sex]", "female")
    page.fill("input[name=applicant-birth_year]", "1952")
    page.fill("input[name=applicant-village]", "12010101")

    # The warning comes from the server as she types (HTMX), with the reasons. Wait for
    # the answer to the whole of what she typed: the earlier ones lack the village.
    match = (
        page.locator("#live-matches li")
        .filter(has=page.locator(f'[data-link-person="{existing.pk}"]'))
        .filter(has=page.locator('[data-reason="place:same village"]'))
    )
    match.wait_for()
    use = match.locator("[data-link-person]")
    text = match.inner_text()
    assert "SOK Theary" in text and "សុខ ធារី" in text
    assert "1952" in text
    assert match.locator('[data-reason="family_name:same"]').count() == 1
    assert match.locator('[data-reason="given_name:same"]').count() == 1
    # Answers to earlier keystrokes may still be arriving: wait for the last one.
    page.wait_for_function(
        "id => document.querySelector('#live-matches li [data-link-person]')?.dataset.linkPerson === id",
        arg=str(existing.pk),
    )
    # The bar shows the probability in Khmer too (where it is written 0,84).
    assert 0.2 <= match.locator("meter").evaluate("m => m.value") <= 1
    screenshots = Path(os.environ.get("VSS_SCREENSHOT_DIR", tmp_path))
    screenshots.mkdir(parents=True, exist_ok=True)
    screenshot(page.locator("fieldset.applicant"), screenshots / "live.png")

    use.click()
    page.locator("#linked-person").wait_for(state="visible")
    assert "SOK Theary" in page.locator("#linked-person-name").inner_text()
    assert page.locator("#link-person").input_value() == str(existing.pk)
    screenshot(page.locator("fieldset.applicant"), screenshots / "linked.png")

    save_vif_as_civil_party(page, case.pk, scan)

    assert Person.objects.count() == people
    form = VictimInformationForm.objects.get()
    assert form.applicant == existing
    assert Application.objects.get().applicant == existing
    assert SupportingDocument.objects.filter(form=form).count() == 1
    assert "SOK Theary" in page.content()


def test_a_form_saved_with_the_harm_and_document_rows_untouched_records_neither(page, live_server):
    case = CaseFactory(number="002/02", investigation_closed_on=None)
    signed_in_page(page, live_server.url, persona(Role.INTAKE))
    page.goto("/applications/new/")
    page.fill("input[name=applicant-family_name_latin]", "SOK")
    page.fill("input[name=applicant-given_name_latin]", "Theary")
    page.select_option("select[name=applicant-sex]", "female")
    page.select_option("select[name=filing-channel]", "in_person")
    page.select_option(f"select[name=cases-case_{case.pk}]", "civil_party")
    with page.expect_navigation():
        page.click("form.vif button[type=submit]")
    assert SAVED_APPLICATION.search(page.url), page.locator(
        ".errors, .error, .errorlist"
    ).all_inner_texts()
    assert not Harm.objects.exists()

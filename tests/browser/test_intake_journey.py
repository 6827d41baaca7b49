"""An intake officer, working in Khmer, enters a VIF and finds it again by a Latin spelling."""

import re

import pytest

from vss.accounts.models import Role
from vss.applications.models import Application, SupportingDocument
from vss.testing.browser import log_in, screenshot
from vss.testing.constants import PNG
from vss.testing.factories import CaseFactory, CrimeSiteFactory, CrimeTypeFactory, VillageFactory
from vss.testing.personas import persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_intake_officer_enters_a_vif_in_khmer_and_finds_it_by_latin_spelling(page, tmp_path):
    persona(Role.INTAKE)
    case = CaseFactory(number="002/02", investigation_closed_on=None)
    CrimeTypeFactory()
    CrimeSiteFactory()
    VillageFactory()
    scan = tmp_path / "family-book.png"
    scan.write_bytes(PNG)

    log_in(page, Role.INTAKE, language="km")

    page.goto("/applications/new/")
    page.fill("input[name=applicant-family_name_km]", "សុខ")
    page.fill("input[name=applicant-given_name_km]", "ធារី")
    page.fill("input[name=applicant-family_name_latin]", "SOK")
    page.fill("input[name=applicant-given_name_latin]", "Theary")
    page.select_option("select[name=applicant-sex]", "female")
    page.fill("input[name=applicant-birth_year]", "1952")
    page.fill("input[name=applicant-birth_year_margin]", "2")
    # The village autocomplete offers "code — name" as the officer types.
    page.locator("input[name=applicant-village]").press_sequentially("Phum", delay=30)
    # A locator, not wait_for_function with an expression: Playwright evaluates that in
    # the page with eval, which the Content-Security-Policy refuses.
    page.locator("#village-options option").first.wait_for(state="attached")
    offered = page.locator("#village-options option").first.get_attribute("value")
    assert offered.startswith("12010101")
    page.fill("input[name=applicant-village]", offered)
    page.select_option("select[name=filing-channel]", "in_person")
    page.select_option(f"select[name=cases-case_{case.pk}]", "civil_party")
    page.select_option("select[name=crimes-0-crime_type]", label="មនុស្សឃាត")
    page.fill("input[name=crimes-0-from_year]", "1975")
    page.fill("input[name=crimes-0-to_year]", "1979")
    page.select_option("select[name=documents-0-kind]", "family_book")
    page.set_input_files("input[name=documents-0-file]", str(scan))
    page.click("form.vif button[type=submit]")
    page.wait_for_url(re.compile(r"/applications/\d+/$"))

    application = Application.objects.get()
    assert application.applicant.family_name_km == "សុខ"
    assert SupportingDocument.objects.filter(form=application.form).count() == 1
    assert "សុខ ធារី" in page.content()

    page.goto("/applications/")
    page.fill("input[name=q]", "Sokh Teary")
    with page.expect_response(lambda r: "/applications/?" in r.url and r.status == 200):
        pass
    results = page.locator("#results")
    results.get_by_text("សុខ ធារី").wait_for()
    assert results.locator("tbody tr").count() == 1
    screenshot(page, tmp_path / "list-km.png", full_page=True)

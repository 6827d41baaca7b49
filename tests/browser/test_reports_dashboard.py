"""The Chief reads the Section's figures in Khmer: the charts and their tables, chosen
for a case, with nothing in English, nothing axe finds wrong, and on a phone nothing
wider than the screen; a count leads into the list of applications it counts."""

import pytest

from vss.accounts.models import Role
from vss.applications.models import Status
from vss.testing.browser import accessibility_violations, log_in
from vss.testing.english import english_words
from vss.testing.factories import ApplicationFactory, CaseFactory, PersonFactory, VifFactory
from vss.testing.personas import persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 800}
WIDE = {"width": 1366, "height": 800}
# The page's width against the screen's, once the page's script has boxed its tables.
LAYOUT = """() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(
  () => done([document.documentElement.scrollWidth, document.documentElement.clientWidth]))))"""


def test_the_chief_reads_the_figures_of_a_case_in_khmer(page):
    case = CaseFactory(number="002", title="Case 002")
    CaseFactory(number="004")
    for status, sex, year in [
        (Status.ADMITTED, "female", 1950),
        (Status.ADMITTED, "male", 1948),
        (Status.RECEIVED, "female", 1975),
    ]:
        ApplicationFactory(
            form=VifFactory(applicant=PersonFactory(sex=sex, birth_year=year)),
            case=case,
            status=status,
        )
    persona(Role.CHIEF)

    log_in(page, Role.CHIEF, language="km")
    page.goto("/reports/")
    page.click("a[href='/reports/figures/']")
    page.wait_for_url("**/reports/figures/")
    page.select_option("#id_case", str(case.pk))
    page.click("form.filters button[type=submit]")
    page.wait_for_url(f"**/reports/figures/?case={case.pk}**")

    sexes = page.locator("#figure-sex table tbody tr")
    assert sexes.all_inner_texts() == ["ស្រី\t2\t1", "ប្រុស\t1\t1"]
    # The chart says the same in Khmer, in SVG text, hidden from screen readers.
    chart = page.locator("#figure-sex svg")
    assert chart.get_attribute("aria-hidden") == "true"
    labels = chart.locator("text.chart-label")
    assert labels.all_text_contents() == ["ស្រី", "ប្រុស"]
    font = labels.first.evaluate("(text) => getComputedStyle(text).fontFamily")
    assert font.startswith('"Noto Sans Khmer"')
    assert page.locator("#figure-sex caption").inner_text() == "ពាក្យសុំតាមភេទ"

    for size in (WIDE, PHONE):
        page.set_viewport_size(size)
        width, screen = page.evaluate(LAYOUT)
        assert width <= screen, f"{width} px wide on a {screen} px screen"
        assert accessibility_violations(page) == []
    assert english_words(page.locator("main").inner_text()) == []

    page.set_viewport_size(WIDE)
    page.locator("#figure-case-status").get_by_role("link", name="2", exact=True).click()
    page.wait_for_url(f"**/applications/?case={case.pk}&status=admitted")
    assert page.locator(".result-count").inner_text().startswith("2 ")

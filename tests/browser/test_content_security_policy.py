"""The main pages work under the Content-Security-Policy: nothing on them, nor in what
HTMX fetches into them, is refused by the browser (the `page` fixture fails the test on
any violation it hears of)."""

import pytest

from vss.accounts.models import Role
from vss.testing.browser import log_in, log_out, screenshot
from vss.testing.factories import ApplicationFactory, CaseFactory, VillageFactory
from vss.testing.personas import persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_main_pages_break_no_rule_of_the_policy(page, csp_violations):
    case = CaseFactory(number="002/02", investigation_closed_on=None)
    VillageFactory(code="12010101")
    application = ApplicationFactory(case=case)

    # The sign-in page's language menu switches language by a static script.
    page.goto("/accounts/login/")
    with page.expect_navigation():
        page.select_option("#language-select", "en")
    assert page.locator("html").get_attribute("lang") == "en"

    log_in(page, persona(Role.CHIEF).username)
    for path in [
        "/",
        f"/applications/{application.pk}/",
        f"/people/{application.applicant_id}/",
        "/cases/",
    ]:
        response = page.goto(path)
        assert response is not None and response.ok, path
        assert "default-src 'self'" in response.headers["content-security-policy"]

    # The list filters itself as one types (HTMX swaps the results in).
    page.goto("/applications/")
    with page.expect_response(lambda answer: "/applications/?" in answer.url):
        page.fill("#id_q", "SOK")
    page.locator("#results").wait_for()
    log_out(page)

    # The VIF entry form asks the server for likely duplicates as the officer types.
    log_in(page, persona(Role.INTAKE).username)
    page.goto("/applications/new/")
    with page.expect_response(lambda answer: "/duplicates/live/" in answer.url):
        page.fill("input[name=applicant-family_name_latin]", "SOK")
        page.fill("input[name=applicant-given_name_latin]", "Theary")
    # A formset row added by the static script.
    rows = page.locator(".formset .formset-rows > *")
    before = rows.count()
    page.locator(".formset .add-row").first.click()
    assert rows.count() > before
    assert csp_violations == []


def test_a_refused_style_attribute_is_heard_with_its_element(page, csp_violations):
    log_in(page, persona(Role.CHIEF).username)
    page.goto("/applications/")
    page.evaluate("() => document.getElementById('id_q').setAttribute('style', 'color: red')")
    # The event is fired as a task of its own, and heard when the test next calls Playwright.
    heard: list[str] = []
    for _ in range(50):
        heard = [v for v in csp_violations if "style-src-attr" in v and "on <input#id_q>" in v]
        if heard:
            break
        page.wait_for_timeout(100)
    assert heard, csp_violations
    csp_violations.clear()


def test_a_screenshot_leaves_no_style_attribute_for_htmx_to_carry_over(page, tmp_path):
    """Playwright hides the caret by writing a style attribute into every field; HTMX's
    settling copies an old field's attributes onto its swapped-in twin, which the policy
    refuses. The suite's screenshots leave the caret alone."""
    log_in(page, persona(Role.CHIEF).username)
    page.goto("/applications/")
    styled = "() => document.querySelectorAll('input[style], textarea[style]').length"
    screenshot(page, tmp_path / "list.png", full_page=True)
    assert page.evaluate(styled) == 0
    page.screenshot(path=str(tmp_path / "hidden-caret.png"))
    assert page.evaluate(styled) > 0

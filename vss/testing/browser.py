"""Signing in and out of the browser journeys."""

import re
from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client

from vss.accounts.models import User

from .clients import authenticator, current_code, force_verified_login
from .constants import PASSWORD

LOGIN_PATH = "/accounts/login/"


def log_in(
    page: Any, username: str, *, language: str | None = None, password: str = PASSWORD
) -> None:
    """Sign in through the sign-in page, first choosing `language` in its menu when the
    page is not already in it; the journey then reads the pages in that language. The
    user has an authenticator app (made if need be), whose current code is typed on the
    second-factor page. The demo's users have the demo's password rather than the kit's."""
    device = authenticator(User.objects.get(username=username))
    page.goto(LOGIN_PATH)
    if language is not None and page.locator("html").get_attribute("lang") != language:
        # The menu sends its form from a script: wait for the page it brings, not for
        # the load state of the page that is still showing.
        with page.expect_navigation():
            page.select_option("#language-select", language)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form:not(.language) button[type=submit]")
    page.wait_for_url("**/accounts/second-factor/verify/**")
    page.fill("#second-factor-form input[name=code]", current_code(device))
    page.click("#second-factor-form button[type=submit]")
    page.wait_for_url("**/")
    if language is not None:
        assert page.locator("html").get_attribute("lang") == language


def log_out(page: Any) -> None:
    page.click("header form:not(.language) button[type=submit]")
    page.wait_for_url(f"**{LOGIN_PATH}**")


def signed_in_page(page: Any, base_url: str, user: User) -> None:
    """Signed in, second factor passed, without the sign-in pages, where the sign-in is not
    what is tested."""
    client = Client()
    force_verified_login(client, user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


_AXE = Axe()


def accessibility_violations(page: Any) -> list[str]:
    """What axe-core finds wrong with the page as it stands, one line per rule broken with
    its impact and the elements that break it. The script is evaluated by the browser's
    own protocol, so the page's Content-Security-Policy, which allows no inline script,
    does not refuse it; it is evaluated once per document (half a megabyte to parse), so
    a page checked again, at another width or after a fragment came in, costs one run."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_AXE.axe_script)
    violations = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']}).then((r) => r.violations)"
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']}: "
        + ", ".join(str(node["target"]) for node in violation["nodes"])
        for violation in violations
    ]


def screenshot(target: Any, path: Path, **options: Any) -> None:
    """A picture of the page or of one of its parts, with the text caret left as it is.
    Playwright hides the caret by writing a style attribute into every field; an HTMX
    answer arriving meanwhile carries those attributes over to the fields it swaps in,
    and the Content-Security-Policy rightly refuses them - a failure of the picture, not
    of the page."""
    target.screenshot(path=str(path), caret="initial", **options)


SAVED_APPLICATION = re.compile(r"/applications/\d+/$")


def save_vif_as_civil_party(page: Any, case_pk: int, scan: Path) -> None:
    """Finish the VIF on the page as an in-person Civil Party application to one case,
    with a family book scan, and save it: the applicant's page opens."""
    page.select_option("select[name=filing-channel]", "in_person")
    page.select_option(f"select[name=cases-case_{case_pk}]", "civil_party")
    page.select_option("select[name=documents-0-kind]", "family_book")
    page.set_input_files("input[name=documents-0-file]", str(scan))
    page.click("form.vif button[type=submit]")
    page.wait_for_url(SAVED_APPLICATION)

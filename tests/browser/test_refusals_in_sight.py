"""A refused status change on a long application page, in Khmer: the page comes back with
the refusal in the window and the focus on it, not at the top of the page with the
refusal far below; and axe finds nothing serious on the page, before and after."""

import pytest
from django.utils import translation

from vss.accounts.models import Role
from vss.applications.models import Status
from vss.testing.browser import accessibility_violations, log_in
from vss.testing.factories import ApplicationFactory, CaseFactory, VifFactory
from vss.testing.personas import persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WINDOW = {"width": 1366, "height": 768}
# An account of events as long as those intake types from the paper forms: it puts the
# status change form well below the first screen.
ACCOUNT = "\n".join(f"Line {n} of what the applicant told of the evacuation." for n in range(150))
REFUSAL = (
    "Received on %(received)s, after the deadline of %(deadline)s. Only a legal "
    "officer or the Chief of Section can accept a late application."
)


def _khmer_tail(message: str) -> str:
    """The Khmer of `message` after its last placeholder (the dates are formatted)."""
    with translation.override("km"):
        shown = translation.gettext(message)
    assert shown != message, f"no Khmer for {message!r}"
    return shown.rsplit(")s", 1)[1].strip("។ ")


def _serious(page) -> list[str]:
    return [v for v in accessibility_violations(page) if "(serious)" in v or "(critical)" in v]


def test_a_refused_status_change_is_in_the_window_and_focused(page):
    persona(Role.INTAKE)
    # Case 002/02's investigation closed in 2010: intake may not receive a form today (the
    # form is not yet dated, so receipt is offered: it might have come in on time).
    application = ApplicationFactory(
        case=CaseFactory(number="002/02"), form=VifFactory(account=ACCOUNT, received_on=None)
    )
    page.set_viewport_size(WINDOW)
    log_in(page, Role.INTAKE, language="km")

    page.goto(f"/applications/{application.pk}/")
    status_form = page.locator(f"form[action='/applications/{application.pk}/transition/']")
    box = status_form.bounding_box()
    assert box is not None and box["y"] > 2 * WINDOW["height"], "the page is not long enough"
    assert page.evaluate("window.scrollY") == 0
    assert not _serious(page)

    status_form.locator("select[name=to_status]").select_option(Status.RECEIVED.value)
    with page.expect_navigation():
        status_form.locator("button[type=submit]").click()

    assert page.locator("html").get_attribute("lang") == "km"
    refusal = status_form.locator(".errors[role=alert]")
    assert _khmer_tail(REFUSAL) in refusal.inner_text()
    page.wait_for_function("() => document.activeElement.matches('.errors[role=alert]')")
    assert refusal.evaluate("element => element === document.activeElement")
    shown = refusal.bounding_box()
    assert shown is not None
    assert shown["y"] >= 0 and shown["y"] + shown["height"] <= WINDOW["height"]
    assert not _serious(page)
    application.refresh_from_db()
    assert application.status == Status.DRAFT

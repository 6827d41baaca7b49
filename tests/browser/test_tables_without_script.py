"""Where no script runs (an old phone, a browser set so), a wide table still scrolls in
its own box on a 360 px phone and the page does not scroll sideways; with the script, its
boxes do that and the style for pages without it steps aside."""

import pytest

from vss.accounts.models import Role
from vss.audit.models import AuditAction
from vss.audit.services import audit_record
from vss.testing.browser import log_in
from vss.testing.personas import persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
WIDE = "() => document.documentElement.scrollWidth"


def _log_with_long_entries() -> None:
    intake = persona(Role.INTAKE)
    for n in range(5):
        audit_record(
            actor=intake,
            action=AuditAction.CREATE,
            object_type="applications.supportingdocument",
            object_id=str(n + 1),
            changes={"original_name": {"old": None, "new": f"family-book-{n}.pdf"}},
        )


def test_a_wide_table_scrolls_in_its_own_box_without_script(page, browser, live_server):
    _log_with_long_entries()
    persona(Role.AUDITOR)
    page.set_viewport_size(PHONE)
    log_in(page, Role.AUDITOR, language="km")
    page.goto("/audit/")
    assert page.locator("html.scripted .table-scroll table.results").count() == 1
    assert page.evaluate(WIDE) <= PHONE["width"]

    # The same person, signed in, with scripts off.
    plain = browser.new_context(
        base_url=live_server.url,
        storage_state=page.context.storage_state(),
        java_script_enabled=False,
        viewport=PHONE,
    )
    try:
        bare = plain.new_page()
        bare.goto("/audit/")
        assert bare.locator("html").get_attribute("class") in (None, "")
        assert bare.locator(".table-scroll").count() == 0
        table = bare.locator("table.results")
        assert table.locator("tbody tr").count() >= 5
        # The table is wider than the phone, and scrolls inside itself, not the page.
        assert table.evaluate("t => t.scrollWidth") > PHONE["width"]
        assert bare.evaluate(WIDE) <= PHONE["width"]
    finally:
        plain.close()

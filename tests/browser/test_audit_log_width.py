"""The audit log fits a window of 1,366 px: the long unbroken values an entry may hold (a
file's fingerprint and name, a request id, a filter as typed) wrap inside their cells
instead of widening the table past the page."""

import hashlib

import pytest

from vss.accounts.models import Role
from vss.audit.models import AuditAction
from vss.audit.services import audit_record
from vss.testing.browser import log_in
from vss.testing.personas import persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILE_NAME = (
    "scan_of_the_family_book_and_the_identity_card_received_by_post_from_the_intermediary.pdf"
)


def test_the_audit_log_is_no_wider_than_the_window(page):
    intake = persona(Role.INTAKE)
    persona(Role.AUDITOR)
    for n in range(3):
        audit_record(
            actor=intake,
            action=AuditAction.CREATE,
            object_type="applications.supportingdocument",
            object_id=str(n + 1),
            label=FILE_NAME,
            changes={
                "original_name": {"old": None, "new": FILE_NAME},
                "sha256": {"old": None, "new": hashlib.sha256(FILE_NAME.encode()).hexdigest()},
                "filters": {"old": None, "new": "q=" + "SOKHCHEA" * 12},
            },
        )
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, Role.AUDITOR, language="km")

    page.goto("/audit/")

    assert page.locator("table.results tbody tr").count() >= 3
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1366
    table = page.locator("table.results").bounding_box()
    assert table is not None and table["x"] + table["width"] <= 1366

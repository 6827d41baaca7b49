"""An outreach officer checks people in on a tablet whose connection drops: the page keeps
the participants' list and the check-ins on the tablet, opens again offline, and once the
connection is back sends each check-in, which the server records exactly once."""

import pytest

from vss.accounts.models import Role
from vss.audit.models import AuditAction, AuditEntry
from vss.outreach.models import Invitation
from vss.outreach.tests.day_world import day_world
from vss.testing.browser import accessibility_violations, signed_in_page
from vss.testing.personas import persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _count(page, name: str) -> str:
    return page.locator(f"#check-in-{name}").inner_text()


def _wait_for_count(page, name: str, value: str, timeout: int = 15_000) -> None:
    """A tick is kept in IndexedDB before the counts are drawn again: wait for them."""
    page.wait_for_function(
        "([name, value]) => document.getElementById(`check-in-${name}`).textContent === value",
        arg=[name, value],
        timeout=timeout,
    )


def _present_box(page, invitation: Invitation):
    return page.locator(f'tr[data-invitation="{invitation.pk}"] td:nth-child(3) input')


def test_check_ins_made_offline_are_recorded_once_when_the_connection_is_back(page, live_server):
    officer = persona(Role.OUTREACH)
    world = day_world(people=3)
    signed_in_page(page, live_server.url, officer)
    page.goto(f"/outreach/events/{world.event.pk}/check-in/")
    assert page.locator("html").get_attribute("lang") == "km"
    page.locator("#check-in-people tr").nth(3).wait_for()
    page.locator("#check-in-kept").wait_for()
    assert accessibility_violations(page) == []

    page.context.set_offline(True)
    chosen = world.invitations[:3]
    for invitation in chosen:
        _present_box(page, invitation).check()
    _wait_for_count(page, "waiting", "3")

    page.reload()
    page.locator("#check-in-people tr").nth(3).wait_for()
    _wait_for_count(page, "waiting", "3")
    assert all(_present_box(page, invitation).is_checked() for invitation in chosen)
    assert not _present_box(page, world.invitations[3]).is_checked()
    assert not Invitation.objects.filter(attended_at__isnull=False).exists()

    page.context.set_offline(False)
    _wait_for_count(page, "arrived", "3", timeout=30_000)
    assert _count(page, "waiting") == "0"
    came = Invitation.objects.filter(attended_at__isnull=False)
    assert set(came.values_list("pk", flat=True)) == {i.pk for i in chosen}
    assert len(set(came.values_list("check_in_key", flat=True))) == 3
    assert set(came.values_list("checked_in_by", flat=True)) == {officer.pk}
    entries = AuditEntry.objects.filter(
        action=AuditAction.UPDATE, object_type="outreach.invitation"
    )
    assert entries.count() == 3

    # Sent again (a retry the tablet makes on its own): nothing more is recorded.
    page.click("#check-in-send")
    page.reload()
    page.locator("#check-in-people tr").nth(3).wait_for()
    assert entries.count() == 3
    assert accessibility_violations(page) == []

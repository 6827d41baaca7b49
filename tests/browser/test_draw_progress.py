"""An outreach officer, reading Khmer, opens the page of a draw still waiting for the
worker: it shows a progress bar and a refresh link, asks again by itself (the bar swapped
in place, the page not reloaded) and, once the worker has made the draw, explains it;
both states pass axe."""

import re

import pytest

from vss.accounts.models import Role
from vss.outreach.models import Draw, DrawStatus
from vss.outreach.services.choosing import draw_run
from vss.outreach.tests.choosing_world import SIX_PROVINCES, civil_party, event_of
from vss.testing.browser import accessibility_violations, log_in
from vss.testing.factories import CaseFactory
from vss.testing.personas import persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_draw_s_page_follows_the_worker_until_the_draw_is_done(page):
    officer = persona(Role.OUTREACH)
    case = CaseFactory.create()
    for province in SIX_PROVINCES:
        civil_party(case, province=province)
    event = event_of(case, capacity=10)
    # As the draw stands once asked for and before the worker takes it.
    made = Draw.objects.create(
        event=event,
        seed=2026,
        size=3,
        waiting=1,
        quotas=[{"dimension": "province", "value": "04", "minimum": 1}],
        status=DrawStatus.QUEUED,
        progress=0.0,
        is_current=False,
        made_by=officer,
    )

    log_in(page, Role.OUTREACH, language="km")
    url = f"/outreach/draws/{made.pk}/"
    page.goto(url)
    assert page.locator("#draw-progress progress").is_visible()
    assert page.locator(f"#draw-progress a[href='{url}']").is_visible()
    assert accessibility_violations(page) == []
    page.evaluate("window.notReloaded = true")

    draw_run(made.pk)
    page.wait_for_selector("#draw-progress[data-status=done]")
    assert page.evaluate("window.notReloaded") is True
    assert re.search(rf"{url}$", page.url)
    assert page.locator("#draw-progress progress").count() == 0
    assert "ខេត្ត" in page.locator(".draw-explanation").inner_text()
    assert accessibility_violations(page) == []

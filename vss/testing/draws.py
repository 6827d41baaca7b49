"""A draw of an event's participants asked for and made at once: the test runs the
draw's background task where the worker would (tests use the immediate backend, which
runs a task when the asking transaction commits)."""

from typing import Any

from django.test import TestCase

from vss.outreach.models import Draw
from vss.outreach.selectors.choosing import PoolFilters
from vss.outreach.services.choosing import draw_make


def drawn(**asked: Any) -> Draw:
    """`draw_make(**asked)` (no filters unless given), the draw made: done or failed."""
    asked.setdefault("filters", PoolFilters())
    with TestCase.captureOnCommitCallbacks(execute=True):
        made = draw_make(**asked)
    made.refresh_from_db()
    return made

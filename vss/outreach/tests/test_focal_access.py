"""The access matrix of the focal persons' pages: the Section's staff read them, the
outreach officers and the Chief appoint, hand over and record; a partner, though it
reads the events it co-organises, is refused them all (403), as is every role without
the right. Records out of scope: vss.testing.outsiders."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from vss.testing.access import AccessMatrix, Attempt, answers
from vss.testing.clients import signed_in
from vss.testing.constants import PDF
from vss.testing.personas import PERSONAS, STAFF

from .focal_world import FocalWorld, focal_world

pytestmark = pytest.mark.django_db

READERS = set(STAFF)
MANAGERS = {"chief", "outreach"}


def _statuses(allowed: set[str], status: int = 200) -> dict[str, int]:
    return {name: status if name in allowed else 403 for name in PERSONAS}


@pytest.fixture
def world(outreach) -> FocalWorld:
    return focal_world(outreach)


URLS = {
    "outreach:focal_list": lambda w: reverse("outreach:focal_list"),
    "outreach:focal_overdue": lambda w: reverse("outreach:focal_overdue"),
    "outreach:focal_appoint": lambda w: reverse("outreach:focal_appoint"),
    "outreach:focal_candidates": lambda w: reverse("outreach:focal_candidates") + "?query=SOK",
    "outreach:focal_detail": lambda w: reverse("outreach:focal_detail", args=[w.focal.pk]),
    "outreach:focal_archive": lambda w: reverse("outreach:focal_archive", args=[w.focal.pk]),
    "outreach:focal_handover_add": lambda w: reverse(
        "outreach:focal_handover_add", args=[w.focal.pk]
    ),
    "outreach:focal_handover_return": lambda w: reverse(
        "outreach:focal_handover_return", args=[w.awaited.pk]
    ),
    "outreach:focal_handover_archive": lambda w: reverse(
        "outreach:focal_handover_archive", args=[w.awaited.pk]
    ),
    "outreach:focal_receipt_download": lambda w: reverse(
        "outreach:focal_receipt_download", args=[w.scan.pk]
    ),
}

GET_MATRIX = AccessMatrix(
    {
        "outreach:focal_list": _statuses(READERS),
        "outreach:focal_overdue": _statuses(READERS),
        "outreach:focal_detail": _statuses(READERS),
        "outreach:focal_receipt_download": _statuses(READERS),
        "outreach:focal_appoint": _statuses(MANAGERS),
        "outreach:focal_candidates": _statuses(MANAGERS),
        "outreach:focal_archive": _statuses(MANAGERS),
        "outreach:focal_handover_add": _statuses(MANAGERS),
        "outreach:focal_handover_return": _statuses(MANAGERS),
        "outreach:focal_handover_archive": _statuses(MANAGERS),
    }
)

# A handover posted by each persona: the managers' are recorded, everyone else's refused.
POST_MATRIX = AccessMatrix({"outreach:focal_handover_add (posted)": _statuses(MANAGERS, 302)})


def test_each_page_answers_each_persona_as_the_policy_says(request, world):
    assert answers(request, GET_MATRIX, lambda row: URLS[row](world)) == GET_MATRIX


def _handover(attempt: Attempt) -> dict[str, object]:
    return {
        "materials": "Leaflets",
        "copies": "10",
        "handed_on": "2026-01-10",
        "receipt_due_on": "2026-02-10",
    }


def test_a_handover_is_recorded_by_the_managers_alone(request, world):
    met = answers(
        request,
        POST_MATRIX,
        lambda row: URLS["outreach:focal_handover_add"](world),
        method="post",
        data=_handover,
    )
    assert met == POST_MATRIX
    assert world.focal.handovers.filter(materials="Leaflets").count() == len(MANAGERS)


def test_a_return_is_refused_to_those_who_may_only_read(request, world):
    def scan(attempt: Attempt) -> dict[str, object]:
        return {
            "returned_on": timezone.localdate().isoformat(),
            "receipts_signed": "9",
            "version": "0",
            "file": SimpleUploadedFile("list.pdf", PDF),
        }

    row = "outreach:focal_handover_return"
    matrix = AccessMatrix({row: {n: s for n, s in _statuses(MANAGERS).items() if n != "chief"}})
    matrix[row]["outreach"] = 302
    met = answers(request, matrix, lambda r: URLS[row](world), method="post", data=scan)
    assert met == matrix
    world.awaited.refresh_from_db()
    assert world.awaited.receipts_signed == 9


@pytest.mark.parametrize("name", sorted(URLS))
def test_every_page_answers_a_get(request, world, name):
    """Every page here shows something or a form: none is POST-only."""
    assert signed_in(request, "chief").get(URLS[name](world)).status_code == 200

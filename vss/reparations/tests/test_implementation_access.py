"""The access matrix of the pages of a project at work: the officer and the Chief run it,
its partner reports on it, its donor and the Lead Co-Lawyers of its case read its reports
and photos; another partner's or donor's project is not found (404), a role without the
right is refused (403)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vss.testing.access import AccessMatrix, Attempt, answers
from vss.testing.clients import signed_in
from vss.testing.constants import PNG
from vss.testing.personas import PERSONAS, STAFF

from .implementation_world import World, world

pytestmark = pytest.mark.django_db

EVERYONE = [*PERSONAS, "other_partner", "other_donor"]
MANAGERS = {"chief", "reparations"}
REPORTERS = MANAGERS | {"partner"}
# Whoever reads the project: the Section's staff, the Lead Co-Lawyer of its case, its
# partner and its donor.
READERS = set(STAFF) | {"lead_co_lawyer", "partner", "donor"}
# Those who read projects, but not this one.
OTHERS_IN_SCOPE = {"lawyer": 404, "other_partner": 404, "other_donor": 404}


def _statuses(allowed: set[str], status: int = 200, **exceptions: int) -> dict[str, int]:
    return {name: status if name in allowed else 403 for name in EVERYONE} | exceptions


@pytest.fixture
def work(partner, other_partner, donor, other_donor) -> World:
    return world(partner=partner, other_partner=other_partner, donor=donor, other_donor=other_donor)


URLS = {
    "reparations:milestone_add": lambda w: reverse(
        "reparations:milestone_add", args=[w.project.pk]
    ),
    "reparations:milestone_done": lambda w: reverse(
        "reparations:milestone_done", args=[w.milestone.pk]
    ),
    "reparations:milestone_archive": lambda w: reverse(
        "reparations:milestone_archive", args=[w.milestone.pk]
    ),
    "reparations:report_create": lambda w: reverse(
        "reparations:report_create", args=[w.project.pk]
    ),
    "reparations:report_detail": lambda w: reverse("reparations:report_detail", args=[w.report.pk]),
    "reparations:attachment_download": lambda w: reverse(
        "reparations:attachment_download", args=[w.photo.pk]
    ),
    "reparations:attachment_thumbnail": lambda w: reverse(
        "reparations:attachment_thumbnail", args=[w.photo.pk]
    ),
    "reparations:participation_add": lambda w: reverse(
        "reparations:participation_add", args=[w.project.pk]
    ),
    "reparations:participation_archive": lambda w: reverse(
        "reparations:participation_archive", args=[w.participation.pk]
    ),
    "reparations:evaluation_record": lambda w: reverse(
        "reparations:evaluation_record", args=[w.project.pk]
    ),
    "reparations:attachment_add": lambda w: reverse(
        "reparations:attachment_add", args=[w.report.pk]
    ),
    "reparations:attachment_archive": lambda w: reverse(
        "reparations:attachment_archive", args=[w.photo.pk]
    ),
}

GET_MATRIX = AccessMatrix(
    {
        "reparations:milestone_add": _statuses(MANAGERS),
        "reparations:milestone_done": _statuses(MANAGERS),
        "reparations:milestone_archive": _statuses(MANAGERS),
        # Another partner's project is not found; a role that reports on none is refused.
        "reparations:report_create": _statuses(REPORTERS, other_partner=404),
        "reparations:report_detail": _statuses(READERS, **OTHERS_IN_SCOPE),
        "reparations:attachment_download": _statuses(READERS, **OTHERS_IN_SCOPE),
        "reparations:attachment_thumbnail": _statuses(READERS, **OTHERS_IN_SCOPE),
        "reparations:attachment_archive": _statuses(REPORTERS, other_partner=404),
        "reparations:participation_add": _statuses(MANAGERS),
        "reparations:participation_archive": _statuses(MANAGERS),
        "reparations:evaluation_record": _statuses(MANAGERS),
    }
)

POST_MATRIX = AccessMatrix(
    {
        "reparations:attachment_add": _statuses(REPORTERS, 302, other_partner=404),
    }
)


def test_each_page_answers_each_persona_as_the_policy_says(request, work):
    assert answers(request, GET_MATRIX, lambda row: URLS[row](work)) == GET_MATRIX


def _photo(attempt: Attempt) -> dict[str, object]:
    return {"file": SimpleUploadedFile("photo.png", PNG), "caption": "A visit"}


def test_each_post_answers_each_persona_as_the_policy_says(request, work):
    met = answers(request, POST_MATRIX, lambda row: URLS[row](work), method="post", data=_photo)
    assert met == POST_MATRIX
    assert work.report.attachments.count() == 1 + len(REPORTERS)


@pytest.mark.parametrize("name", sorted(URLS))
def test_get_on_a_post_only_url_is_refused(request, work, name):
    """The GET/POST pages show their form; the one POST-only URL refuses GET."""
    expected = 405 if name == "reparations:attachment_add" else 200
    assert signed_in(request, "chief").get(URLS[name](work)).status_code == expected

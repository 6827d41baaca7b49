"""The access matrix of every consultation page: who reads proposals (the Section's staff
who work with Civil Parties), who records and sorts them, who reads the tallies (a Lead
Co-Lawyer too, for the cases they lead); methods and CSRF are checked over every URL by
vss/testing/tests/test_every_url.py."""

import pytest
from django.urls import reverse

from vss.reparations.models import Category, Proposal, ProposalImport
from vss.testing.access import AccessMatrix, Attempt, answers
from vss.testing.factories import (
    CaseFactory,
    ProjectFactory,
    ProposalFactory,
    ProposalThemeFactory,
)
from vss.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

READERS = {"chief", "legal", "reparations", "outreach"}
RECORDERS = {"chief", "reparations", "outreach"}
TALLY_READERS = {"chief", "intake", "legal", "reparations", "outreach", "lawyer", "lead_co_lawyer"}


def _statuses(allowed: set[str], status: int = 200, **exceptions: int) -> dict[str, int]:
    return {name: status if name in allowed else 403 for name in PERSONAS} | exceptions


@pytest.fixture
def world(reparations):
    case = CaseFactory.create()
    theme = ProposalThemeFactory.create(case=case)
    proposal = ProposalFactory.create(case=case, theme=theme)
    job = ProposalImport.objects.create(case=case, requested_by=reparations, status="done")
    project = ProjectFactory.create(cases=[case])
    return {"proposal": proposal, "theme": theme, "job": job, "project": project}


GET_URLS = {
    "reparations:proposal_list": lambda w: reverse("reparations:proposal_list"),
    "reparations:proposal_create": lambda w: reverse("reparations:proposal_create"),
    "reparations:proposal_detail": lambda w: reverse(
        "reparations:proposal_detail", args=[w["proposal"].pk]
    ),
    "reparations:tag_list": lambda w: reverse("reparations:tag_list"),
    "reparations:theme_list": lambda w: reverse("reparations:theme_list"),
    "reparations:theme_detail": lambda w: reverse("reparations:theme_detail", args=[w["theme"].pk]),
    "reparations:import_start": lambda w: reverse("reparations:import_start"),
    "reparations:import_detail": lambda w: reverse("reparations:import_detail", args=[w["job"].pk]),
    "reparations:tally": lambda w: reverse("reparations:tally"),
}
GET_MATRIX = AccessMatrix(
    {
        "reparations:proposal_list": _statuses(READERS),
        "reparations:proposal_create": _statuses(RECORDERS),
        "reparations:proposal_detail": _statuses(READERS),
        "reparations:tag_list": _statuses(READERS),
        "reparations:theme_list": _statuses(READERS),
        "reparations:theme_detail": _statuses(READERS),
        "reparations:import_start": _statuses(RECORDERS),
        "reparations:import_detail": _statuses(RECORDERS),
        "reparations:tally": _statuses(TALLY_READERS),
    }
)


def test_each_page_answers_each_persona_as_the_policy_says(request, world):
    assert answers(request, GET_MATRIX, lambda row: GET_URLS[row](world)) == GET_MATRIX


POST_URLS = {
    "reparations:proposal_bulk": lambda w: reverse("reparations:proposal_bulk"),
    "reparations:proposal_correct": lambda w: reverse(
        "reparations:proposal_correct", args=[w["proposal"].pk]
    ),
    "reparations:proposal_archive": lambda w: reverse(
        "reparations:proposal_archive", args=[w["proposal"].pk]
    ),
    "reparations:theme_link_project": lambda w: reverse(
        "reparations:theme_link_project", args=[w["theme"].pk]
    ),
}
POST_MATRIX = AccessMatrix({name: _statuses(RECORDERS, 302) for name in POST_URLS})


def test_each_action_answers_each_persona_as_the_policy_says(request, world):
    proposal = world["proposal"]

    def body(attempt: Attempt) -> dict[str, object]:
        bodies: dict[str, dict[str, object]] = {
            "reparations:proposal_bulk": {
                "action": "category",
                "category": Category.EDUCATION,
                "proposal": [proposal.pk],
            },
            "reparations:proposal_correct": {
                "language": "km",
                "category": Category.EDUCATION,
                "version": Proposal.objects.get(pk=proposal.pk).version,
            },
            "reparations:proposal_archive": {"reason": "Recorded twice", "version": 0},
            "reparations:theme_link_project": {"project": world["project"].pk},
        }
        return bodies[attempt.row]

    def put_back() -> None:
        Proposal.objects.filter(pk=proposal.pk).update(
            archived_at=None, archived_by=None, archive_reason="", version=0
        )

    met = answers(
        request,
        POST_MATRIX,
        lambda row: POST_URLS[row](world),
        method="post",
        data=body,
        before_each=put_back,
    )
    assert met == POST_MATRIX

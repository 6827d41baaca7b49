"""A project's page lists the newest proposals it answers, read in that order from the
links, which keep their proposal's moment of recording by the database's triggers
(migration 0009): every kind of write leaves the copy equal to the proposal's moment."""

import datetime

import pytest
from django.db import connection
from django.db.models import F
from django.utils import timezone

from vss.reparations.models import Proposal, ProposalAnswer
from vss.reparations.selectors.consultation import project_proposals
from vss.testing.database import trigger_names
from vss.testing.factories import ProjectFactory, ProposalFactory

from .consultation_links import answer

pytestmark = pytest.mark.django_db

TRIGGERS = {
    "postgresql": {"reparations_answer_recorded_at", "reparations_proposal_recorded_at"},
    "sqlite": {
        "reparations_answer_recorded_at_insert",
        "reparations_answer_recorded_at_update",
        "reparations_proposal_recorded_at",
    },
}


NOW = timezone.now()


def _recorded(proposal: Proposal, days_ago: int) -> Proposal:
    moment = NOW - datetime.timedelta(days=days_ago)
    Proposal.objects.filter(pk=proposal.pk).update(recorded_at=moment)
    proposal.recorded_at = moment
    return proposal


def _out_of_step() -> list[int]:
    """The recount: every link whose copy is not its proposal's moment."""
    return list(
        ProposalAnswer.objects.exclude(proposal_recorded_at=F("proposal__recorded_at")).values_list(
            "pk", flat=True
        )
    )


def test_the_triggers_are_there_after_every_migration() -> None:
    # SQLite drops a table's triggers when a migration rebuilds the table: a migration
    # that does must create them again.
    assert trigger_names() >= TRIGGERS[connection.vendor]


def test_every_kind_of_write_keeps_the_proposals_moment(reparations) -> None:
    project, other = ProjectFactory.create(), ProjectFactory.create()
    linked = _recorded(ProposalFactory.create(), 30)
    linked.answered_by.add(project)
    ProposalAnswer.objects.bulk_create(
        [ProposalAnswer(proposal=_recorded(ProposalFactory.create(), 5), project=project)]
    )
    # A link saved whole from a stale copy takes the proposal's moment again.
    link = ProposalAnswer.objects.get(proposal=linked, project=project)
    link.proposal_recorded_at = timezone.now()
    link.save()
    # A link moved to another proposal, and a proposal's moment corrected.
    moved = ProposalAnswer.objects.create(proposal=ProposalFactory.create(), project=other)
    ProposalAnswer.objects.filter(pk=moved.pk).update(
        proposal=_recorded(ProposalFactory.create(), 9)
    )
    _recorded(linked, 400)
    assert ProposalAnswer.objects.count() == 3
    assert _out_of_step() == []


def test_the_project_page_lists_the_newest_it_answers_first(reparations) -> None:
    project = ProjectFactory.create()
    ages = [300, 2, 40, 2, 7000]
    proposals = [answer(_recorded(ProposalFactory.create(), days), project) for days in ages]
    archived = answer(_recorded(ProposalFactory.create(), 1), project)
    Proposal.objects.filter(pk=archived.pk).update(
        archived_at=timezone.now(), archive_reason="Recorded twice"
    )
    answer(_recorded(ProposalFactory.create(), 0), ProjectFactory.create())  # another's
    listed = project_proposals(reparations, project).proposals
    # Newest first; of two recorded at the same moment, the one recorded later in VSS.
    by_age = sorted(proposals, key=lambda p: (p.recorded_at, p.pk), reverse=True)
    assert listed == by_age

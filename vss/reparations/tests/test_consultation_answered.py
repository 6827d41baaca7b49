"""The proposal's kept `answered` flag: set by a link to a project, cleared when the last
live project answering it is abandoned, and after any run of such writes equal to a
recount from the links."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vss.reparations.models import ProjectStatus, Proposal
from vss.reparations.services import consultation as services
from vss.reparations.services.lifecycle import project_transition
from vss.testing.factories import CaseFactory, ProjectFactory, ProposalFactory, ProposalThemeFactory

from .consultation_links import answer

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def _answered(*proposals: Proposal) -> list[bool]:
    return [Proposal.objects.get(pk=p.pk).answered for p in proposals]


def _move(user, project, to_status, reason=""):
    project.refresh_from_db()
    project_transition(
        user=user,
        project=project,
        to_status=to_status,
        version=project.version,
        happened_on=TODAY,
        reason=reason,
    )


def _abandon(user, project):
    _move(user, project, ProjectStatus.ABANDONED, reason="No partner could carry it out")


def _agrees_with_a_recount():
    assert list(services.proposal_answered_recount()) == []
    assert services.proposal_tally_recount() == []


def test_linking_proposals_answers_them(reparations):
    case = CaseFactory.create()
    linked, left = ProposalFactory.create_batch(2, case=case)
    project = ProjectFactory.create(cases=[case])
    services.proposals_link_project(
        user=reparations, proposals=Proposal.objects.filter(pk=linked.pk), project=project
    )
    assert _answered(linked, left) == [True, False]
    _agrees_with_a_recount()


def test_linking_a_theme_answers_its_proposals(reparations):
    case = CaseFactory.create()
    theme = ProposalThemeFactory.create(case=case)
    grouped = ProposalFactory.create_batch(2, case=case, theme=theme)
    alone = ProposalFactory.create(case=case)
    services.theme_link_project(
        user=reparations, theme=theme, project=ProjectFactory.create(cases=[case])
    )
    assert _answered(*grouped, alone) == [True, True, False]
    _agrees_with_a_recount()


def test_abandoning_a_project_unanswers_only_what_no_other_live_project_answers(reparations):
    case = CaseFactory.create()
    abandoned, going_on = ProjectFactory.create_batch(2, cases=[case])
    only_there, also_elsewhere, elsewhere = ProposalFactory.create_batch(3, case=case)
    answer(only_there, abandoned)
    answer(also_elsewhere, abandoned, going_on)
    answer(elsewhere, going_on)
    _abandon(reparations, abandoned)
    assert _answered(only_there, also_elsewhere, elsewhere) == [False, True, True]
    _agrees_with_a_recount()


def test_other_moves_leave_the_flags_alone(reparations):
    case = CaseFactory.create()
    project = ProjectFactory.create(cases=[case], status=ProjectStatus.IDEA)
    proposal = answer(ProposalFactory.create(case=case), project)
    with CaptureQueriesContext(connection) as moved:
        _move(reparations, project, ProjectStatus.DESIGNED)
    assert not [q for q in moved.captured_queries if "answered" in q["sql"]]
    assert _answered(proposal) == [True]


def test_the_recount_names_a_flag_the_links_contradict(reparations):
    case = CaseFactory.create()
    project = ProjectFactory.create(cases=[case])
    written_past_the_services = ProposalFactory.create(case=case)
    written_past_the_services.answered_by.add(project)
    assert list(services.proposal_answered_recount()) == [written_past_the_services]
    assert services.answered_flags_refresh(Proposal.objects.all()) == 1
    _agrees_with_a_recount()


def test_the_migration_and_the_demo_set_the_flag_from_links_written_in_bulk(reparations):
    case = CaseFactory.create()
    live, dropped = ProjectFactory.create_batch(2, cases=[case])
    answered, unanswered = ProposalFactory.create_batch(2, case=case)
    Through = Proposal.answered_by.through
    Through.objects.bulk_create(
        [
            Through(proposal_id=answered.pk, project_id=live.pk),
            Through(proposal_id=unanswered.pk, project_id=dropped.pk),
        ]
    )
    dropped.status = ProjectStatus.ABANDONED
    dropped.save(update_fields=["status"])
    services.answered_flags_refresh(Proposal.objects.filter(case=case))
    assert _answered(answered, unanswered) == [True, False]


# A step: link proposals (a bit mask over them) to a project, link a theme of some of them,
# or abandon a project; the projects and proposals are few so that steps meet.
PROJECTS, PROPOSALS = 3, 5
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("link"), st.integers(0, PROJECTS - 1), st.integers(1, 2**PROPOSALS - 1)),
        st.tuples(st.just("theme"), st.integers(0, PROJECTS - 1), st.just(0)),
        st.tuples(st.just("abandon"), st.integers(0, PROJECTS - 1), st.just(0)),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(steps=STEPS)
def test_the_kept_flag_always_equals_a_recount(reparations, steps):
    case = CaseFactory.create()
    theme = ProposalThemeFactory.create(case=case)
    projects = ProjectFactory.create_batch(PROJECTS, cases=[case])
    proposals = [
        ProposalFactory.create(case=case, theme=theme if k % 2 else None) for k in range(PROPOSALS)
    ]
    for kind, which, mask in steps:
        project = projects[which]
        project.refresh_from_db()
        if project.status == ProjectStatus.ABANDONED:
            continue  # it answers nothing more, and cannot be abandoned twice
        if kind == "link":
            ticked = [p.pk for k, p in enumerate(proposals) if mask >> k & 1]
            services.proposals_link_project(
                user=reparations, proposals=Proposal.objects.filter(pk__in=ticked), project=project
            )
        elif kind == "theme":
            services.theme_link_project(user=reparations, theme=theme, project=project)
        else:
            _abandon(reparations, project)
        _agrees_with_a_recount()

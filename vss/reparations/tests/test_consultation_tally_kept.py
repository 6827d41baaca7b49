"""The tally's kept rows: after every kind of write to the proposals they equal a recount,
a group left empty loses its row, and the recount names a row written past the services."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from vss.applications.models import Status
from vss.reparations.models import Category, ProjectStatus, Proposal, ProposalTally
from vss.reparations.services import consultation as services
from vss.reparations.services.consultation import ProposalData, tally_group
from vss.reparations.services.lifecycle import project_transition
from vss.testing.factories import (
    ApplicationFactory,
    CaseFactory,
    ProjectFactory,
    ProposalFactory,
    ProposalThemeFactory,
    ProvinceFactory,
)

pytestmark = pytest.mark.django_db

R, E = Category.REMEMBRANCE, Category.EDUCATION


def _agrees_with_a_recount():
    assert services.proposal_tally_recount() == []


def _kept(proposal: Proposal) -> tuple[int, int, int, int] | None:
    row = ProposalTally.objects.filter(
        case_id=proposal.case_id, category=proposal.category, province_id=proposal.province_id
    ).first()
    if row is None:
        return None
    return (row.proposals, row.civil_parties, row.answered, row.civil_parties_answered)


@pytest.fixture
def case():
    return CaseFactory.create()


def test_a_proposal_recorded_by_hand_is_counted(reparations, case):
    province = ProvinceFactory.create()
    data = ProposalData(
        case=case,
        source="forum",
        text="A stupa",
        language="en",
        category=R,
        province=province,
        occasion="Regional forum",
        voiced_on=datetime.date(2013, 6, 14),
    )
    first = services.proposal_record(user=reparations, data=data)
    services.proposal_record(user=reparations, data=data)
    assert _kept(first) == (2, 0, 0, 0)
    _agrees_with_a_recount()


def test_a_correction_moves_the_proposal_to_its_new_category(reparations, case):
    moved, stays = ProposalFactory.create_batch(2, case=case, category=R)
    services.proposal_correct(user=reparations, proposal=moved, language="en", category=E)
    moved.refresh_from_db()
    assert (_kept(stays), _kept(moved)) == ((1, 0, 0, 0), (1, 0, 0, 0))
    _agrees_with_a_recount()


def test_archiving_the_last_proposal_of_a_group_removes_its_row(reparations, case):
    proposal = ProposalFactory.create(case=case)
    group = tally_group(proposal)
    services.proposal_archive(user=reparations, proposal=proposal, reason="Recorded twice")
    assert _kept(proposal) is None
    assert not ProposalTally.objects.filter(case_id=group[0]).exists()
    _agrees_with_a_recount()


def test_setting_the_category_of_many_moves_each_group(reparations, case):
    provinces = [ProvinceFactory.create(code=code) for code in ("03", "12")]
    for province in [*provinces, None]:
        ProposalFactory.create_batch(2, case=case, category=R, province=province)
    ticked = Proposal.objects.filter(case=case).order_by("pk")[::2]
    services.proposals_set_category(
        user=reparations,
        proposals=Proposal.objects.filter(pk__in=[p.pk for p in ticked]),
        category=E,
    )
    assert (
        sorted(ProposalTally.objects.filter(case=case).values_list("category", "proposals"))
        == [(E, 1)] * 3 + [(R, 1)] * 3
    )
    _agrees_with_a_recount()


def test_a_wish_answered_is_counted_answered_with_its_civil_party(reparations, case):
    application = ApplicationFactory.create(case=case, status=Status.ADMITTED)
    wish = ProposalFactory.create(
        case=case, source="vif", application=application, occasion="", voiced_on=None
    )
    ProposalFactory.create(case=case)
    project = ProjectFactory.create(cases=[case])
    services.proposals_link_project(
        user=reparations, proposals=Proposal.objects.filter(pk=wish.pk), project=project
    )
    assert _kept(wish) == (2, 1, 1, 1)
    _agrees_with_a_recount()


def test_a_theme_linked_and_its_project_abandoned(reparations, case):
    theme = ProposalThemeFactory.create(case=case)
    themed = ProposalFactory.create_batch(2, case=case, theme=theme)
    ProposalFactory.create(case=case)
    project = ProjectFactory.create(cases=[case])
    services.theme_link_project(user=reparations, theme=theme, project=project)
    assert _kept(themed[0]) == (3, 0, 2, 0)
    _agrees_with_a_recount()
    project.refresh_from_db()
    project_transition(
        user=reparations,
        project=project,
        to_status=ProjectStatus.ABANDONED,
        version=project.version,
        happened_on=datetime.date.today(),
        reason="No partner could carry it out",
    )
    assert _kept(themed[0]) == (3, 0, 0, 0)
    _agrees_with_a_recount()


def test_wishes_brought_in_by_the_background_worker_are_counted_batch_by_batch(
    reparations, case, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "IN_REQUEST_LIMIT", 2)
    monkeypatch.setattr(services, "BATCH", 2)
    seen_after_each_batch = []
    refresh_case = services.proposal_tally_refresh_case

    def counting(case_id):
        refresh_case(case_id)
        seen_after_each_batch.append(
            sum(ProposalTally.objects.filter(case_id=case_id).values_list("proposals", flat=True))
        )

    monkeypatch.setattr(services, "proposal_tally_refresh_case", counting)
    for n in range(5):
        ApplicationFactory.create(
            case=case, status=Status.ADMITTED, form__reparation_wishes=f"A school ({n})"
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_import_request(user=reparations, case=case)
    assert seen_after_each_batch == [2, 4, 5]
    _agrees_with_a_recount()


def test_wishes_brought_in_at_once_are_counted(reparations, case):
    ApplicationFactory.create_batch(
        3, case=case, status=Status.ADMITTED, form__reparation_wishes="A school"
    )
    services.proposal_import_request(user=reparations, case=case)
    assert sum(ProposalTally.objects.filter(case=case).values_list("proposals", flat=True)) == (
        Proposal.objects.filter(case=case).count()
    )
    _agrees_with_a_recount()


def test_the_recount_names_the_groups_written_past_the_services(case):
    counted, uncounted = ProposalFactory.create_batch(2, case=case, category=R)
    Proposal.objects.filter(pk=uncounted.pk).update(category=E)
    uncounted.refresh_from_db()
    assert services.proposal_tally_recount() == [tally_group(uncounted), tally_group(counted)]
    services.proposal_tally_refresh_case(case.pk)
    _agrees_with_a_recount()


def test_one_row_per_group_the_group_without_a_province_too(case):
    ProposalFactory.create(case=case, province=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProposalTally.objects.create(
            case=case,
            category=R,
            province=None,
            **dict.fromkeys(
                ["proposals", "civil_parties", "answered", "civil_parties_answered"], 1
            ),
        )

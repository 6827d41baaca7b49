"""The reparations programme of the demo data: the programmes of Cases 002/01 and 002/02
as published, every move one the workflow allows, the money's kept figures those a recount
gives, the consultation's proposals brought in from the VIFs, and the public pages that
show the endorsed projects."""

from collections import Counter

import pytest
from django.conf import settings
from django.db.models import Sum
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from vss.accounts.models import Organisation, Role, User
from vss.applications.models import Application, ApplicationKind, Status
from vss.applications.workflow import CIVIL_PARTIES
from vss.demo.tests.test_demo_data import generate, make_reference
from vss.reparations import workflow
from vss.reparations.demo import CASE_002_01, CASE_002_02, FORUM_PROPOSALS, PIPELINE, REJECTED
from vss.reparations.models import (
    Chamber,
    ClaimRequest,
    Evaluation,
    Milestone,
    Participation,
    Payment,
    Pledge,
    Project,
    ProjectStatus,
    ProjectStatusChange,
    Proposal,
    ProposalSource,
    ProposalTally,
    Track,
)
from vss.reparations.money import in_usd, project_funding_recount
from vss.reparations.services.consultation import proposal_tally_recount
from vss.representation.models import Lawyer

pytestmark = pytest.mark.django_db

S = ProjectStatus


@pytest.fixture
def demo(db):
    make_reference()
    generate(applicants=300)


def _moves(case: str, to_status: str) -> int:
    return ProjectStatusChange.objects.filter(
        project__cases__number=case, to_status=to_status
    ).count()


def test_the_programmes_of_case_002_as_published(demo):
    """Case 002/01: 13 requested, 11 endorsed, the memorials in Cambodia and France not;
    Case 002/02: 13 recognised; each judgment with its chamber, date and document."""
    assert (_moves("002/01", S.REQUESTED), _moves("002/01", S.ENDORSED)) == (13, 11)
    assert sorted(
        ProjectStatusChange.objects.filter(to_status=S.REJECTED).values_list(
            "project__title_en", flat=True
        )
    ) == ["Memorial in France", "Memorials in the provinces of Cambodia"]
    assert _moves("002/02", S.ENDORSED) == 13
    judgments = set(
        ProjectStatusChange.objects.filter(to_status__in=[S.ENDORSED, S.REJECTED]).values_list(
            "project__cases__number", "chamber", "happened_on", "document_number"
        )
    )
    assert {(case, chamber, day.isoformat(), doc) for case, chamber, day, doc in judgments} == {
        ("002/01", Chamber.TRIAL, "2014-08-07", "E313"),
        ("002/02", Chamber.TRIAL, "2018-11-16", "E465"),
    }
    assert Project.objects.count() == len(CASE_002_01) + len(CASE_002_02) + 2 + len(PIPELINE)
    assert set(
        Project.objects.filter(track=Track.NON_JUDICIAL).values_list("title_en", flat=True)
    ) == {"Memorial at the Tuol Sleng Genocide Museum", "Peace learning centre at Kraing Ta Chan"}
    for project in Project.objects.all():
        assert project.title_km and project.title_en and project.title_fr


def test_every_move_is_one_the_workflow_allows(demo):
    for project in Project.objects.prefetch_related("status_changes"):
        changes = sorted(project.status_changes.all(), key=lambda c: (c.happened_on, c.id))
        status = S.IDEA
        for change in changes:
            assert change.from_status == status
            move = workflow.transition(change.from_status, change.to_status)
            assert move is not None, (project.reference, change.from_status, change.to_status)
            if move.reason_required:
                assert change.reason
            if change.to_status == S.REQUESTED and change.from_status == S.FUNDRAISING:
                # Into the claim underfunded: the Chief's reason is on the move.
                assert change.underfunded_reason
            status = change.to_status
        assert (project.status, project.version) == (status, len(changes))


def test_the_kept_money_is_what_a_recount_gives(demo):
    """Budgets the sum of their lines; secured and received what the funding's recount
    gives; every USD amount its amount at its rate, to the cent."""
    for pledge in Pledge.objects.all():
        assert pledge.amount_usd == in_usd(pledge.amount, pledge.usd_rate)
    for payment in Payment.objects.all():
        assert payment.amount_usd == in_usd(payment.amount, payment.usd_rate)
    for project in Project.objects.all():
        lines = project.budget_lines.aggregate(total=Sum("amount_usd", default=0))["total"]
        recount = project_funding_recount(project)
        assert (project.budget_usd, project.secured_usd, project.received_usd) == (
            lines,
            recount.secured_usd,
            recount.received_usd,
        ), project.reference
    assert Payment.objects.exists()
    currencies = set(Pledge.objects.values_list("currency", flat=True))
    assert {"EUR", "CHF", "AUD", "USD"} <= currencies


def test_germany_funds_most_and_is_the_donor_logins_organisation(demo):
    bmz = Organisation.objects.get(acronym="BMZ")
    by_donor = Counter(Pledge.objects.values_list("donor__acronym", flat=True))
    assert by_donor.most_common(1)[0][0] == "BMZ"
    assert {u.organisation_id for u in User.objects.filter(role=Role.DONOR)} <= {bmz.pk}


def test_the_lead_co_lawyer_requested_every_project_in_the_claim(demo):
    lead = Lawyer.objects.get(user__username="leadlawyer")
    requested = set(
        ProjectStatusChange.objects.filter(to_status=S.REQUESTED).values_list(
            "project_id", flat=True
        )
    )
    awaiting = Project.objects.get(status=S.FUNDED)
    claimed = ClaimRequest.objects.filter(lawyer=lead, withdrawn_at__isnull=True)
    assert set(claimed.values_list("project_id", flat=True)) == requested | {awaiting.pk}
    assert ProjectStatusChange.objects.filter(
        to_status=S.REQUESTED, decided_by__username="chief"
    ).count() == len(requested)


def test_the_work_under_way_gives_the_officer_something_to_do(demo):
    today = timezone.localdate()
    overdue = Milestone.objects.filter(
        due_on__lt=today, done_on__isnull=True, project__status=S.IN_IMPLEMENTATION
    )
    assert overdue.exists()
    assert set(overdue.values_list("project__officer__username", flat=True)) == {"reparations"}
    # Each step of the lifecycle before the claim has a project to try it on.
    assert {S.IDEA, S.DESIGNED, S.FUNDRAISING, S.FUNDED} <= set(
        Project.objects.values_list("status", flat=True)
    )


def test_the_civil_parties_taking_part_and_the_evaluation(demo):
    participants = Participation.objects.select_related("application__case")
    assert participants.exists()
    for participation in participants:
        assert participation.application.status in CIVIL_PARTIES
        assert participation.application.case.number == "002"
    [evaluation] = Evaluation.objects.all()
    assert evaluation.project.status == S.EVALUATED
    reached = Project.objects.filter(reports__counts__isnull=False).distinct()
    assert reached.filter(status=S.IN_IMPLEMENTATION).exists()


def test_every_civil_partys_vif_wish_is_brought_in_once(demo):
    # Every Civil Party application received, whatever became of it since.
    wishes = dict(
        Application.objects.filter(kind=ApplicationKind.CIVIL_PARTY, form__archived_at=None)
        .exclude(status=Status.DRAFT)
        .exclude(form__reparation_wishes="")
        .values_list("pk", "form__reparation_wishes")
    )
    brought = Proposal.objects.filter(source=ProposalSource.VIF)
    assert dict(brought.values_list("application_id", "text")) == wishes
    assert brought.count() == len(wishes)
    # Case 002's are sorted into a category and a theme; some answered by a project of
    # its trial segments, some (a stupa in the village) by none.
    sorted_ = brought.filter(case__number="002")
    assert sorted_.exists() and not sorted_.filter(category="").exists()
    assert not sorted_.filter(theme__isnull=True).exists()
    answered = sorted_.filter(answered_by__isnull=False).distinct()
    assert 0 < answered.count() < sorted_.count()
    assert set(answered.values_list("answered_by__cases__parent__number", flat=True)) == {"002"}
    assert Proposal.objects.filter(source=ProposalSource.FORUM).count() == sum(
        1 for p in FORUM_PROPOSALS if p.source == ProposalSource.FORUM
    )
    # Written past the services, they are counted in the tally all the same.
    assert ProposalTally.objects.exists()
    assert proposal_tally_recount() == []


def test_the_public_pages_show_the_endorsed_programme(demo):
    client = Client()
    response = client.get(reverse("reparations:public_list"))
    listed = [
        project.title_en
        for group in response.context["programme"]
        for category in group.categories
        for project in category.projects
    ]
    endorsed = [spec for spec in (*CASE_002_01, *CASE_002_02) if spec.end != REJECTED]
    assert sorted(listed) == sorted(spec.titles[1] for spec in endorsed)
    phka = Project.objects.get(title_en__startswith="Phka Sla Krom Angkar")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    page = client.get(reverse("reparations:public_detail", args=[phka.pk]))
    assert phka.title_km in page.content.decode()
    assert page.context["page"].partners[0] == "ក្រុមសិល្បៈសូភីលីន"
    rejected = Project.objects.get(title_en="Memorial in France")
    assert client.get(reverse("reparations:public_detail", args=[rejected.pk])).status_code == 404

"""The lifecycle's moves: every pair of statuses is tried, allowed where the workflow
table holds the move and refused otherwise; the right each move asks, its reason and
judgment data; the rules beyond the table (a Lead Co-Lawyer's request and the secured
funding into the claim, an evaluation before evaluated); stale pages; the audit entries."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from vss.accounts.models import Role
from vss.applications.uploads import check_upload
from vss.audit.models import AuditAction, AuditEntry
from vss.audit.services import StaleEdit
from vss.policy import ROLE_RIGHTS
from vss.reparations import workflow
from vss.reparations.models import (
    Chamber,
    Evaluation,
    Project,
    ProjectDocumentKind,
    ProjectStatus,
    ProjectStatusChange,
    Track,
)
from vss.reparations.services.lifecycle import moves_for, project_transition
from vss.reparations.services.projects import ProjectUpload
from vss.testing.clients import signed_in
from vss.testing.constants import PDF
from vss.testing.factories import (
    BudgetLineFactory,
    CaseFactory,
    ClaimRequestFactory,
    OrganisationFactory,
    PledgeFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
S = ProjectStatus
PAIRS = [(origin, to) for origin in S for to in S if origin != to]


def _role_holding(right) -> str:
    """A role of the Section's staff that holds the right (the Chief holds them all)."""
    return next(role for role in (Role.REPARATIONS, Role.CHIEF) if right in ROLE_RIGHTS[role])


def _ready_for(project: Project, to: str) -> None:
    """What the rules beyond the table ask before the move: into the claim, a Lead
    Co-Lawyer's request and a budget secured in full; to evaluated, the evaluation."""
    if to == S.REQUESTED:
        ClaimRequestFactory.create(project=project)
        BudgetLineFactory.create(project=project, amount_usd=Decimal("5000.00"))
        PledgeFactory.create(project=project, amount=Decimal("5000.00"))
    if to == S.EVALUATED:
        Evaluation.objects.create(
            project=project,
            evaluated_on=TODAY,
            evaluator="An evaluator",
            summary="It met its aims.",
            language="en",
            recorded_by=project.officer,
        )
    project.refresh_from_db()


def _move(user, project: Project, to: str, **fields) -> ProjectStatusChange:
    values = {
        "reason": "Because",
        "chamber": Chamber.TRIAL,
        "document_number": "E465",
        "happened_on": TODAY,
        **fields,
    }
    return project_transition(
        user=user, project=project, to_status=to, version=project.version, **values
    )


@pytest.mark.parametrize(("origin", "to"), PAIRS, ids=[f"{o}->{t}" for o, t in PAIRS])
def test_each_pair_of_statuses_moves_as_the_table_says(origin, to):
    project = ProjectFactory.create(status=origin)
    move = workflow.transition(origin, to)
    if move is None:
        user = UserFactory.create(username="chief-moves", role=Role.CHIEF)
        with pytest.raises(ValidationError, match="cannot become"):
            _move(user, project, to)
        project.refresh_from_db()
        assert (project.status, project.version) == (origin, 0)
        assert not ProjectStatusChange.objects.exists()
        return
    _ready_for(project, to)
    user = UserFactory.create(username="mover", role=_role_holding(move.right))
    version = project.version
    change = _move(user, project, to)
    project.refresh_from_db()
    assert project.status == to
    assert project.version == version + 1
    assert project.track == (move.track or Track.JUDICIAL)
    assert (change.from_status, change.to_status, change.decided_by) == (origin, to, user)
    assert (change.chamber != "") == move.judgment
    entry = AuditEntry.objects.get(action=AuditAction.STATUS_CHANGE, object_id=str(project.pk))
    assert entry.changes["status"] == {"old": origin, "new": to}
    assert entry.changes["version"] == {"old": version, "new": version + 1}
    assert entry.object_label == project.reference


MOVES = [(origin, move) for origin, moves in workflow.PROJECT.items() for move in moves]


@pytest.mark.parametrize(("origin", "move"), MOVES, ids=[f"{o}->{m.to}" for o, m in MOVES])
def test_each_move_is_refused_to_the_roles_without_its_right(origin, move):
    project = ProjectFactory.create(status=origin)
    _ready_for(project, move.to)
    for role in Role:
        if move.right in ROLE_RIGHTS.get(role, frozenset()):
            continue
        # Users of other organisations belong to one (a database constraint).
        organisation = OrganisationFactory.create(name=f"Organisation of the {role}")
        user = UserFactory.create(username=f"no-{role}", role=role, organisation=organisation)
        with pytest.raises(PermissionDenied):
            _move(user, project, move.to)
    project.refresh_from_db()
    assert project.status == origin


def test_the_officer_may_not_approve_what_goes_into_the_claim(reparations):
    project = ProjectFactory.create(status=S.FUNDED)
    _ready_for(project, S.REQUESTED)
    assert S.REQUESTED not in [m.to for m in moves_for(reparations, project)]
    with pytest.raises(PermissionDenied):
        _move(reparations, project, S.REQUESTED)


@pytest.mark.parametrize(
    ("origin", "to"),
    [(o, m.to) for o, moves in workflow.PROJECT.items() for m in moves if m.reason_required],
)
def test_a_move_the_table_asks_a_reason_for_is_refused_without_one(chief, origin, to):
    project = ProjectFactory.create(status=origin)
    with pytest.raises(ValidationError) as refusal:
        _move(chief, project, to, reason="  ")
    assert "reason" in refusal.value.message_dict


@pytest.mark.parametrize("to", [S.ENDORSED, S.REJECTED])
@pytest.mark.parametrize("missing", ["chamber", "document_number"])
def test_a_judgment_names_its_chamber_and_document(chief, to, missing):
    project = ProjectFactory.create(status=S.REQUESTED)
    with pytest.raises(ValidationError) as refusal:
        _move(chief, project, to, **{missing: ""})
    assert missing in refusal.value.message_dict
    project.refresh_from_db()
    assert project.status == S.REQUESTED


def test_a_judgment_keeps_its_chamber_date_and_document(chief):
    project = ProjectFactory.create(status=S.REQUESTED)
    judged_on = TODAY - 3 * DAY
    change = _move(
        chief,
        project,
        S.ENDORSED,
        chamber=Chamber.SUPREME_COURT,
        document_number="F76",
        happened_on=judged_on,
    )
    change.refresh_from_db()
    assert (change.chamber, change.document_number, change.happened_on) == (
        Chamber.SUPREME_COURT,
        "F76",
        judged_on,
    )
    entry = AuditEntry.objects.get(action=AuditAction.STATUS_CHANGE)
    assert entry.changes["document_number"]["new"] == "F76"


def test_a_move_that_is_no_judgment_keeps_no_judgment_data(reparations):
    project = ProjectFactory.create(status=S.IDEA, officer=reparations)
    change = _move(reparations, project, S.DESIGNED)
    assert (change.chamber, change.document_number) == ("", "")


# --- into the claim ----------------------------------------------------------------------


@pytest.fixture
def funded(chief):
    """A project funded in full, with a budget, that a Lead Co-Lawyer requested."""
    project = ProjectFactory.create(status=S.FUNDED)
    _ready_for(project, S.REQUESTED)
    return project


def test_into_the_claim_at_a_lead_co_lawyers_request(chief, funded):
    _move(chief, funded, S.REQUESTED, reason="")
    funded.refresh_from_db()
    assert funded.status == S.REQUESTED


def test_no_claim_without_a_request(chief, funded):
    funded.claim_requests.update(withdrawn_at=timezone.now())
    with pytest.raises(ValidationError, match="No Lead Co-Lawyer"):
        _move(chief, funded, S.REQUESTED)


def test_a_request_of_a_lawyer_who_no_longer_leads_the_case_does_not_count(chief, funded):
    request = funded.claim_requests.get()
    request.lawyer.lead_mandates.update(ended_on=TODAY)
    with pytest.raises(ValidationError, match="No Lead Co-Lawyer"):
        _move(chief, funded, S.REQUESTED)


def test_a_request_for_a_case_the_project_no_longer_answers_does_not_count(chief, funded):
    request = funded.claim_requests.get()
    funded.cases.remove(request.case)
    funded.cases.add(CaseFactory.create(number="002/01"))
    with pytest.raises(ValidationError, match="No Lead Co-Lawyer"):
        _move(chief, funded, S.REQUESTED)


def test_no_claim_for_a_project_without_a_budget(chief):
    project = ProjectFactory.create(status=S.FUNDRAISING)
    ClaimRequestFactory.create(project=project)
    with pytest.raises(ValidationError, match="no budget"):
        _move(chief, project, S.REQUESTED, underfunded_reason="Urgent")


@pytest.fixture
def underfunded(chief):
    project = ProjectFactory.create(status=S.FUNDRAISING)
    ClaimRequestFactory.create(project=project)
    BudgetLineFactory.create(project=project, amount_usd=Decimal("10000.00"))
    PledgeFactory.create(project=project, amount=Decimal("2500.50"))
    project.refresh_from_db()
    assert project.secured_usd < project.budget_usd
    return project


def test_an_underfunded_project_goes_into_the_claim_only_with_a_reason(chief, underfunded):
    with pytest.raises(ValidationError) as refusal:
        _move(chief, underfunded, S.REQUESTED, underfunded_reason=" ")
    message = refusal.value.message_dict["underfunded_reason"][0]
    assert "2500.50" in message and "10000.00" in message
    underfunded.refresh_from_db()
    assert underfunded.status == S.FUNDRAISING


def test_the_reason_for_an_underfunded_claim_is_recorded_and_audited(chief, underfunded):
    change = _move(chief, underfunded, S.REQUESTED, underfunded_reason="The judgment is near")
    assert change.underfunded_reason == "The judgment is near"
    entry = AuditEntry.objects.get(action=AuditAction.STATUS_CHANGE)
    assert entry.changes["underfunded_reason"]["new"] == "The judgment is near"


def test_a_project_funded_in_full_records_no_underfunded_reason(chief, funded):
    change = _move(chief, funded, S.REQUESTED, underfunded_reason="Not needed")
    assert change.underfunded_reason == ""


# --- evaluated, dates, stale pages ---------------------------------------------------------


def test_a_project_is_evaluated_once_its_evaluation_is_recorded(reparations):
    project = ProjectFactory.create(status=S.COMPLETED)
    with pytest.raises(ValidationError, match="evaluation first"):
        _move(reparations, project, S.EVALUATED)
    _ready_for(project, S.EVALUATED)
    _move(reparations, project, S.EVALUATED)
    project.refresh_from_db()
    assert project.status == S.EVALUATED


def test_a_move_happens_neither_in_the_future_nor_before_the_previous_one(reparations):
    project = ProjectFactory.create(status=S.IDEA)
    with pytest.raises(ValidationError) as future:
        _move(reparations, project, S.DESIGNED, happened_on=TODAY + DAY)
    assert "happened_on" in future.value.message_dict
    _move(reparations, project, S.DESIGNED, happened_on=TODAY - DAY)
    project.refresh_from_db()
    with pytest.raises(ValidationError) as earlier:
        _move(reparations, project, S.FUNDRAISING, happened_on=TODAY - 2 * DAY)
    assert "happened_on" in earlier.value.message_dict


def test_a_move_decided_on_a_stale_page_is_refused_and_names_the_status_now(reparations):
    project = ProjectFactory.create(status=S.IDEA)
    opened_at = project.version
    _move(reparations, project, S.DESIGNED)
    with pytest.raises(StaleEdit) as stale:
        project_transition(
            user=reparations,
            project=project,
            to_status=S.ABANDONED,
            version=opened_at,
            happened_on=TODAY,
            reason="No longer wanted",
        )
    assert str(S.DESIGNED.label) in " ".join(stale.value.messages)
    assert stale.value.current_version == opened_at + 1
    project.refresh_from_db()
    assert project.status == S.DESIGNED


def test_the_documents_of_a_move_are_kept_with_it_and_audited(reparations):
    project = ProjectFactory.create(status=S.IDEA)
    upload = SimpleUploadedFile("concept note of Sok Chea.pdf", PDF, content_type="application/pdf")
    checked = check_upload(upload)
    change = _move(
        reparations,
        project,
        S.DESIGNED,
        documents=[ProjectUpload(ProjectDocumentKind.CONCEPT_NOTE, upload, checked)],
    )
    document = change.documents.get()
    assert (document.project, document.kind) == (project, ProjectDocumentKind.CONCEPT_NOTE)
    assert document.original_name == "concept note of Sok Chea.pdf"
    assert "Sok" not in document.file.name  # stored under its digest
    entry = AuditEntry.objects.get(object_type="reparations.projectdocument")
    assert entry.changes["status_change"]["new"] == change.pk


# --- through the page ----------------------------------------------------------------------


def test_the_officer_moves_a_project_from_its_page_with_a_document(request, reparations):
    project = ProjectFactory.create(status=S.IDEA, officer=reparations)
    url = reverse("reparations:project_move", args=[project.pk, S.DESIGNED])
    prefix = f"move-{S.DESIGNED}"
    response = signed_in(request, "reparations").post(
        url,
        {
            f"{prefix}-happened_on": TODAY.isoformat(),
            f"{prefix}-reason": "",
            f"{prefix}-kind": ProjectDocumentKind.CONCEPT_NOTE,
            f"{prefix}-file": SimpleUploadedFile("concept.pdf", PDF),
            f"{prefix}-version": project.version,
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == S.DESIGNED
    assert project.documents.get().status_change == project.status_changes.get()


def test_a_refused_move_is_shown_again_with_what_was_typed(request, chief):
    project = ProjectFactory.create(status=S.DESIGNED)
    prefix = f"move-{S.IDEA}"
    response = signed_in(request, "chief").post(
        reverse("reparations:project_move", args=[project.pk, S.IDEA]),
        {
            f"{prefix}-happened_on": (TODAY + DAY).isoformat(),
            f"{prefix}-reason": "Back to the drawing board",
            f"{prefix}-version": project.version,
        },
    )
    assert response.status_code == 400
    assert "Back to the drawing board" in response.content.decode()
    assert response.context["form"].errors["happened_on"]


def test_a_file_that_is_not_a_document_is_refused_by_its_content(request, reparations):
    project = ProjectFactory.create(status=S.IDEA, officer=reparations)
    prefix = f"move-{S.DESIGNED}"
    response = signed_in(request, "reparations").post(
        reverse("reparations:project_move", args=[project.pk, S.DESIGNED]),
        {
            f"{prefix}-happened_on": TODAY.isoformat(),
            f"{prefix}-kind": ProjectDocumentKind.OTHER,
            f"{prefix}-file": SimpleUploadedFile("concept.pdf", b"MZ\x90\x00 an executable"),
            f"{prefix}-version": project.version,
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    project.refresh_from_db()
    assert project.status == S.IDEA


def test_a_stale_move_from_the_page_is_shown_again_from_the_version_now_saved(request, reparations):
    project = ProjectFactory.create(status=S.IDEA, officer=reparations)
    opened_at = project.version
    _move(reparations, project, S.DESIGNED)
    prefix = f"move-{S.ABANDONED}"
    response = signed_in(request, "reparations").post(
        reverse("reparations:project_move", args=[project.pk, S.ABANDONED]),
        {
            f"{prefix}-happened_on": TODAY.isoformat(),
            f"{prefix}-reason": "No partner found",
            f"{prefix}-version": opened_at,
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.non_field_errors()
    assert form.data[f"{prefix}-version"] == str(opened_at + 1)

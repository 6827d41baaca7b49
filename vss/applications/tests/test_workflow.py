import datetime
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from vss.applications import workflow
from vss.applications.models import Application, ApplicationKind, Status, StatusChange
from vss.applications.services import application_transition
from vss.audit.models import AuditAction, AuditEntry
from vss.testing.factories import ApplicationFactory, CaseFactory

pytestmark = pytest.mark.django_db

ALL_STATUSES = list(Status)

# The path an application takes from the form to the judges' final word.
CIVIL_PARTY_PATHS = [
    [
        Status.DRAFT,
        Status.RECEIVED,
        Status.SCREENED,
        Status.TRANSMITTED,
        Status.PROVISIONAL,
        Status.ADMITTED,
    ],
    [
        Status.DRAFT,
        Status.RECEIVED,
        Status.INCOMPLETE,
        Status.RECEIVED,
        Status.SCREENED,
        Status.TRANSMITTED,
        Status.ADMITTED,
    ],
    [
        Status.DRAFT,
        Status.RECEIVED,
        Status.SCREENED,
        Status.TRANSMITTED,
        Status.REJECTED,
        Status.APPEALED,
        Status.ADMITTED_ON_APPEAL,
    ],
    [
        Status.DRAFT,
        Status.RECEIVED,
        Status.SCREENED,
        Status.TRANSMITTED,
        Status.REJECTED,
        Status.APPEALED,
        Status.REJECTION_UPHELD,
    ],
    [
        Status.DRAFT,
        Status.RECEIVED,
        Status.SCREENED,
        Status.TRANSMITTED,
        Status.PROVISIONAL,
        Status.WITHDRAWN,
    ],
]


def _case_open_now():
    return CaseFactory(number="004/02", investigation_closed_on=None)


def _reason_for(kind, from_status, to_status):
    transition = workflow.find_transition(kind, from_status, to_status)
    return "because" if transition and transition.reason_required else ""


@pytest.mark.parametrize("path", CIVIL_PARTY_PATHS, ids=lambda p: "-".join(p))
def test_a_civil_party_application_follows_each_allowed_path(chief, path):
    application = ApplicationFactory(case=_case_open_now())
    for from_status, to_status in itertools.pairwise(path):
        application_transition(
            actor=chief,
            application=application,
            to_status=to_status,
            reason=_reason_for(ApplicationKind.CIVIL_PARTY, from_status, to_status),
            court_document="D5/1891",
        )
        application.refresh_from_db()
        assert application.status == to_status
    assert StatusChange.objects.filter(application=application).count() == len(path) - 1
    assert application.vss_number.startswith("VSS-004/02-")


@pytest.mark.parametrize(
    ("kind", "from_status", "to_status"),
    [
        (kind, a, b)
        for kind in ApplicationKind
        for a in ALL_STATUSES
        for b in ALL_STATUSES
        if workflow.find_transition(kind, a, b) is None
    ],
)
def test_every_forbidden_transition_is_refused(chief, kind, from_status, to_status):
    application = ApplicationFactory(case=_case_open_now(), kind=kind, status=from_status)
    with pytest.raises(ValidationError):
        application_transition(
            actor=chief, application=application, to_status=to_status, reason="x"
        )
    application.refresh_from_db()
    assert application.status == from_status
    assert not StatusChange.objects.filter(application=application).exists()


@pytest.mark.parametrize(
    ("kind", "from_status", "to_status"),
    [
        (kind, a, t.to)
        for kind in ApplicationKind
        for a in ALL_STATUSES
        for t in workflow.transitions_from(kind, a)
    ],
)
def test_every_allowed_transition_is_recorded_and_audited(chief, kind, from_status, to_status):
    application = ApplicationFactory(case=_case_open_now(), kind=kind, status=from_status)
    application_transition(
        actor=chief,
        application=application,
        to_status=to_status,
        reason="recorded reason",
        decided_on=datetime.date(2024, 5, 1),
    )
    application.refresh_from_db()
    assert application.status == to_status
    change = StatusChange.objects.get(application=application)
    assert (change.from_status, change.to_status, change.actor) == (from_status, to_status, chief)
    entry = AuditEntry.objects.get(action=AuditAction.STATUS_CHANGE, object_id=str(application.pk))
    assert entry.changes["status"] == {"old": from_status, "new": to_status}


def test_a_decision_that_needs_a_reason_is_refused_without_one(legal):
    application = ApplicationFactory(
        case=_case_open_now(), status=Status.TRANSMITTED, vss_number="VSS-X-1"
    )
    with pytest.raises(ValidationError) as error:
        application_transition(
            actor=legal, application=application, to_status=Status.REJECTED, reason="  "
        )
    assert "reason" in error.value.message_dict


def test_intake_may_record_receipt_but_not_decide(intake):
    application = ApplicationFactory(case=_case_open_now())
    application_transition(actor=intake, application=application, to_status=Status.RECEIVED)
    with pytest.raises(PermissionDenied):
        application_transition(actor=intake, application=application, to_status=Status.SCREENED)


def test_received_applications_get_unique_consecutive_vss_numbers(intake):
    case = _case_open_now()
    first, second = ApplicationFactory(case=case), ApplicationFactory(case=case)
    for application in (first, second):
        application_transition(actor=intake, application=application, to_status=Status.RECEIVED)
    numbers = sorted(Application.objects.values_list("vss_number", flat=True))
    assert numbers == ["VSS-004/02-00001", "VSS-004/02-00002"]


class TestDeadline:
    """Rule 23bis: 15 days after the notice that the investigation has ended."""

    def _late_application(self):
        case = CaseFactory(number="002", investigation_closed_on=datetime.date(2010, 1, 14))
        application = ApplicationFactory(case=case)
        application.form.received_on = datetime.date(2010, 1, 30)  # day 16
        application.form.save(update_fields=["received_on"])
        return application

    def test_on_the_last_day_is_in_time(self, intake):
        case = CaseFactory(number="002", investigation_closed_on=datetime.date(2010, 1, 14))
        application = ApplicationFactory(case=case)
        application.form.received_on = datetime.date(2010, 1, 29)  # day 15
        application.form.save(update_fields=["received_on"])
        application_transition(actor=intake, application=application, to_status=Status.RECEIVED)
        application.refresh_from_db()
        assert application.status == Status.RECEIVED and not application.is_late

    def test_a_late_application_cannot_be_received_by_intake(self, intake):
        application = self._late_application()
        with pytest.raises(ValidationError, match="after the deadline"):
            application_transition(
                actor=intake,
                application=application,
                to_status=Status.RECEIVED,
                deadline_override_reason="x",
            )
        application.refresh_from_db()
        assert application.status == Status.DRAFT and application.vss_number is None

    def test_a_late_application_needs_a_reason_to_be_accepted(self, legal):
        application = self._late_application()
        with pytest.raises(ValidationError) as error:
            application_transition(actor=legal, application=application, to_status=Status.RECEIVED)
        assert "deadline_override_reason" in error.value.message_dict

    def test_an_override_is_flagged_and_recorded(self, legal):
        application = self._late_application()
        application_transition(
            actor=legal,
            application=application,
            to_status=Status.RECEIVED,
            deadline_override_reason="Posted on day 12; delayed by the floods.",
        )
        application.refresh_from_db()
        assert application.is_late and application.deadline_override_by == legal
        entry = AuditEntry.objects.get(
            action=AuditAction.STATUS_CHANGE, object_id=str(application.pk)
        )
        assert entry.changes["deadline_override_reason"]["new"].startswith("Posted on day 12")


def test_recording_a_death_marks_the_applicant_deceased(intake):
    application = ApplicationFactory(
        case=_case_open_now(), status=Status.RECEIVED, vss_number="VSS-X-9"
    )
    application_transition(actor=intake, application=application, to_status=Status.DECEASED)
    application.applicant.refresh_from_db()
    assert application.applicant.is_deceased
    entry = AuditEntry.objects.get(
        object_type="people.person", object_id=str(application.applicant_id)
    )
    # The person's record moves to its next version with it (see test_transition_versions).
    assert entry.changes == {
        "is_deceased": {"old": False, "new": True},
        "version": {"old": 0, "new": 1},
    }


def test_the_civil_party_index_covers_exactly_the_civil_party_statuses() -> None:
    (index,) = [i for i in Application._meta.indexes if i.name == "application_civil_party_idx"]
    assert index.condition is not None
    assert set(dict(index.condition.children)["status__in"]) == set(workflow.CIVIL_PARTIES)

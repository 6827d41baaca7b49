"""Decisions on the list, Lead Co-Lawyer seats, conflicts of interest and the Chief's
override, and Rule 23ter at the moves that send a Civil Party on to the judges."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from vss.applications.models import Status
from vss.applications.services import application_transition
from vss.applications.uploads import check_upload
from vss.audit.models import AuditAction, AuditEntry
from vss.representation import services
from vss.representation.models import (
    LawyerKind,
    LawyerStatus,
    LeadCoLawyerAppointment,
    Representation,
)
from vss.representation.selectors import is_represented
from vss.testing.constants import PDF
from vss.testing.factories import (
    ApplicationFactory,
    CaseFactory,
    LawyerFactory,
    LeadCoLawyerFactory,
    RepresentationFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 5, 2)


def _data(**fields: object) -> services.LawyerData:
    values: dict[str, Any] = {
        "family_name": "KONG",
        "given_name": "Sam Onn",
        "kind": LawyerKind.NATIONAL,
        "bar": "BAKC",
        "bar_number": "0042",
        "languages": "Khmer, French",
        "applied_on": datetime.date(2009, 1, 5),
    }
    values.update(fields)
    return services.LawyerData(**values)


# --- the list ------------------------------------------------------------------------------


def test_an_application_to_the_list_starts_applied_and_is_audited(legal) -> None:
    lawyer = services.lawyer_create(actor=legal, data=_data())
    assert lawyer.status == LawyerStatus.APPLIED and lawyer.created_by == legal
    entry = AuditEntry.objects.get(object_type="representation.lawyer", object_id=str(lawyer.pk))
    assert entry.action == AuditAction.CREATE and entry.changes["bar_number"]["new"] == "0042"


def test_a_bar_number_is_on_the_list_once(legal) -> None:
    services.lawyer_create(actor=legal, data=_data())
    with pytest.raises(ValidationError) as error:
        services.lawyer_create(actor=legal, data=_data(family_name="OTHER"))
    assert "bar_number" in error.value.error_dict


def test_only_lawyer_managers_write_the_list(intake) -> None:
    with pytest.raises(PermissionDenied):
        services.lawyer_create(actor=intake, data=_data())


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ([LawyerStatus.RECOGNISED], True),
        ([LawyerStatus.REFUSED], True),
        ([LawyerStatus.WITHDRAWN], True),
        ([LawyerStatus.SUSPENDED], False),
        ([LawyerStatus.RECOGNISED, LawyerStatus.SUSPENDED, LawyerStatus.RECOGNISED], True),
        ([LawyerStatus.RECOGNISED, LawyerStatus.SUSPENDED, LawyerStatus.WITHDRAWN], True),
        ([LawyerStatus.REFUSED, LawyerStatus.RECOGNISED], False),
        ([LawyerStatus.WITHDRAWN, LawyerStatus.RECOGNISED], False),
    ],
)
def test_decisions_follow_the_table(legal, path, allowed) -> None:
    lawyer = LawyerFactory.create(status=LawyerStatus.APPLIED)
    *before, last = path
    for status in before:
        services.lawyer_decide(actor=legal, lawyer=lawyer, to_status=status, reason="r")
    if allowed:
        services.lawyer_decide(actor=legal, lawyer=lawyer, to_status=last, reason="r")
        lawyer.refresh_from_db()
        assert lawyer.status == last
    else:
        with pytest.raises(ValidationError):
            services.lawyer_decide(actor=legal, lawyer=lawyer, to_status=last, reason="r")


def test_every_decision_but_recognition_gives_its_reason(legal) -> None:
    lawyer = LawyerFactory.create(status=LawyerStatus.APPLIED)
    with pytest.raises(ValidationError) as error:
        services.lawyer_decide(actor=legal, lawyer=lawyer, to_status=LawyerStatus.REFUSED)
    assert "reason" in error.value.error_dict
    change = services.lawyer_decide(
        actor=legal, lawyer=lawyer, to_status=LawyerStatus.RECOGNISED, decided_on=DAY
    )
    assert (change.from_status, change.to_status, change.decided_by) == (
        LawyerStatus.APPLIED,
        LawyerStatus.RECOGNISED,
        legal,
    )
    entry = AuditEntry.objects.filter(action=AuditAction.STATUS_CHANGE).get()
    assert entry.changes["status"] == {"old": "applied", "new": "recognised"}


def test_a_decision_is_not_dated_in_the_future_nor_before_the_application(legal) -> None:
    lawyer = LawyerFactory.create(status=LawyerStatus.APPLIED)
    for day in (datetime.date(2999, 1, 1), datetime.date(2000, 1, 1)):
        with pytest.raises(ValidationError) as error:
            services.lawyer_decide(
                actor=legal, lawyer=lawyer, to_status=LawyerStatus.RECOGNISED, decided_on=day
            )
        assert "decided_on" in error.value.error_dict


def test_an_account_is_linked_only_if_of_the_lawyer_role_and_free(legal, intake, lawyer) -> None:
    applicant = LawyerFactory.create(status=LawyerStatus.APPLIED)
    with pytest.raises(ValidationError):
        services.lawyer_link_account(actor=legal, lawyer=applicant, user=intake)
    with pytest.raises(ValidationError):
        services.lawyer_link_account(actor=legal, lawyer=applicant, user=lawyer)
    from vss.testing.factories import UserFactory

    account = UserFactory.create(username="new-lawyer", role="lawyer")
    services.lawyer_link_account(actor=legal, lawyer=applicant, user=account)
    applicant.refresh_from_db()
    assert applicant.user == account


# --- Lead Co-Lawyers ------------------------------------------------------------------------


def test_lead_co_lawyer_seats(legal) -> None:
    case = CaseFactory.create(number="002/02")
    national = LawyerFactory.create(kind=LawyerKind.NATIONAL)
    international = LawyerFactory.create(kind=LawyerKind.INTERNATIONAL)
    with pytest.raises(ValidationError, match="kind does not match"):
        services.lead_co_lawyer_appoint(
            actor=legal, case=case, lawyer=national, seat=LawyerKind.INTERNATIONAL, appointed_on=DAY
        )
    applied = LawyerFactory.create(status=LawyerStatus.APPLIED)
    with pytest.raises(ValidationError, match="on the list"):
        services.lead_co_lawyer_appoint(
            actor=legal, case=case, lawyer=applied, seat=LawyerKind.NATIONAL, appointed_on=DAY
        )
    first = services.lead_co_lawyer_appoint(
        actor=legal, case=case, lawyer=national, seat=LawyerKind.NATIONAL, appointed_on=DAY
    )
    services.lead_co_lawyer_appoint(
        actor=legal,
        case=case,
        lawyer=international,
        seat=LawyerKind.INTERNATIONAL,
        appointed_on=DAY,
    )
    second_national = LawyerFactory.create(kind=LawyerKind.NATIONAL)
    with pytest.raises(ValidationError, match="already has a Lead Co-Lawyer"):
        services.lead_co_lawyer_appoint(
            actor=legal, case=case, lawyer=second_national, seat="national", appointed_on=DAY
        )
    with pytest.raises(ValidationError):
        services.lead_co_lawyer_end(actor=legal, appointment=first, ended_on=DAY, reason=" ")
    services.lead_co_lawyer_end(actor=legal, appointment=first, ended_on=DAY, reason="Resigned")
    services.lead_co_lawyer_appoint(
        actor=legal, case=case, lawyer=second_national, seat="national", appointed_on=DAY
    )
    assert LeadCoLawyerAppointment.objects.filter(case=case, ended_on__isnull=True).count() == 2


def test_the_database_keeps_one_current_lead_per_seat(db) -> None:
    case = CaseFactory.create()
    LeadCoLawyerFactory.create(case=case)
    with pytest.raises(IntegrityError), transaction.atomic():
        LeadCoLawyerFactory.create(case=case)


# --- conflicts and mandates --------------------------------------------------------------------


def test_a_conflict_blocks_the_mandate_until_the_chief_overrides_it(legal, chief) -> None:
    application = ApplicationFactory.create(status=Status.ADMITTED)
    lawyer = LawyerFactory.create()
    conflict = services.conflict_declare(
        actor=legal,
        lawyer=lawyer,
        person=application.applicant,
        description="Represents the accused's family",
    )
    with pytest.raises(ValidationError, match="Only the Chief of Section"):
        services.representation_add(
            actor=legal,
            application=application,
            lawyer=lawyer,
            started_on=DAY,
            override_reason="I say so",
        )
    with pytest.raises(ValidationError) as error:
        services.representation_add(
            actor=chief, application=application, lawyer=lawyer, started_on=DAY
        )
    assert "override_reason" in error.value.error_dict
    assert not Representation.objects.exists()

    mandate = services.representation_add(
        actor=chief,
        application=application,
        lawyer=lawyer,
        started_on=DAY,
        override_reason="The client insists, informed of the conflict",
    )
    assert mandate.conflict_override_reason == "The client insists, informed of the conflict"
    entry = AuditEntry.objects.get(
        object_type="representation.representation", object_id=str(mandate.pk)
    )
    assert entry.changes["conflict"] == {"old": None, "new": conflict.pk}
    assert entry.changes["conflict_override_reason"] == {
        "old": None,
        "new": mandate.conflict_override_reason,
    }


def test_a_lifted_conflict_no_longer_blocks(legal) -> None:
    application = ApplicationFactory.create(status=Status.ADMITTED)
    lawyer = LawyerFactory.create()
    conflict = services.conflict_declare(
        actor=legal, lawyer=lawyer, person=application.applicant, description="Relative"
    )
    with pytest.raises(ValidationError):
        services.conflict_lift(actor=legal, conflict=conflict, reason="")
    services.conflict_lift(actor=legal, conflict=conflict, reason="Not a relative after all")
    mandate = services.representation_add(
        actor=legal, application=application, lawyer=lawyer, started_on=DAY
    )
    assert mandate.conflict_override_reason == ""


def test_only_a_recognised_lawyer_represents_a_civil_party(legal) -> None:
    application = ApplicationFactory.create(status=Status.ADMITTED)
    for status in (LawyerStatus.APPLIED, LawyerStatus.SUSPENDED, LawyerStatus.WITHDRAWN):
        with pytest.raises(ValidationError):
            services.representation_add(
                actor=legal,
                application=application,
                lawyer=LawyerFactory.create(status=status),
                started_on=DAY,
            )
    complaint = ApplicationFactory.create(kind="complaint", status=Status.RECEIVED)
    with pytest.raises(ValidationError, match="complaint"):
        services.representation_add(
            actor=legal, application=complaint, lawyer=LawyerFactory.create(), started_on=DAY
        )


def test_a_mandate_with_its_power_of_attorney_and_its_end(legal, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    application = ApplicationFactory.create(status=Status.ADMITTED)
    upload = SimpleUploadedFile("poa SOK Chea.pdf", PDF, content_type="application/pdf")
    mandate = services.representation_add(
        actor=legal,
        application=application,
        lawyer=LawyerFactory.create(),
        started_on=DAY,
        power_of_attorney=services.PowerOfAttorney(upload=upload, checked=check_upload(upload)),
    )
    assert mandate.power_of_attorney_name == "poa SOK Chea.pdf"
    assert "SOK" not in mandate.power_of_attorney.name
    assert is_represented(application)
    with pytest.raises(ValidationError):
        services.representation_end(
            actor=legal, representation=mandate, ended_on=datetime.date(2000, 1, 1), reason="x"
        )
    services.representation_end(
        actor=legal, representation=mandate, ended_on=DAY, reason="Client changed lawyer"
    )
    assert not is_represented(application)


# --- Rule 23ter -------------------------------------------------------------------------------


@pytest.fixture
def closed_case(db):
    return CaseFactory.create(
        number="002/02", closing_order_on=datetime.date(2010, 9, 15), investigation_closed_on=None
    )


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (Status.SCREENED, Status.TRANSMITTED),
        (Status.PROVISIONAL, Status.ADMITTED),
        (Status.APPEALED, Status.ADMITTED_ON_APPEAL),
    ],
)
def test_rule_23ter_refuses_a_civil_party_without_a_lawyer_after_the_closing_order(
    legal, closed_case, start, to
) -> None:
    application = ApplicationFactory.create(case=closed_case, status=start)
    with pytest.raises(ValidationError, match="Rule 23ter") as error:
        application_transition(actor=legal, application=application, to_status=to, decided_on=DAY)
    assert "Add a lawyer" in str(error.value)
    application.refresh_from_db()
    assert application.status == start

    RepresentationFactory.create(application=application)
    application_transition(actor=legal, application=application, to_status=to, decided_on=DAY)
    application.refresh_from_db()
    assert application.status == to


def test_rule_23ter_waits_for_the_closing_order(legal, closed_case) -> None:
    application = ApplicationFactory.create(case=closed_case, status=Status.SCREENED)
    application_transition(
        actor=legal,
        application=application,
        to_status=Status.TRANSMITTED,
        decided_on=datetime.date(2010, 9, 14),
    )
    open_case = ApplicationFactory.create(
        case=CaseFactory.create(number="004", closing_order_on=None), status=Status.SCREENED
    )
    application_transition(actor=legal, application=open_case, to_status=Status.TRANSMITTED)


def test_a_decision_cannot_be_dated_before_the_one_it_follows(legal, closed_case) -> None:
    """Which also keeps a date before the Closing Order from slipping past Rule 23ter."""
    application = ApplicationFactory.create(case=closed_case, status=Status.SCREENED)
    application_transition(
        actor=legal,
        application=application,
        to_status=Status.INCOMPLETE,
        decided_on=datetime.date(2011, 1, 10),
        reason="The signature is missing",
    )
    application_transition(
        actor=legal,
        application=application,
        to_status=Status.RECEIVED,
        decided_on=datetime.date(2011, 2, 1),
    )
    application_transition(
        actor=legal,
        application=application,
        to_status=Status.SCREENED,
        decided_on=datetime.date(2011, 2, 1),
    )
    with pytest.raises(ValidationError, match="previous decision") as error:
        application_transition(
            actor=legal,
            application=application,
            to_status=Status.TRANSMITTED,
            decided_on=datetime.date(2010, 9, 1),
        )
    assert "decided_on" in error.value.error_dict
    application.refresh_from_db()
    assert application.status == Status.SCREENED


def test_a_suspended_lawyer_does_not_count_under_rule_23ter(legal, closed_case) -> None:
    application = ApplicationFactory.create(case=closed_case, status=Status.PROVISIONAL)
    RepresentationFactory.create(
        application=application, lawyer=LawyerFactory.create(status=LawyerStatus.SUSPENDED)
    )
    with pytest.raises(ValidationError, match="Rule 23ter"):
        application_transition(actor=legal, application=application, to_status=Status.ADMITTED)


def test_rule_23ter_leaves_other_moves_alone(legal, closed_case) -> None:
    application = ApplicationFactory.create(case=closed_case, status=Status.TRANSMITTED)
    application_transition(
        actor=legal, application=application, to_status=Status.REJECTED, reason="No link"
    )

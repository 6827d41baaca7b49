"""Who a lawyer sees: their clients, and a Lead Co-Lawyer the consolidated group of
their case, read-only; nobody else."""

from vss import policy
from vss.applications.models import Application, Status
from vss.people.models import Person
from vss.representation.models import LawyerStatus
from vss.testing.factories import ApplicationFactory, CaseFactory, RepresentationFactory


def test_a_lawyer_sees_only_current_clients(lawyer, other_lawyer) -> None:
    mine = RepresentationFactory.create(lawyer=lawyer.lawyer).application
    RepresentationFactory.create(lawyer=other_lawyer.lawyer)
    ended = RepresentationFactory.create(
        lawyer=lawyer.lawyer, ended_on="2012-01-01", end_reason="Client chose another lawyer"
    ).application
    ApplicationFactory.create()

    seen = policy.applications_in_scope(lawyer, Application.objects.all())
    assert list(seen) == [mine]
    assert ended not in seen
    assert list(policy.people_in_scope(lawyer, Person.objects.all())) == [mine.applicant]
    assert policy.can_work_for_client(lawyer, mine)
    assert not policy.can_work_for_client(lawyer, ended)


def test_a_suspended_lawyer_sees_no_one(lawyer) -> None:
    RepresentationFactory.create(lawyer=lawyer.lawyer)
    lawyer.lawyer.status = LawyerStatus.SUSPENDED
    lawyer.lawyer.save(update_fields=["status"])
    assert not policy.applications_in_scope(lawyer, Application.objects.all()).exists()


def test_a_lead_co_lawyer_reads_the_consolidated_group_of_their_case(lead_co_lawyer) -> None:
    case = CaseFactory.create(number="002/02")
    admitted = ApplicationFactory.create(case=case, status=Status.ADMITTED)
    provisional = ApplicationFactory.create(case=case, status=Status.PROVISIONAL)
    ApplicationFactory.create(case=case, status=Status.REJECTED)
    ApplicationFactory.create(case=CaseFactory.create(number="004"), status=Status.ADMITTED)

    seen = set(policy.applications_in_scope(lead_co_lawyer, Application.objects.all()))
    assert seen == {admitted, provisional}
    assert not policy.can_work_for_client(lead_co_lawyer, admitted)

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


def test_the_lead_co_lawyer_of_a_trial_segment_leads_the_civil_parties_of_its_case(
    client, db
) -> None:
    """Case 002/02 takes no applications: its Civil Parties are those of Case 002, and its
    Lead Co-Lawyers read them, on the consolidated group page too."""
    from django.urls import reverse

    from vss.testing.factories import LeadCoLawyerFactory
    from vss.testing.personas import lawyer_persona

    case_002 = CaseFactory.create(number="002")
    segment = CaseFactory.create(number="002/02", parent=case_002, accepts_applications=False)
    lead = lawyer_persona("segment-lead", "NHEK")
    LeadCoLawyerFactory.create(case=segment, lawyer=lead.lawyer)
    admitted = ApplicationFactory.create(case=case_002, status=Status.ADMITTED)
    ApplicationFactory.create(case=case_002, status=Status.REJECTED)
    ApplicationFactory.create(case=CaseFactory.create(number="004"), status=Status.ADMITTED)

    assert list(policy.applications_in_scope(lead, Application.objects.all())) == [admitted]
    client.force_login(lead)
    response = client.get(reverse("representation:consolidated", args=[segment.pk]))
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [admitted]

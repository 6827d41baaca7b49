"""A lawyer writes in the contact log of their own clients only. A Lead Co-Lawyer reads
the whole consolidated group of their case, but for the contact log, as for client notes,
a Civil Party who is not their client is read-only; a lawyer whose mandate ended no
longer writes about the former client."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from vss import policy
from vss.applications.models import Status
from vss.people.models import Person
from vss.representation.services import representation_end
from vss.support import services
from vss.support.models import Contact
from vss.support.selectors import follow_ups_due
from vss.testing.factories import ApplicationFactory, ContactFactory, RepresentationFactory

pytestmark = pytest.mark.django_db


def _data(**kw) -> services.ContactData:
    return services.ContactData(
        channel="phone", happened_on=timezone.localdate(), summary="Called", **kw
    )


@pytest.fixture
def someone_elses_client(lawyer, lead_co_lawyer):
    """A Civil Party of Case 002/02, in the Lead Co-Lawyer's consolidated group, whom the
    lawyer persona represents."""
    return RepresentationFactory.create(lawyer=lawyer.lawyer).application.applicant


@pytest.fixture
def own_client(lead_co_lawyer):
    return RepresentationFactory.create(lawyer=lead_co_lawyer.lawyer).application.applicant


def test_the_policy_tells_reading_from_writing(lead_co_lawyer, someone_elses_client, own_client):
    people = policy.people_in_scope(lead_co_lawyer, Person.objects.all())
    assert {someone_elses_client, own_client} <= set(people)
    assert not policy.can_log_contact(lead_co_lawyer, someone_elses_client)
    assert policy.can_log_contact(lead_co_lawyer, own_client)


def test_the_service_refuses_a_lead_co_lawyer_writing_about_a_non_client(
    lead_co_lawyer, someone_elses_client, own_client
) -> None:
    with pytest.raises(PermissionDenied):
        services.contact_record(actor=lead_co_lawyer, person=someone_elses_client, data=_data())
    services.contact_record(actor=lead_co_lawyer, person=own_client, data=_data())
    assert list(Contact.objects.values_list("person_id", flat=True)) == [own_client.pk]


def test_staff_cannot_hand_a_follow_up_to_a_lawyer_who_only_reads_the_person(
    outreach, lead_co_lawyer, someone_elses_client
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.contact_record(
            actor=outreach,
            person=someone_elses_client,
            data=_data(follow_up_on=timezone.localdate(), follow_up_user=lead_co_lawyer),
        )
    assert "follow_up_user" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        services.contact_record(
            actor=outreach, person=someone_elses_client, data=_data(contacted_by=lead_co_lawyer)
        )
    assert "contacted_by" in refused.value.error_dict
    assert not Contact.objects.exists()


def test_the_page_offers_the_form_for_own_clients_only(
    client: Client, lead_co_lawyer, someone_elses_client, own_client
) -> None:
    client.force_login(lead_co_lawyer)
    for person, offered in ((someone_elses_client, False), (own_client, True)):
        response = client.get(reverse("people:detail", args=[person.pk]))
        assert response.status_code == 200
        body = response.content.decode()
        assert 'id="contacts"' in body
        assert (reverse("support:contact_add", args=[person.pk]) in body) is offered
        assert (response.context["contact_form"] is not None) is offered
    refused = client.post(
        reverse("support:contact_add", args=[someone_elses_client.pk]),
        {
            "happened_on": timezone.localdate().isoformat(),
            "channel": "phone",
            "contacted_by": lead_co_lawyer.pk,
            "summary": "Called",
        },
    )
    assert refused.status_code == 403
    assert not Contact.objects.exists()


def test_a_lawyer_whose_mandate_ended_no_longer_closes_the_follow_up(
    client: Client, lawyer, legal
) -> None:
    mandate = RepresentationFactory.create(
        lawyer=lawyer.lawyer, application=ApplicationFactory.create(status=Status.ADMITTED)
    )
    person = mandate.application.applicant
    contact = ContactFactory.create(
        person=person,
        contacted_by=lawyer,
        follow_up_on=timezone.localdate(),
        follow_up_user=lawyer,
    )
    assert [f.contact for f in follow_ups_due(lawyer) or []] == [contact]
    representation_end(
        actor=legal,
        representation=mandate,
        ended_on=datetime.date(2024, 5, 2),
        reason="The client chose another lawyer",
    )
    assert follow_ups_due(lawyer) == []
    with pytest.raises(PermissionDenied):
        services.follow_up_done(actor=lawyer, contact=contact)
    client.force_login(lawyer)
    assert client.post(reverse("support:follow_up_done", args=[contact.pk])).status_code == 404
    contact.refresh_from_db()
    assert contact.follow_up_done_at is None

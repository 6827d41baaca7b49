"""Notifications: rows for the recipients at once, an email only once the change that
caused them is committed, and lawyers told of their clients' status changes."""

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings

from vss.applications import services as application_services
from vss.applications.models import Status
from vss.notifications.models import Notification
from vss.notifications.services import notify
from vss.notifications.tasks import email_notifications
from vss.representation import services as representation_services
from vss.representation.models import LawyerStatus
from vss.testing.factories import (
    ApplicationFactory,
    PersonFactory,
    RepresentationFactory,
    UserFactory,
    VifFactory,
)

pytestmark = pytest.mark.django_db


@override_settings(VSS_BASE_URL="https://vss.example.org/")
def test_notify_writes_one_row_per_recipient_and_emails_those_with_an_address(
    django_capture_on_commit_callbacks,
) -> None:
    with_email = UserFactory.create(username="with-email", email="a@example.org")
    without_email = UserFactory.create(username="without-email", email="")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(
            recipients=[with_email, without_email, with_email],
            message="VSS-002/02-00001 (case 002/02): status changed",
            url="/applications/1/",
        )
        assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    rows = {n.recipient_id: n for n in Notification.objects.all()}
    assert set(rows) == {with_email.pk, without_email.pk}
    assert rows[with_email.pk].emailed_at is not None
    assert rows[without_email.pk].emailed_at is None
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["a@example.org"]
    assert "VSS-002/02-00001" in sent.subject
    assert "https://vss.example.org/applications/1/" in sent.body


def test_nobody_with_an_address_means_no_email_task(django_capture_on_commit_callbacks) -> None:
    user = UserFactory.create(username="no-address", email="")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(recipients=[user], message="m", url="")
    assert callbacks == []
    assert Notification.objects.filter(recipient=user).count() == 1


def test_an_email_is_sent_once_even_if_the_task_runs_again() -> None:
    user = UserFactory.create(username="twice", email="t@example.org")
    note = Notification.objects.create(recipient=user, message="m")
    email_notifications.call(notification_ids=[note.pk])
    email_notifications.call(notification_ids=[note.pk])
    assert len(mail.outbox) == 1


def _client_of(lawyer_user, status=Status.PROVISIONAL, **person):
    form = VifFactory.create(applicant=PersonFactory.create(**person))
    application = ApplicationFactory.create(form=form, status=status)
    RepresentationFactory.create(application=application, lawyer=lawyer_user.lawyer)
    return application


def test_a_status_change_tells_exactly_the_current_lawyers(
    legal, lawyer, other_lawyer, lead_co_lawyer, django_capture_on_commit_callbacks
) -> None:
    application = _client_of(
        lawyer,
        family_name_latin="HIDDEN",
        given_name_latin="Name",
        is_protected=True,
        pseudonym="CP-17",
    )
    # A lawyer whose mandate ended hears nothing more of the client.
    RepresentationFactory.create(
        application=application,
        lawyer=other_lawyer.lawyer,
        ended_on="2012-01-01",
        end_reason="Client chose another lawyer",
    )
    with django_capture_on_commit_callbacks(execute=True):
        application_services.application_transition(
            actor=legal, application=application, to_status=Status.ADMITTED
        )
    notifications = list(Notification.objects.all())
    assert [n.recipient for n in notifications] == [lawyer]
    message = notifications[0].message
    assert application.vss_number in message and "002/02" in message
    assert "HIDDEN" not in message and "Name" not in message
    assert notifications[0].url == f"/applications/{application.pk}/"
    assert [m.to for m in mail.outbox] == [[lawyer.email]]
    assert "HIDDEN" not in mail.outbox[0].body


def test_a_suspended_lawyer_is_not_told(legal, lawyer, django_capture_on_commit_callbacks) -> None:
    application = _client_of(lawyer)
    lawyer.lawyer.status = LawyerStatus.SUSPENDED
    lawyer.lawyer.save(update_fields=["status"])
    with django_capture_on_commit_callbacks(execute=True):
        application_services.application_transition(
            actor=legal, application=application, to_status=Status.ADMITTED
        )
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_status_change_without_lawyers_notifies_nobody(legal) -> None:
    application = ApplicationFactory.create(status=Status.PROVISIONAL)
    application_services.application_transition(
        actor=legal, application=application, to_status=Status.ADMITTED
    )
    assert not Notification.objects.exists()


def test_nothing_is_sent_when_the_change_is_rolled_back(
    legal, lawyer, django_capture_on_commit_callbacks
) -> None:
    application = _client_of(lawyer)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        application_services.application_transition(
            actor=legal, application=application, to_status=Status.ADMITTED
        )
        assert Notification.objects.count() == 1
        raise RuntimeError("the surrounding work failed")
    assert callbacks == []
    assert not Notification.objects.exists()
    assert mail.outbox == []
    application.refresh_from_db()
    assert application.status == Status.PROVISIONAL


def test_the_hook_costs_one_query_and_one_insert(
    legal, lawyer, other_lawyer, django_assert_num_queries
) -> None:
    application = _client_of(lawyer)
    RepresentationFactory.create(application=application, lawyer=other_lawyer.lawyer)
    change = application.status_changes.create(
        from_status=Status.TRANSMITTED,
        to_status=Status.PROVISIONAL,
        actor=legal,
        decided_on="2013-01-01",
    )
    with django_assert_num_queries(2):
        representation_services.notify_lawyers_of_status_change(
            application=application, change=change
        )
    assert Notification.objects.count() == 2


def test_a_lawyer_is_told_when_given_a_client_and_when_the_mandate_ends(lawyer, legal) -> None:
    application = ApplicationFactory.create(status=Status.ADMITTED)
    representation = representation_services.representation_add(
        actor=legal,
        application=application,
        lawyer=lawyer.lawyer,
        started_on=application.created_at.date(),
    )
    (given,) = Notification.objects.filter(recipient=lawyer)
    assert f"{application.vss_number} (case" in given.message
    assert "now your client" in given.message
    assert application.applicant.family_name_latin not in given.message
    representation_services.representation_end(
        actor=legal,
        representation=representation,
        ended_on=application.created_at.date(),
        reason="The client chose another lawyer",
    )
    assert Notification.objects.filter(recipient=lawyer, message__contains="has ended").exists()


def test_the_grouping_tool_tells_the_lawyers_whose_clients_came_or_went(
    lawyer, other_lawyer, legal
) -> None:
    from django.utils import translation

    from vss.testing.factories import CivilPartyGroupFactory

    group = CivilPartyGroupFactory.create(name="Kampot cooperatives")
    applications = [
        ApplicationFactory.create(case=group.case, status=Status.ADMITTED) for _ in range(3)
    ]
    RepresentationFactory.create(application=applications[0], lawyer=lawyer.lawyer)
    RepresentationFactory.create(application=applications[1], lawyer=other_lawyer.lawyer)
    representation_services.group_assign(
        actor=legal,
        group=group,
        lawyer=lawyer.lawyer,
        application_ids=[a.pk for a in applications],
    )
    (told,) = Notification.objects.filter(recipient=lawyer)
    assert told.message.startswith("2 Civil Parties of the group “Kampot cooperatives”")
    with translation.override("fr"):
        assert told.text.startswith("2 parties civiles du groupe")
    (displaced,) = Notification.objects.filter(recipient=other_lawyer)
    assert displaced.message.startswith("Your mandate for 1 Civil Party ended")
    group.refresh_from_db()
    assert group.lawyer == lawyer.lawyer


def test_each_recipient_reads_the_notification_in_their_own_language(
    lawyer, other_lawyer, legal, django_capture_on_commit_callbacks
) -> None:
    """A Khmer-speaking officer's decision reaches a French-speaking lawyer in French."""
    from django.utils import translation

    lawyer.language = "fr"
    lawyer.save(update_fields=["language"])
    application = ApplicationFactory.create(status=Status.TRANSMITTED)
    for who in (lawyer, other_lawyer):
        RepresentationFactory.create(application=application, lawyer=who.lawyer)
    with translation.override("km"), django_capture_on_commit_callbacks(execute=True):
        application_services.application_transition(
            actor=legal, application=application, to_status=Status.ADMITTED
        )
    french = Notification.objects.get(recipient=lawyer).message
    english = Notification.objects.get(recipient=other_lawyer).message
    assert "Transmise aux juges\xa0» à «\xa0Déclarée recevable" in french, french
    assert "“Transmitted to the judges” to “Admitted”" in english, english
    (to_lawyer,) = [m for m in mail.outbox if m.to == [lawyer.email]]
    assert to_lawyer.subject.startswith("VSS")
    assert "Déclarée recevable" in to_lawyer.body

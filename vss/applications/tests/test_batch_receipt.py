"""Recording the receipt of a batch of forms from the list: each form as its own page
would receive it (same checks, its own number and audit entry), the refused ones listed
with their reasons, none received when one ticked is out of sight."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from vss.accounts.models import User
from vss.applications.models import Application, Channel, Status
from vss.audit.models import AuditAction, AuditEntry
from vss.testing.factories import ApplicationFactory, CaseFactory, PersonFactory, VifFactory

pytestmark = pytest.mark.django_db

URL = "applications:receive_batch"


def _draft(intermediary: User, family_name: str, *, case_number: str = "004/02", closed=None):
    case = CaseFactory.create(number=case_number, investigation_closed_on=closed)
    form = VifFactory.create(
        applicant=PersonFactory.create(family_name_latin=family_name),
        channel=Channel.INTERMEDIARY,
        intermediary=intermediary.organisation,
        entered_by_organisation=intermediary.organisation,
        created_by=intermediary,
    )
    return ApplicationFactory.create(form=form, case=case)


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, applications: list, **data):
    return client.post(
        reverse(URL),
        {"application": [a.pk for a in applications], "filters": "status=draft", **data},
    )


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_batch_is_received_form_by_form_each_with_its_number_and_audit_entry(
    intake, intermediary
):
    batch = [_draft(intermediary, f"BATCH{i}") for i in range(3)]
    day = timezone.localdate() - datetime.timedelta(days=2)

    response = _post(_signed_in(intake), batch, received_on=day.isoformat())

    assert response.status_code == 302
    assert response["Location"] == reverse("applications:list") + "?status=draft"
    numbers = []
    for application in batch:
        application.refresh_from_db()
        assert application.status == Status.RECEIVED and application.vss_number
        change = application.status_changes.get()
        assert (change.actor, change.decided_on) == (intake, day)
        entry = AuditEntry.objects.get(
            action=AuditAction.STATUS_CHANGE, object_id=str(application.pk)
        )
        assert entry.changes["vss_number"]["new"] == application.vss_number
        numbers.append(application.vss_number)
    [message] = _messages(response)
    assert all(number in message for number in numbers)


def test_the_forms_refused_are_reported_with_their_reasons_and_the_others_received(
    intake, intermediary
):
    on_time = _draft(intermediary, "ONTIME")
    # The notice of the end of the investigation was long ago: a form received today is late,
    # and intake may not accept a late form.
    late = _draft(intermediary, "LATE", case_number="002/02", closed=datetime.date(2010, 1, 14))
    already = _draft(intermediary, "ALREADY")
    Application.objects.filter(pk=already.pk).update(status=Status.RECEIVED, vss_number="VSS-X-1")

    response = _post(_signed_in(intake), [on_time, late, already])

    on_time.refresh_from_db()
    late.refresh_from_db()
    assert on_time.status == Status.RECEIVED
    assert late.status == Status.DRAFT and late.vss_number is None
    assert not late.status_changes.exists()
    received, *refused = _messages(response)
    assert on_time.vss_number in received
    assert len(refused) == 2
    late_message = next(m for m in refused if "LATE" in m)
    assert "after the deadline" in late_message and str(late.pk) in late_message
    already_message = next(m for m in refused if "ALREADY" in m)
    assert "cannot become" in already_message


def test_a_protected_applicant_is_named_in_the_report_as_the_list_names_them(intake, intermediary):
    application = _draft(intermediary, "HIDDEN")
    Application.objects.filter(pk=application.pk).update(
        status=Status.RECEIVED, vss_number="VSS-X-2"
    )
    application.applicant.is_protected = True
    application.applicant.pseudonym = "Witness B-1"
    application.applicant.save(update_fields=["is_protected", "pseudonym"])

    [message] = _messages(_post(_signed_in(intake), [application]))
    assert "Witness B-1" in message and "HIDDEN" not in message


def test_a_batch_with_a_form_that_is_not_there_receives_none(intake, intermediary):
    application = _draft(intermediary, "REAL")
    response = _signed_in(intake).post(reverse(URL), {"application": [application.pk, 999_999]})
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert not AuditEntry.objects.filter(action=AuditAction.STATUS_CHANGE).exists()


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({}, "Tick the forms to receive first."),
        ({"application": ["x"]}, "sent incomplete"),
        ({"application": ["1"], "received_on": "2999-01-01"}, "cannot be in the future"),
    ],
)
def test_a_batch_that_does_not_read_is_sent_back_with_what_is_wrong(intake, data, problem):
    response = _signed_in(intake).post(reverse(URL), data)
    assert response.status_code == 302
    assert any(problem in message for message in _messages(response))
    assert not AuditEntry.objects.filter(action=AuditAction.STATUS_CHANGE).exists()


def test_the_list_offers_the_batch_to_those_who_record_receipts(intake, outreach, intermediary):
    draft = _draft(intermediary, "DRAFT")
    received = _draft(intermediary, "RECEIVED")
    Application.objects.filter(pk=received.pk).update(status=Status.RECEIVED, vss_number="VSS-X-3")

    page = _signed_in(intake).get(reverse("applications:list")).text
    assert f'action="{reverse(URL)}"' in page and "csrfmiddlewaretoken" in page
    assert 'data-select-all="application"' in page
    assert f'name="application" value="{draft.pk}"' in page
    # A form already received has no box: there is nothing to receive.
    assert f'name="application" value="{received.pk}"' not in page

    for reader in (outreach, intermediary):
        page = _signed_in(reader).get(reverse("applications:list")).text
        assert reverse(URL) not in page and 'name="application"' not in page


def test_a_batch_without_the_csrf_token_is_refused(intake, intermediary):
    application = _draft(intermediary, "CSRF")
    client = Client(enforce_csrf_checks=True)
    client.force_login(intake)
    assert client.post(reverse(URL), {"application": [application.pk]}).status_code == 403
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_the_way_back_to_the_list_is_read_again_not_trusted(intake):
    response = _signed_in(intake).post(reverse(URL), {"filters": "q=a b\r\nSet-Cookie: x=1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:list") + "?q=a+b%0D%0ASet-Cookie%3A+x%3D1"


def test_a_get_of_the_batch_is_refused(intake):
    assert _signed_in(intake).get(reverse(URL)).status_code == 405

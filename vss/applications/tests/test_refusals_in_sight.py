"""A refused action is told where the eye is: the form's refusal at the top of the form
and a refused action's message at the top of the page, each announced (role=alert) and
focused when the page opens (tabindex=-1 and autofocus, so the browser scrolls to it on a
page of any length). And the status change form offers only what the user may do with
the application as it stands: the reason for accepting a late application to those who
may accept it, while its receipt may still be found late; the court document with the
judges' decisions."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from vss.applications.models import Application, Status
from vss.testing.clients import signed_in
from vss.testing.factories import ApplicationFactory, CaseFactory, VifFactory

pytestmark = pytest.mark.django_db

LATE_REASON = 'name="deadline_override_reason"'
COURT_DOCUMENT = 'name="court_document"'
STATUS_FORM = 'action="{}"'


def _late_draft() -> Application:
    # Case 002/02's investigation closed in 2010: a form received today is late.
    return ApplicationFactory.create(case=CaseFactory.create(number="002/02"))


def _undated_late_draft() -> Application:
    # Not yet dated: it may have come in before the deadline, it is late if received today.
    return ApplicationFactory.create(
        case=CaseFactory.create(number="002/02"), form=VifFactory.create(received_on=None)
    )


def _draft_in_time() -> Application:
    case = CaseFactory.create(number="004/01", investigation_closed_on=None)
    return ApplicationFactory.create(case=case)


def _late_and_admitted() -> Application:
    application = _late_draft()
    Application.objects.filter(pk=application.pk).update(
        status=Status.ADMITTED,
        vss_number="VSS-002/02-00001",
        is_late=True,
        deadline_override_reason="Held by the intermediary during the floods.",
    )
    return Application.objects.get(pk=application.pk)


def _transmitted() -> Application:
    return ApplicationFactory.create(status=Status.TRANSMITTED)


def _page(request, persona: str, application: Application) -> str:
    response = signed_in(request, persona).get(
        reverse("applications:detail", args=[application.pk])
    )
    assert response.status_code == 200
    return response.content.decode()


def _status_form(html: str, application: Application) -> str:
    action = reverse("applications:transition", args=[application.pk])
    assert STATUS_FORM.format(action) in html
    return html.split(STATUS_FORM.format(action), 1)[1].split("</form>", 1)[0]


@pytest.mark.parametrize(
    ("make", "persona", "asks_the_late_reason"),
    [
        (_late_draft, "chief", True),
        (_late_draft, "legal", True),
        # Intake records receipts but may not accept one late: the refusal says so.
        (_undated_late_draft, "intake", False),
        (_undated_late_draft, "legal", True),
        (_draft_in_time, "legal", False),
        (_late_and_admitted, "legal", False),
        (_late_and_admitted, "chief", False),
    ],
)
def test_the_late_reason_is_asked_only_of_who_may_accept_while_it_may_be_late(
    request, make, persona, asks_the_late_reason
):
    application = make()

    form = _status_form(_page(request, persona, application), application)

    assert (LATE_REASON in form) is asks_the_late_reason


@pytest.mark.parametrize("persona", ["reparations", "outreach"])
def test_who_may_not_change_the_status_is_offered_no_form(request, persona):
    application = _late_draft()

    html = _page(request, persona, application)

    assert reverse("applications:transition", args=[application.pk]) not in html
    assert LATE_REASON not in html


@pytest.mark.parametrize(
    ("make", "persona", "asks_the_court_document"),
    [
        (_undated_late_draft, "intake", False),
        (_late_and_admitted, "intake", False),
        # A receipt is no decision of the judges, whoever records it.
        (_late_draft, "legal", False),
        (_transmitted, "legal", True),
        (_transmitted, "chief", True),
    ],
)
def test_the_court_document_is_asked_with_the_judges_decisions_only(
    request, make, persona, asks_the_court_document
):
    application = make()

    form = _status_form(_page(request, persona, application), application)

    assert (COURT_DOCUMENT in form) is asks_the_court_document


def _offered(html: str, application: Application) -> set[str]:
    form = _status_form(html, application)
    select = form.split('name="to_status"', 1)[1].split("</select>", 1)[0]
    return set(re.findall(r'<option value="(\w+)"', select))


@pytest.mark.parametrize(
    ("make", "persona", "receipt_offered"),
    [
        # Dated after the deadline: intake could only be refused, so it is not offered.
        (_late_draft, "intake", False),
        (_late_draft, "legal", True),
        (_late_draft, "chief", True),
        # Undated, the date of receipt given may be within the deadline.
        (_undated_late_draft, "intake", True),
        (_draft_in_time, "intake", True),
    ],
)
def test_the_receipt_is_offered_only_to_who_can_record_it(request, make, persona, receipt_offered):
    application = make()

    offered = _offered(_page(request, persona, application), application)

    assert (Status.RECEIVED.value in offered) is receipt_offered
    # What intake may still do with the form stays offered.
    assert Status.WITHDRAWN.value in offered


def test_a_late_receipt_sent_all_the_same_is_refused(request):
    # A page opened before the form was dated, or a request made by hand.
    application = _late_draft()

    response = signed_in(request, "intake").post(
        reverse("applications:transition", args=[application.pk]),
        {"to_status": Status.RECEIVED, "version": application.version},
    )

    assert response.status_code == 400
    assert 'role="alert"' in _status_form(response.content.decode(), application)
    application.refresh_from_db()
    assert application.status == Status.DRAFT and application.vss_number is None


def _focused_alerts(html: str) -> list[str]:
    return re.findall(r"<div [^>]*autofocus[^>]*>", html)


def test_a_refused_status_change_is_told_at_the_form_announced_and_focused(request):
    application = _undated_late_draft()
    client = signed_in(request, "intake")

    response = client.post(
        reverse("applications:transition", args=[application.pk]),
        {"to_status": Status.RECEIVED, "version": application.version},
    )

    assert response.status_code == 400
    html = response.content.decode()
    form = _status_form(html, application)
    refusal = form.split("</div>", 1)[0]
    assert "Only a legal officer or the Chief of Section can accept a late application" in refusal
    assert 'role="alert"' in refusal
    assert 'tabindex="-1"' in refusal
    # One element takes the focus when the page opens: the refusal, at the form.
    focused = _focused_alerts(html)
    assert len(focused) == 1 and focused[0] in form
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_a_field_refused_is_linked_from_the_summary_at_the_form(request):
    application = _transmitted()

    response = signed_in(request, "legal").post(
        reverse("applications:transition", args=[application.pk]),
        # A rejection needs its reason.
        {"to_status": Status.REJECTED, "version": application.version},
    )

    assert response.status_code == 400
    form = _status_form(response.content.decode(), application)
    summary = form.split("</div>", 1)[0]
    assert 'role="alert"' in summary and "autofocus" in summary
    assert re.search(
        r'<a href="#id_reason">Reason: Give the reason for this decision\.</a>', summary
    )
    assert 'id="id_reason"' in form


def test_the_summary_is_not_drawn_for_a_form_not_sent(request):
    application = _transmitted()

    html = _page(request, "legal", application)

    assert not _focused_alerts(html)
    assert 'role="alert"' not in _status_form(html, application)


def test_a_refused_action_s_message_is_announced_and_focused_at_the_top(request):
    application = _transmitted()
    client = signed_in(request, "intake")

    # A document without its file is refused; the page it returns to tells why.
    response = client.post(
        reverse("applications:document_upload", args=[application.form.pk]),
        {"document-kind": "family_book"},
        follow=True,
    )

    html = response.content.decode()
    messages = re.search(r'<div class="messages"[^>]*>(.*?)</div>', html, re.S)
    assert messages
    assert 'role="alert"' in messages.group(0)
    assert 'tabindex="-1"' in messages.group(0) and "autofocus" in messages.group(0)
    assert "Choose a file." in messages.group(1)
    # At the top of the page, before the record.
    assert html.index('class="messages"') < html.index('class="record-head"')


def test_a_success_is_announced_without_taking_the_focus(request):
    application = ApplicationFactory.create(
        case=CaseFactory.create(number="004/01", investigation_closed_on=None),
        form=VifFactory.create(received_on=timezone.localdate() - datetime.timedelta(days=1)),
    )

    response = signed_in(request, "intake").post(
        reverse("applications:transition", args=[application.pk]),
        {"to_status": Status.RECEIVED, "version": application.version},
        follow=True,
    )

    html = response.content.decode()
    messages = re.search(r'<div class="messages"[^>]*>', html)
    assert messages
    assert 'role="status"' in messages.group(0)
    assert "autofocus" not in messages.group(0)
    assert not _focused_alerts(html)

"""The sync request of the intake app: forms kept on an intermediary's device, sent one or
many at once, each recorded once per id made on the device; a retry is answered as the
first send was, the same id with other content is refused, one bad form is answered with
its problems and holds back none of the others."""

import contextlib
import json
import threading
import uuid
from unittest import mock

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from vss.applications.models import Application, Channel, Status, VictimInformationForm
from vss.audit.models import AuditEntry
from vss.portal.models import DeviceForm, DeviceFormStatus
from vss.portal.services import intake as services
from vss.portal.services.applying import online_actor
from vss.testing.clients import signed_in

from .intake_world import device_form, open_case

pytestmark = pytest.mark.django_db

SYNC = "portal:intake_sync"


def _send(client, *forms):
    response = client.post(
        reverse(SYNC), json.dumps({"forms": list(forms)}), content_type="application/json"
    )
    return response.status_code, response.json()


@pytest.fixture
def sender(request):
    return signed_in(request, "intermediary")


def test_one_form_enters_the_workflow_through_the_intermediary_channel(sender, intermediary):
    case = open_case()
    sent = device_form(case)
    status, answer = _send(sender, sent)
    assert status == 200
    [result] = answer["results"]
    assert (result["id"], result["outcome"], result["problems"]) == (sent["id"], "received", [])
    vif = VictimInformationForm.objects.get()
    assert vif.channel == Channel.INTERMEDIARY
    assert vif.intermediary_id == intermediary.organisation_id
    assert vif.entered_by_organisation_id == intermediary.organisation_id
    application = Application.objects.get()
    assert result["applications"] == [application.pk]
    assert application.status == Status.RECEIVED
    assert application.vss_number
    assert vif.received_on == timezone.localdate()
    recorded = DeviceForm.objects.get()
    assert str(recorded.device_form_id) == sent["id"]
    assert (recorded.status, recorded.application, recorded.sent_by) == (
        DeviceFormStatus.RECEIVED,
        application,
        intermediary,
    )
    assert AuditEntry.objects.filter(object_type="portal.deviceform").count() == 1


def test_many_forms_at_once_each_make_an_application(sender):
    case = open_case()
    forms = [
        device_form(case, **{"applicant-given_name_latin": name, "applicant-given_name_km": km})
        for name, km in (("Sophea", "សុភា"), ("Dara", "ដារ៉ា"), ("Vanna", "វណ្ណា"))
    ]
    status, answer = _send(sender, *forms)
    assert status == 200
    assert [r["outcome"] for r in answer["results"]] == ["received"] * 3
    assert Application.objects.count() == 3
    assert DeviceForm.objects.filter(status=DeviceFormStatus.RECEIVED).count() == 3


def test_a_retry_is_answered_as_the_first_send_and_records_nothing_more(sender):
    case = open_case()
    sent = device_form(case)
    _, first = _send(sender, sent)
    _, again = _send(sender, sent)
    assert again == first
    assert Application.objects.count() == 1
    assert DeviceForm.objects.get().times_sent == 2


def test_the_same_id_with_other_content_is_refused_and_the_first_form_stands(sender):
    case = open_case()
    sent = device_form(case)
    _send(sender, sent)
    other = device_form(case, sent["id"], **{"applicant-given_name_latin": "Dara"})
    _, answer = _send(sender, other)
    [result] = answer["results"]
    assert result["outcome"] == "refused"
    assert result["problems"] == ["This form's id was already used for another form."]
    assert Application.objects.count() == 1
    assert VictimInformationForm.objects.get().applicant.given_name_latin == "Sophea"


def test_a_bad_form_is_answered_with_its_problems_and_holds_back_none_of_the_others(sender):
    case = open_case()
    good = device_form(case)
    bad = device_form(case, **{f"cases-case_{case.pk}": "", "applicant-given_name_km": ""})
    later = device_form(case, **{"applicant-given_name_latin": "Dara"})
    unreadable = {"id": "not an id", "fields": []}
    status, answer = _send(sender, good, bad, later, unreadable)
    assert status == 200
    outcomes = {r["id"]: r["outcome"] for r in answer["results"]}
    assert outcomes == {
        good["id"]: "received",
        bad["id"]: "refused",
        later["id"]: "received",
        "not an id": "refused",
    }
    problems = next(r["problems"] for r in answer["results"] if r["id"] == bad["id"])
    assert "Name at least one case." in problems
    assert Application.objects.count() == 2
    refused = DeviceForm.objects.get(status=DeviceFormStatus.REFUSED)
    assert str(refused.device_form_id) == bad["id"]
    assert refused.application is None


def test_a_refused_form_corrected_on_the_device_arrives_under_its_id(sender):
    case = open_case()
    bad = device_form(case, **{f"cases-case_{case.pk}": ""})
    _send(sender, bad)
    corrected = device_form(case, bad["id"])
    _, answer = _send(sender, corrected)
    assert answer["results"][0]["outcome"] == "received"
    recorded = DeviceForm.objects.get()
    assert (recorded.status, recorded.times_sent) == (DeviceFormStatus.RECEIVED, 2)


def test_another_organisations_id_is_refused_without_saying_whose_it_is(request, sender):
    case = open_case()
    sent = device_form(case)
    _send(signed_in(request, "other_intermediary"), sent)
    _, answer = _send(sender, sent)
    assert answer["results"][0]["outcome"] == "refused"
    assert DeviceForm.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"[]",
        b'{"forms": []}',
        b'{"forms": "x"}',
        json.dumps({"forms": [{}] * 51}),
    ],
)
def test_a_body_that_is_not_a_list_of_forms_is_refused_whole(sender, body):
    response = sender.post(reverse(SYNC), body, content_type="application/json")
    assert response.status_code == 400
    assert "error" in response.json()
    assert not DeviceForm.objects.exists()


def test_the_forms_list_shows_the_organisations_forms_only(request, sender):
    case = open_case()
    mine = device_form(case)
    theirs = device_form(case, **{"applicant-given_name_latin": "Dara"})
    _send(sender, mine)
    _send(signed_in(request, "other_intermediary"), theirs)
    listed = sender.get(reverse("portal:intake_forms")).json()["forms"]
    assert [row["id"] for row in listed] == [mine["id"]]
    assert listed[0]["status"] == "received"
    mine_url = reverse("portal:intake_form_detail", args=[mine["id"]])
    theirs_url = reverse("portal:intake_form_detail", args=[theirs["id"]])
    assert sender.get(mine_url).status_code == 200
    assert sender.get(theirs_url).status_code == 404
    assert sender.get(reverse("portal:intake_form_detail", args=[uuid.uuid4()])).status_code == 404
    intake_staff = signed_in(request, "intake")
    assert len(intake_staff.get(reverse("portal:intake_forms")).json()["forms"]) == 2


def test_a_role_without_the_app_is_refused(request):
    for persona in ("intake", "partner", "auditor"):
        client = signed_in(request, persona)
        response = client.post(
            reverse(SYNC), json.dumps({"forms": []}), content_type="application/json"
        )
        assert response.status_code == 403


def test_get_is_not_allowed_and_a_post_needs_the_csrf_token(request, sender):
    assert sender.get(reverse(SYNC)).status_code == 405
    guarded = signed_in(request, "intermediary", enforce_csrf_checks=True)
    sent = device_form(open_case())
    response = guarded.post(
        reverse(SYNC), json.dumps({"forms": [sent]}), content_type="application/json"
    )
    assert response.status_code == 403
    assert not DeviceForm.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two connections at once need PostgreSQL"
)
def test_the_same_forms_sent_at_once_from_two_connections_are_recorded_once(intermediary):
    case = open_case()
    online_actor()  # the receiving account exists before the two requests
    sent = services.device_forms_read({"forms": [device_form(case), device_form(case)]})
    # Both requests have checked the forms and found no record of their ids before
    # either records them: the database's constraint alone keeps them to one.
    checked = threading.Barrier(2)
    original = services._checked

    def checked_together(actor, form):
        found = original(actor, form)
        with contextlib.suppress(threading.BrokenBarrierError):
            checked.wait(timeout=10)
        return found

    results: list[list[tuple[str, str]]] = []

    def send() -> None:
        try:
            answers = services.device_forms_receive(actor=intermediary, request=sent)
            results.append([(a.device_form_id, a.outcome) for a in answers])
        finally:
            connection.close()

    with mock.patch.object(services, "_checked", checked_together):
        threads = [threading.Thread(target=send) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    ids = [str(f.device_form_id) for f in sent.forms]
    assert results == [[(i, "received") for i in ids]] * 2
    assert DeviceForm.objects.count() == 2
    assert VictimInformationForm.objects.count() == 2
    assert Application.objects.count() == 2
    assert AuditEntry.objects.filter(object_type="portal.deviceform").count() == 2

"""The sync request of the intake app: forms kept on an intermediary's device, sent one or
many at once, each recorded once per id made on the device; a retry is answered as the
first send was, the same id with other content is refused, one bad form is answered with
its problems and holds back none of the others. A form with documents comes alone, as
multipart, and is recorded with them once, or refused whole with the reason."""

import contextlib
import json
import threading
import uuid
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from vss.applications.models import (
    Application,
    Channel,
    DocumentKind,
    Status,
    SupportingDocument,
    VictimInformationForm,
)
from vss.audit.models import AuditEntry
from vss.portal.models import DeviceForm, DeviceFormStatus
from vss.portal.services import intake as services
from vss.portal.services.applying import online_actor
from vss.testing.clients import signed_in
from vss.testing.constants import PDF, PNG

from .intake_world import device_form, open_case

pytestmark = pytest.mark.django_db

SYNC = "portal:intake_sync"


def _send(client, *forms):
    response = client.post(
        reverse(SYNC), json.dumps({"forms": list(forms)}), content_type="application/json"
    )
    return response.status_code, response.json()


def _send_with_files(client, form, papers):
    """One form with its documents, as the app sends it: `papers` are (kind, name, bytes)."""
    data = {}
    documents = []
    for index, (kind, name, content) in enumerate(papers):
        data[f"document-{index}"] = SimpleUploadedFile(name, content)
        documents.append({"kind": kind, "file": f"document-{index}"})
    data["sync"] = json.dumps({"forms": [{**form, "documents": documents}]})
    response = client.post(reverse(SYNC), data)
    return response.status_code, response.json()


def _stored_files() -> list[Path]:
    root = Path(default_storage.path("documents"))
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


TWO_PAPERS = [
    (DocumentKind.IDENTITY, "id-card.png", PNG),
    (DocumentKind.FAMILY_BOOK, "family-book.pdf", PDF),
]


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


def test_a_form_with_two_documents_is_recorded_once_however_often_it_is_sent(sender):
    case = open_case()
    sent = device_form(case)
    before = len(_stored_files())
    answers = [_send_with_files(sender, sent, TWO_PAPERS) for _ in range(3)]
    assert [status for status, _ in answers] == [200] * 3
    assert answers[1][1] == answers[2][1] == answers[0][1]
    assert answers[0][1]["results"][0]["outcome"] == "received"
    vif = VictimInformationForm.objects.get()
    documents = SupportingDocument.objects.filter(form=vif).order_by("pk")
    assert [(d.kind, d.original_name, d.content_type) for d in documents] == [
        (DocumentKind.IDENTITY, "id-card.png", "image/png"),
        (DocumentKind.FAMILY_BOOK, "family-book.pdf", "application/pdf"),
    ]
    assert SupportingDocument.objects.count() == 2
    assert len(_stored_files()) == before + 2
    recorded = DeviceForm.objects.get()
    assert (recorded.status, recorded.times_sent) == (DeviceFormStatus.RECEIVED, 3)


def test_the_same_id_with_other_files_is_refused_and_attaches_nothing(sender):
    case = open_case()
    sent = device_form(case)
    _send_with_files(sender, sent, TWO_PAPERS[:1])
    _, answer = _send_with_files(sender, sent, TWO_PAPERS)
    assert answer["results"][0]["problems"] == ["This form's id was already used for another form."]
    _, without = _send(sender, sent)
    assert without["results"][0]["outcome"] == "refused"
    assert SupportingDocument.objects.count() == 1


def test_a_bad_file_refuses_only_its_form_with_the_reason(sender):
    case = open_case()
    before = len(_stored_files())
    bad = device_form(case)
    papers = [*TWO_PAPERS, (DocumentKind.OTHER, "photo.jpg", b"MZ\x90\x00 not a picture")]
    status, answer = _send_with_files(sender, bad, papers)
    assert status == 200
    [result] = answer["results"]
    assert result["outcome"] == "refused"
    assert any(
        "“photo.jpg” is not a PDF, JPEG, PNG or TIFF file" in problem
        for problem in result["problems"]
    )
    # Nothing of it is recorded half-way: no form, no person, no document, no file.
    assert not VictimInformationForm.objects.exists()
    assert not SupportingDocument.objects.exists()
    assert len(_stored_files()) == before
    assert DeviceForm.objects.get().status == DeviceFormStatus.REFUSED
    # The others, sent beside it, arrive.
    other = device_form(case, **{"applicant-given_name_latin": "Dara"})
    _, answer = _send(sender, other)
    assert answer["results"][0]["outcome"] == "received"
    # Corrected on the device (the bad file removed), the form arrives under its id.
    _, answer = _send_with_files(sender, bad, TWO_PAPERS)
    assert answer["results"][0]["outcome"] == "received"
    assert SupportingDocument.objects.count() == 2
    assert DeviceForm.objects.get(device_form_id=bad["id"]).times_sent == 2


@override_settings(VSS_UPLOAD_MAX_BYTES=len(PDF) - 1)
def test_a_file_larger_than_an_upload_may_be_refuses_its_form(sender):
    case = open_case()
    _, answer = _send_with_files(sender, device_form(case), TWO_PAPERS)
    [result] = answer["results"]
    assert result["outcome"] == "refused"
    assert any(
        "“family-book.pdf” is" in p and "files may be at most" in p for p in result["problems"]
    )
    assert not SupportingDocument.objects.exists()


def test_more_documents_than_a_vif_takes_refuse_the_form(sender):
    case = open_case()
    papers = [
        (DocumentKind.OTHER, f"page-{n}.png", PNG) for n in range(services.MOST_DOCUMENTS + 1)
    ]
    _, answer = _send_with_files(sender, device_form(case), papers)
    [result] = answer["results"]
    assert result["outcome"] == "refused"
    assert result["problems"] == ["A form can carry at most 10 files."]
    assert not VictimInformationForm.objects.exists()


def test_a_document_whose_file_did_not_come_refuses_its_form(sender):
    case = open_case()
    sent = {**device_form(case), "documents": [{"kind": "identity", "file": "document-0"}]}
    _, answer = _send(sender, sent)
    [result] = answer["results"]
    assert result["outcome"] == "refused"
    assert result["problems"] == ["A document of the form did not arrive: send it again."]
    assert not VictimInformationForm.objects.exists()


def test_a_request_with_files_carries_one_form(sender):
    case = open_case()
    forms = [device_form(case), device_form(case)]
    response = sender.post(
        reverse(SYNC),
        {
            "sync": json.dumps({"forms": forms}),
            "document-0": SimpleUploadedFile("id-card.png", PNG),
        },
    )
    assert response.status_code == 400
    assert response.json() == {"error": "Send a form that carries files alone."}
    assert not DeviceForm.objects.exists()


@pytest.mark.parametrize("sync", ["", "not json", "[]"])
def test_a_multipart_request_without_its_json_is_refused_whole(sender, sync):
    response = sender.post(
        reverse(SYNC), {"sync": sync, "document-0": SimpleUploadedFile("a.png", PNG)}
    )
    assert response.status_code == 400
    assert not DeviceForm.objects.exists()


def test_fields_of_the_device_do_not_name_documents(sender):
    """A document is a file that came with the form: rows claimed in its fields (a
    token of a file kept aside on the server, a count) are not read."""
    case = open_case()
    sent = device_form(
        case,
        **{
            "documents-TOTAL_FORMS": "1",
            "documents-0-kind": "identity",
            "documents-0-staged": "forged",
        },
    )
    _, answer = _send(sender, sent)
    assert answer["results"][0]["outcome"] == "received"
    assert not SupportingDocument.objects.exists()

"""Applying online through the pages, as a visitor with no account: each step checks and
re-displays what was typed, the draft comes back with the session, robots and floods are
refused, and nothing personal is ever in a URL."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from vss.applications.models import Application, Channel, Status
from vss.portal import honeypot, vif
from vss.portal.models import OnlineDraft, Receipt
from vss.portal.tests.test_vif import complete_answers
from vss.portal.views import apply
from vss.testing.constants import PDF, PNG
from vss.testing.factories import CaseFactory, CrimeTypeFactory, VillageFactory

pytestmark = pytest.mark.django_db

# A PDF that runs a script when opened.
ACTIVE_PDF = PDF.replace(
    b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"
)


def step_url(step: str) -> str:
    return reverse("portal:apply_step", kwargs={"step": step})


@pytest.fixture
def answers() -> dict[str, dict]:
    VillageFactory.create()
    case = CaseFactory.create(number="004/02", investigation_closed_on=None)
    return complete_answers(case_id=case.pk, crime_type_id=CrimeTypeFactory.create().pk)


def _start(client: Client) -> None:
    response = client.post(reverse("portal:apply"), {"filer-filer": "victim", "next": "1"})
    assert response.status_code == 302 and response["Location"] == step_url(vif.PERSON)


def test_a_visitor_applies_step_by_step(client, answers, django_capture_on_commit_callbacks):
    urls = []
    _start(client)
    for step in (vif.PERSON, vif.CASES, vif.EVENTS):
        response = client.post(step_url(step), {**answers[step], "next": "1"})
        assert response.status_code == 302, response.content.decode()[:2000]
        urls.append(response["Location"])
    response = client.post(step_url(vif.DOCUMENTS), {"next": "1"})
    assert response["Location"] == step_url(vif.CONSENT)
    client.post(step_url(vif.CONSENT), {**answers[vif.CONSENT], "next": "1"})
    response = client.post(
        step_url(vif.SIGNATURE),
        {
            **answers[vif.SIGNATURE],
            "file": SimpleUploadedFile("thumb.png", PNG, content_type="image/png"),
            "next": "1",
        },
    )
    assert response["Location"] == step_url(vif.REVIEW)
    assert client.get(step_url(vif.REVIEW)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(step_url(vif.REVIEW), {"send": "1"})
    assert response["Location"] == reverse("portal:apply_receipt")
    receipt = Receipt.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert receipt.reference in page
    # Shown once.
    assert client.get(reverse("portal:apply_receipt")).status_code == 302
    application = Application.objects.get()
    assert application.status == Status.RECEIVED and application.form.channel == Channel.ONLINE
    for url in [*urls, response["Location"]]:
        assert "SOK" not in url and "1956" not in url and receipt.reference not in url


def test_a_step_refused_shows_what_was_typed(client, answers):
    _start(client)
    person = {**answers[vif.PERSON], "person-birth_year": "", "person-given_name_latin": "Chanthy"}

    response = client.post(step_url(vif.PERSON), {**person, "next": "1"})

    assert response.status_code == 400
    assert 'value="Chanthy"' in response.content.decode()


def test_going_back_and_coming_again_keeps_the_answers(client, answers):
    _start(client)
    client.post(step_url(vif.PERSON), {**answers[vif.PERSON], "next": "1"})
    client.post(step_url(vif.CASES), {"back": "1"})

    page = client.get(step_url(vif.PERSON)).content.decode()

    assert 'value="Chan"' in page
    # The draft comes back with the session, from the start page too.
    assert client.get(reverse("portal:apply"))["Location"] == step_url(vif.CASES)


def test_another_visitor_does_not_get_the_draft(client, answers):
    _start(client)

    assert Client().get(step_url(vif.PERSON))["Location"] == reverse("portal:apply")


def test_the_honeypot_refuses_a_robot(client):
    response = client.post(
        reverse("portal:apply"), {"filer-filer": "victim", honeypot.FIELD: "http://x"}
    )

    assert response.status_code == 400
    assert not OnlineDraft.objects.exists()


def test_starting_is_limited_per_address(client, monkeypatch):
    monkeypatch.setattr(
        apply, "START_LIMIT", apply.Limit("apply-start", 2, apply.START_LIMIT.window)
    )
    statuses = [
        Client().post(reverse("portal:apply"), {"filer-filer": "victim"}).status_code
        for _ in range(3)
    ]

    assert statuses == [302, 302, 429]
    assert OnlineDraft.objects.count() == 2


@pytest.mark.parametrize(
    "name, content",
    [
        ("virus.png", b"MZ\x90\x00" * 64),
        ("big.png", PNG + b"\x00" * 2048),
        ("active.pdf", ACTIVE_PDF),
    ],
)
def test_bad_uploads_are_refused(client, settings, name, content):
    settings.VSS_UPLOAD_MAX_BYTES = 1024
    _start(client)
    if name != "big.png":
        settings.VSS_UPLOAD_MAX_BYTES = 10 * 1024 * 1024

    response = client.post(
        step_url(vif.DOCUMENTS), {"file": SimpleUploadedFile(name, content), "upload": "1"}
    )

    assert response.status_code == 400
    assert not OnlineDraft.objects.get().uploads.exists()


def test_the_cases_step_says_when_no_case_is_open(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.post(reverse("portal:apply"), {"filer-filer": "victim"})
    page = client.get(reverse("portal:apply_step", args=[vif.CASES]))
    assert "No case is open for applications at the moment." in page.text

"""The lawyer's side: the list of their clients, what they read of their clients' files
(and nothing else), the notes and documents they add, and a Lead Co-Lawyer's read-only
view of the consolidated group."""

from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vss.applications.models import Application, DocumentKind, Status, SupportingDocument
from vss.audit.models import AuditAction, AuditEntry
from vss.representation.models import ClientNote, LawyerStatus
from vss.testing.clients import signed_in
from vss.testing.constants import PDF
from vss.testing.factories import (
    ApplicationFactory,
    CaseFactory,
    PersonFactory,
    RepresentationFactory,
    VifFactory,
)

pytestmark = pytest.mark.django_db

NOT_LAWYERS = [
    "chief",
    "intake",
    "legal",
    "reparations",
    "outreach",
    "auditor",
    "intermediary",
    "partner",
    "donor",
]


def _document(form, user) -> SupportingDocument:
    return SupportingDocument.objects.create(
        form=form,
        kind=DocumentKind.IDENTITY,
        file=ContentFile(PDF, name="identity.pdf"),
        original_name="identity card.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        uploaded_by=user,
    )


def _application(family_name: str, *, case_number: str = "002/02", **fields) -> Application:
    form = VifFactory.create(applicant=PersonFactory.create(family_name_latin=family_name))
    return ApplicationFactory.create(
        form=form, case=CaseFactory.create(number=case_number), **fields
    )


@dataclass
class World:
    client_app: Application  # represented by `lawyer`
    other_app: Application  # represented by `other_lawyer`, outside the consolidated group
    group_app: Application  # admitted in 002/02, represented by nobody: the group's
    client_document: SupportingDocument
    other_document: SupportingDocument


@pytest.fixture
def world(lawyer, other_lawyer, intake) -> World:
    client_app = _application("CLIENT", status=Status.ADMITTED)
    RepresentationFactory.create(application=client_app, lawyer=lawyer.lawyer)
    other_app = _application("OTHER", case_number="004", status=Status.ADMITTED)
    RepresentationFactory.create(application=other_app, lawyer=other_lawyer.lawyer)
    group_app = _application("GROUP", status=Status.ADMITTED)
    return World(
        client_app=client_app,
        other_app=other_app,
        group_app=group_app,
        client_document=_document(client_app.form, intake),
        other_document=_document(other_app.form, intake),
    )


# --- my clients -------------------------------------------------------------------------


def test_a_lawyer_lists_their_current_clients(request, client, lawyer, world) -> None:
    ended = _application("FORMER", status=Status.ADMITTED)
    RepresentationFactory.create(
        application=ended, lawyer=lawyer.lawyer, ended_on="2012-01-01", end_reason="Revoked"
    )
    response = signed_in(request, "lawyer").get(reverse("representation:my_clients"))
    assert response.status_code == 200
    shown = [r.application for r in response.context["page"].object_list]
    assert shown == [world.client_app]
    html = response.content.decode()
    assert "CLIENT" in html and world.client_app.vss_number in html
    assert "OTHER" not in html and "FORMER" not in html and "GROUP" not in html
    assert reverse("applications:detail", args=[world.client_app.pk]) in html


def test_a_protected_client_is_known_to_their_lawyer_only(
    request, client, lawyer, lead_co_lawyer
) -> None:
    """Protective measures hide a name from the public and the defence, not from the
    client's own lawyer; a Lead Co-Lawyer reading the group sees the pseudonym."""
    person = PersonFactory.create(
        family_name_latin="SECRET", is_protected=True, pseudonym="CP-0042"
    )
    application = ApplicationFactory.create(
        form=VifFactory.create(applicant=person),
        status=Status.ADMITTED,
        case=CaseFactory.create(number="002/02"),
    )
    RepresentationFactory.create(application=application, lawyer=lawyer.lawyer)
    html = signed_in(request, "lawyer").get(reverse("representation:my_clients")).content.decode()
    assert "SECRET" in html
    detail = reverse("applications:detail", args=[application.pk])
    lead_page = signed_in(request, "lead_co_lawyer").get(detail).content.decode()
    assert "CP-0042" in lead_page and "SECRET" not in lead_page


def test_the_clients_are_filtered_by_case_and_status(request, client, lawyer) -> None:
    admitted = _application("ADMITTED", status=Status.ADMITTED)
    provisional = _application("PROVISIONAL", status=Status.PROVISIONAL)
    in_004 = _application("IN004", case_number="004", status=Status.ADMITTED)
    for application in (admitted, provisional, in_004):
        RepresentationFactory.create(application=application, lawyer=lawyer.lawyer)
    client = signed_in(request, "lawyer")
    url = reverse("representation:my_clients")

    def shown(**query) -> set[Application]:
        response = client.get(url, query)
        assert response.status_code == 200
        return {r.application for r in response.context["page"].object_list}

    assert shown() == {admitted, provisional, in_004}
    assert shown(status=Status.PROVISIONAL) == {provisional}
    assert shown(case=in_004.case_id) == {in_004}
    assert shown(case=admitted.case_id, status=Status.ADMITTED) == {admitted}
    # A filter that makes no sense is ignored rather than an error.
    assert shown(status="nonsense") == {admitted, provisional, in_004}
    # Only the statuses of the Civil Party path are offered: a complaint has no lawyer.
    offered = dict(client.get(url).context["filter_form"].fields["status"].choices)
    assert Status.ADMITTED in offered and Status.REJECTION_UPHELD in offered
    assert Status.SENT_TO_PROSECUTORS not in offered
    assert Status.COMPLAINANT_NOTIFIED not in offered
    assert shown(status=Status.JOINED) == {admitted, provisional, in_004}


def test_a_lead_co_lawyer_is_shown_the_cases_they_lead(
    request, client, lead_co_lawyer, lawyer
) -> None:
    response = signed_in(request, "lead_co_lawyer").get(reverse("representation:my_clients"))
    assert response.status_code == 200
    assert [m.case.number for m in response.context["lead_mandates"]] == ["002/02"]
    assert "Consolidated groups you lead" in response.content.decode()
    other = signed_in(request, "lawyer").get(reverse("representation:my_clients"))
    assert other.context["lead_mandates"] == []
    assert "Consolidated groups you lead" not in other.content.decode()


def test_the_page_is_for_lawyers_only(request, client) -> None:
    answers = {}
    for who in NOT_LAWYERS:
        client = signed_in(request, who)
        answers[who] = client.get(reverse("representation:my_clients")).status_code
    assert answers == dict.fromkeys(NOT_LAWYERS, 403)


def test_a_suspended_lawyer_is_refused(request, client, lawyer) -> None:
    lawyer.lawyer.status = LawyerStatus.SUSPENDED
    lawyer.lawyer.save(update_fields=["status"])
    assert signed_in(request, "lawyer").get(reverse("representation:my_clients")).status_code == 403


def test_my_clients_runs_a_fixed_number_of_queries_and_pages(
    request, client, lawyer, lead_co_lawyer, django_assert_num_queries
) -> None:
    def add(n: int, start: int) -> None:
        for i in range(start, start + n):
            application = _application(f"CLIENT{i:03d}", status=Status.ADMITTED)
            RepresentationFactory.create(application=application, lawyer=lead_co_lawyer.lawyer)

    client = signed_in(request, "lead_co_lawyer")
    url = reverse("representation:my_clients")
    add(3, 0)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(49, 3)
    # A page that is not the last counts the list: one query more (on PostgreSQL, the
    # planner is asked first), however long the list.
    with django_assert_num_queries(len(few) + 1 + (connection.vendor == "postgresql")):
        first = client.get(url)
    assert len(first.context["page"].object_list) == 50
    assert first.context["page"].has_next
    assert first.context["page"].count.value == 52
    second = client.get(url, {"page": 2})
    assert len(second.context["page"].object_list) == 2
    assert not second.context["page"].has_next


# --- reading a client's file ------------------------------------------------------------


def test_a_lawyer_reads_their_clients_file(request, client, lawyer, world) -> None:
    client = signed_in(request, "lawyer")
    world.client_app.status_changes.create(
        from_status=Status.PROVISIONAL,
        to_status=Status.ADMITTED,
        actor=world.client_document.uploaded_by,
        decided_on="2013-05-01",
        court_document="D404/2/4",
    )
    detail = client.get(reverse("applications:detail", args=[world.client_app.pk]))
    assert detail.status_code == 200
    assert "D404/2/4" in detail.content.decode()
    person = client.get(reverse("people:detail", args=[world.client_app.applicant_id]))
    assert person.status_code == 200
    download = client.get(
        reverse("applications:document_download", args=[world.client_document.pk])
    )
    assert download.status_code == 200
    assert AuditEntry.objects.filter(
        actor=lawyer,
        action=AuditAction.DOWNLOAD,
        object_id=str(world.client_document.pk),
    ).exists()
    assert AuditEntry.objects.filter(
        actor=lawyer, action=AuditAction.VIEW, object_id=str(world.client_app.pk)
    ).exists()


def test_a_lawyer_finds_nothing_of_anyone_else(request, client, lawyer, world) -> None:
    client = signed_in(request, "lawyer")
    urls = [
        reverse("applications:detail", args=[world.other_app.pk]),
        reverse("applications:detail", args=[world.group_app.pk]),
        reverse("people:detail", args=[world.other_app.applicant_id]),
        reverse("applications:document_download", args=[world.other_document.pk]),
    ]
    assert [client.get(url).status_code for url in urls] == [404] * len(urls)


def test_a_lawyer_whose_mandate_ended_loses_the_file(request, client, lawyer, world) -> None:
    world.client_app.representations.update(ended_on="2014-01-01", end_reason="Revoked")
    client = signed_in(request, "lawyer")
    assert client.get(reverse("applications:detail", args=[world.client_app.pk])).status_code == 404


def test_a_lead_co_lawyer_reads_the_group_without_writing(
    request, client, lead_co_lawyer, world
) -> None:
    client = signed_in(request, "lead_co_lawyer")
    group = world.group_app
    detail = client.get(reverse("applications:detail", args=[group.pk]))
    assert detail.status_code == 200
    html = detail.content.decode()
    assert reverse("applications:document_upload", args=[group.form_id]) not in html
    assert reverse("representation:client_note_add", args=[group.pk]) not in html
    assert "client_notes" not in detail.context  # not their client: no notes either
    assert detail.context["transition_form"] is None
    # Outside the group of the case they lead: not found.
    assert client.get(reverse("applications:detail", args=[world.other_app.pk])).status_code == 404

    writes = {
        "transition": client.post(
            reverse("applications:transition", args=[group.pk]), {"to_status": Status.WITHDRAWN}
        ),
        "upload": client.post(
            reverse("applications:document_upload", args=[group.form_id]), _upload()
        ),
        "note": client.post(
            reverse("representation:client_note_add", args=[group.pk]), {"note-text": "x"}
        ),
        "edit": client.get(reverse("applications:form_edit", args=[group.form_id])),
    }
    assert {name: r.status_code for name, r in writes.items()} == dict.fromkeys(writes, 403)
    assert not ClientNote.objects.exists()
    assert group.form.documents.count() == 0


def test_a_lead_co_lawyer_reads_anothers_client_in_the_group_and_writes_nothing(
    request, client, lead_co_lawyer, world
) -> None:
    """The lawyer persona's client is a Civil Party of Case 002/02: in the consolidated
    group, so readable by its Lead Co-Lawyer, but not their client."""
    from vss.support.models import Contact

    client = signed_in(request, "lead_co_lawyer")
    own = world.client_app
    reads = {
        "detail": reverse("applications:detail", args=[own.pk]),
        "person": reverse("people:detail", args=[own.applicant_id]),
        "document": reverse("applications:document_download", args=[world.client_document.pk]),
        "consolidated": reverse("representation:consolidated", args=[own.case_id]),
    }
    assert {k: client.get(u).status_code for k, u in reads.items()} == dict.fromkeys(reads, 200)
    writes = {
        "note": (_note_url(own), {"note-text": "x"}),
        "upload": (reverse("applications:document_upload", args=[own.form_id]), _upload()),
        "contact": (
            reverse("support:contact_add", args=[own.applicant_id]),
            {"happened_on": "2024-05-02", "channel": "phone", "summary": "x"},
        ),
        "transition": (
            reverse("applications:transition", args=[own.pk]),
            {"to_status": Status.WITHDRAWN},
        ),
    }
    answers = {k: client.post(url, data).status_code for k, (url, data) in writes.items()}
    assert answers == dict.fromkeys(writes, 403)
    assert not ClientNote.objects.exists() and not Contact.objects.exists()
    assert own.form.documents.count() == 1
    # Nothing of the Civil Parties of a case they do not lead.
    other = world.other_app
    elsewhere = [
        reverse("applications:detail", args=[other.pk]),
        reverse("people:detail", args=[other.applicant_id]),
        reverse("applications:document_download", args=[world.other_document.pk]),
    ]
    assert [client.get(url).status_code for url in elsewhere] == [404] * len(elsewhere)
    assert client.post(_note_url(other), {"note-text": "x"}).status_code == 404
    # Their own list holds their clients only.
    listed = client.get(reverse("representation:my_clients")).context["page"].object_list
    assert list(listed) == []


# --- notes ------------------------------------------------------------------------------


def _note_url(application: Application) -> str:
    return reverse("representation:client_note_add", args=[application.pk])


def test_a_lawyer_adds_a_note_to_a_clients_file(request, client, lawyer, world) -> None:
    client = signed_in(request, "lawyer")
    response = client.post(_note_url(world.client_app), {"note-text": "  Met the client.  "})
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:detail", args=[world.client_app.pk])
    note = ClientNote.objects.get()
    assert (note.application, note.author, note.text) == (
        world.client_app,
        lawyer,
        "Met the client.",
    )
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_id=str(note.pk))
    assert entry.actor == lawyer and entry.object_type == "representation.clientnote"
    # The lawyer's words stay on the file, not in the audit log.
    assert "Met the client" not in str(entry.changes)


def test_notes_are_read_by_staff_and_the_clients_lawyers_only(
    request, client, lawyer, world, intermediary
) -> None:
    ClientNote.objects.create(application=world.client_app, text="Privileged words", author=lawyer)
    # The intermediary that entered the form reads the application, not the notes.
    world.client_app.form.__class__.objects.filter(pk=world.client_app.form_id).update(
        entered_by_organisation=intermediary.organisation
    )
    url = reverse("applications:detail", args=[world.client_app.pk])
    seen = {}
    for who in ["chief", "intake", "legal", "reparations", "outreach", "lawyer", "intermediary"]:
        response = signed_in(request, who).get(url)
        assert response.status_code == 200, who
        seen[who] = "Privileged words" in response.content.decode()
    assert seen == {
        **dict.fromkeys(["chief", "intake", "legal", "reparations", "outreach", "lawyer"], True),
        "intermediary": False,
    }


def test_who_may_write_a_note(request, client, world, intermediary) -> None:
    world.client_app.form.__class__.objects.filter(pk=world.client_app.form_id).update(
        entered_by_organisation=intermediary.organisation
    )
    expected = {
        "chief": 302,
        "intake": 302,
        "legal": 302,
        # They read applications but do not write to them.
        "reparations": 403,
        "outreach": 403,
        "intermediary": 403,
        "auditor": 403,
        "lawyer": 302,
        # Not their client: the file is out of sight.
        "other_lawyer": 404,
        "partner": 403,
        "donor": 403,
    }
    answers = {}
    for who in expected:
        client = signed_in(request, who)
        answers[who] = client.post(_note_url(world.client_app), {"note-text": who}).status_code
    assert answers == expected
    assert set(ClientNote.objects.values_list("text", flat=True)) == {
        "chief",
        "intake",
        "legal",
        "lawyer",
    }


def test_an_empty_note_is_refused_with_the_page_again(request, client, lawyer, world) -> None:
    client = signed_in(request, "lawyer")
    response = client.post(_note_url(world.client_app), {"note-text": "   "})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not ClientNote.objects.exists()


def test_a_too_long_note_is_given_back_as_typed(request, client, lawyer, world) -> None:
    client = signed_in(request, "lawyer")
    text = "Long account. " * 400
    response = client.post(_note_url(world.client_app), {"note-text": text})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Long account. Long account." in html
    assert 'class="error"' in html
    assert not ClientNote.objects.exists()


def test_a_note_needs_a_post_and_a_csrf_token(lawyer, world) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(lawyer)
    assert client.get(_note_url(world.client_app)).status_code == 405
    assert client.post(_note_url(world.client_app), {"note-text": "x"}).status_code == 403
    assert not ClientNote.objects.exists()


# --- documents --------------------------------------------------------------------------


def _upload() -> dict:
    return {
        "document-kind": DocumentKind.CERTIFICATE,
        "document-file": SimpleUploadedFile("power.pdf", PDF, "application/pdf"),
    }


def test_a_lawyer_adds_a_document_to_a_clients_form(request, client, lawyer, world) -> None:
    client = signed_in(request, "lawyer")
    detail = client.get(reverse("applications:detail", args=[world.client_app.pk]))
    upload_url = reverse("applications:document_upload", args=[world.client_app.form_id])
    assert upload_url in detail.content.decode()
    # The lawyer may add evidence but not correct the form itself.
    assert reverse("applications:form_edit", args=[world.client_app.form_id]) not in (
        detail.content.decode()
    )
    response = client.post(upload_url, _upload())
    assert response.status_code == 302
    document = world.client_app.form.documents.exclude(pk=world.client_document.pk).get()
    assert document.uploaded_by == lawyer
    assert document.kind == DocumentKind.CERTIFICATE
    assert AuditEntry.objects.filter(
        actor=lawyer, action=AuditAction.CREATE, object_id=str(document.pk)
    ).exists()


def test_a_lawyer_cannot_add_documents_to_anyone_elses_form(request, client, lawyer, world) -> None:
    client = signed_in(request, "lawyer")
    response = client.post(
        reverse("applications:document_upload", args=[world.other_app.form_id]), _upload()
    )
    assert response.status_code == 404
    assert world.other_app.form.documents.count() == 1


def test_a_lawyer_whose_form_is_archived_adds_nothing(request, client, lawyer, world) -> None:
    world.client_app.form.__class__.objects.filter(pk=world.client_app.form_id).update(
        archived_at="2020-01-01T00:00:00Z", archive_reason="Duplicate"
    )
    client = signed_in(request, "lawyer")
    response = client.post(
        reverse("applications:document_upload", args=[world.client_app.form_id]), _upload()
    )
    assert response.status_code == 403
    assert world.client_app.form.documents.count() == 1


def test_a_lawyers_upload_needs_a_post_and_a_csrf_token(lawyer, world) -> None:
    url = reverse("applications:document_upload", args=[world.client_app.form_id])
    client = Client(enforce_csrf_checks=True)
    client.force_login(lawyer)
    assert client.get(url).status_code == 405
    assert client.post(url, _upload()).status_code == 403
    assert world.client_app.form.documents.count() == 1


# --- home and navigation ----------------------------------------------------------------


def test_a_lawyers_home_shows_their_clients_changes_and_links_to_them(
    request, client, lawyer, world, legal
) -> None:
    world.other_app.status_changes.create(
        from_status=Status.PROVISIONAL,
        to_status=Status.ADMITTED,
        actor=legal,
        decided_on="2013-01-01",
    )
    world.client_app.status_changes.create(
        from_status=Status.PROVISIONAL,
        to_status=Status.ADMITTED,
        actor=legal,
        decided_on="2013-01-01",
    )
    response = signed_in(request, "lawyer").get(reverse("core:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert [c.application for c in response.context["queue"].recent_changes] == [world.client_app]
    assert html.count(reverse("representation:my_clients")) == 2  # menu and page


def test_my_clients_is_in_the_menu_of_lawyers_only(request, client, lawyer, legal) -> None:
    url = reverse("representation:my_clients")
    lawyer_nav = [
        u for u, _label in signed_in(request, "lawyer").get(reverse("core:home")).context["nav"]
    ]
    assert url in lawyer_nav
    legal_nav = [
        u for u, _label in signed_in(request, "legal").get(reverse("core:home")).context["nav"]
    ]
    assert url not in legal_nav


def test_a_lead_co_lawyer_gets_a_link_to_the_consolidated_group_of_each_case_led(
    request, client, lead_co_lawyer
) -> None:
    client = signed_in(request, "lead_co_lawyer")
    response = client.get(reverse("representation:my_clients"))
    (mandate,) = response.context["lead_mandates"]
    group_url = reverse("representation:consolidated", args=[mandate.case_id])
    assert f'href="{group_url}"' in response.content.decode()
    assert client.get(group_url).status_code == 200


def test_the_notes_on_a_file_cost_the_same_queries_however_many(
    request, client, lawyer, world, legal, django_assert_num_queries
) -> None:
    url = reverse("applications:detail", args=[world.client_app.pk])
    for i in range(3):
        ClientNote.objects.create(application=world.client_app, text=f"note {i}", author=lawyer)
    for who in ("lawyer", "legal"):
        client = signed_in(request, who)
        # The process's first page with free text reads the protected people's names once.
        client.get(url)
        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        for i in range(20):
            author = lawyer if i % 2 else legal
            ClientNote.objects.create(application=world.client_app, text=f"more {i}", author=author)
        with django_assert_num_queries(len(few)):
            response = client.get(url)
        assert len(response.context["client_notes"].notes) >= 23

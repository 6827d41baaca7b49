"""Applying online, below the pages: drafts found by their secret only, files checked
as intake's, and a sent draft recorded as intake records a form received online."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from vss import policy
from vss.accounts.models import User
from vss.applications.models import Application, Channel, DocumentKind, Status
from vss.audit.models import AuditEntry
from vss.outreach.gateways import LoggingSmsGateway
from vss.outreach.models import Message
from vss.people.models import PersonName
from vss.portal import vif
from vss.portal.models import DraftUpload, DraftUploadKind, OnlineDraft, Receipt
from vss.portal.services import applying
from vss.portal.services.receipts import code_matches
from vss.portal.tests.test_vif import complete_answers
from vss.testing.constants import PDF, PNG
from vss.testing.factories import CaseFactory, CrimeTypeFactory, VillageFactory

pytestmark = pytest.mark.django_db


def _filled_draft(case_number: str = "004/02", closed_on: datetime.date | None = None):
    VillageFactory.create()
    case = CaseFactory.create(number=case_number, investigation_closed_on=closed_on)
    answers = complete_answers(case_id=case.pk, crime_type_id=CrimeTypeFactory.create().pk)
    draft, secret = applying.draft_start(filer="relative", language="km")
    for number, (step, step_answers) in enumerate(answers.items(), start=1):
        draft = applying.draft_save_step(
            draft=draft, step=step, answers=step_answers, reached=number + 1
        )
    applying.draft_upload_add(
        draft=draft,
        kind=DraftUploadKind.THUMBPRINT,
        upload=SimpleUploadedFile("thumb.png", PNG, content_type="image/png"),
    )
    return draft, secret


def test_a_draft_is_found_by_its_secret_and_only_its_digest_is_stored():
    draft, secret = applying.draft_start(filer="victim", language="km")

    assert applying.draft_find(secret) == draft
    assert secret not in draft.key_digest
    assert applying.draft_find("another secret") is None
    assert applying.draft_find("") is None


def test_an_expired_draft_is_wiped_with_its_files():
    draft, secret = applying.draft_start(filer="victim", language="km")
    upload = applying.draft_upload_add(
        draft=draft,
        kind=DraftUploadKind.DOCUMENT,
        upload=SimpleUploadedFile("id.pdf", PDF, content_type="application/pdf"),
    )
    OnlineDraft.objects.filter(pk=draft.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    assert applying.draft_find(secret) is None
    assert not OnlineDraft.objects.filter(pk=draft.pk).exists()
    assert not DraftUpload.objects.filter(pk=upload.pk).exists()


def test_drafts_past_their_date_are_wiped_and_the_others_kept():
    old, _ = applying.draft_start(filer="victim", language="km")
    kept, _ = applying.draft_start(filer="victim", language="km")
    OnlineDraft.objects.filter(pk=old.pk).update(expires_at=timezone.now())

    assert applying.drafts_wipe_expired() == 1
    assert list(OnlineDraft.objects.all()) == [kept]


def test_a_file_that_is_not_what_it_claims_is_refused():
    draft, _ = applying.draft_start(filer="victim", language="km")
    with pytest.raises(ValidationError):
        applying.draft_upload_add(
            draft=draft,
            kind=DraftUploadKind.DOCUMENT,
            upload=SimpleUploadedFile("photo.png", b"MZ\x90\x00" * 64, content_type="image/png"),
        )
    assert not draft.uploads.exists()


def test_a_new_signature_replaces_the_one_before():
    draft, _ = applying.draft_start(filer="victim", language="km")
    for kind in (DraftUploadKind.SIGNATURE, DraftUploadKind.THUMBPRINT):
        applying.draft_upload_add(
            draft=draft, kind=kind, upload=SimpleUploadedFile("s.png", PNG, "image/png")
        )

    assert list(draft.uploads.values_list("kind", flat=True)) == [DraftUploadKind.THUMBPRINT]


def test_a_sent_draft_is_received_online_with_a_receipt_and_an_sms(
    django_capture_on_commit_callbacks,
):
    draft, _ = _filled_draft()

    with django_capture_on_commit_callbacks(execute=True):
        sent = applying.draft_submit(draft=draft)

    [application] = sent.applications
    application = Application.objects.select_related("form").get(pk=application.pk)
    assert application.status == Status.RECEIVED
    assert application.vss_number and application.vss_number.startswith("VSS-004/02-")
    assert application.is_late is False
    assert application.form.channel == Channel.ONLINE
    assert application.form.received_on == timezone.localdate()
    assert application.form.created_by.username == applying.ONLINE_ACCOUNT
    assert not application.form.created_by.has_usable_password()
    assert list(application.form.documents.values_list("kind", flat=True)) == [
        DocumentKind.THUMBPRINT
    ]
    # In the registry under both scripts, where every matching run looks for duplicates.
    names = PersonName.objects.filter(person=application.applicant)
    assert {n.family_name for n in names} >= {"សុខ", "SOK"}
    receipt = Receipt.objects.get(application=application)
    assert receipt == sent.receipt and receipt.sent_by_sms_at is not None
    assert code_matches(sent.code, receipt.code_hash) and sent.code not in receipt.code_hash
    assert AuditEntry.objects.filter(object_type="portal.receipt").exists()
    draft.refresh_from_db()
    assert draft.submitted_at is not None and draft.application == application
    assert draft.answers == {} and not draft.uploads.exists()
    message = Message.objects.get(idempotency_key__startswith="receipt:")
    assert message.language == "km"
    texts = [entry["text"] for entry in LoggingSmsGateway().entries()]
    [receipt_sms] = [t for t in texts if sent.code in t]
    assert receipt.reference in receipt_sms
    assert "សុខ" not in receipt_sms and "SOK" not in receipt_sms


def test_a_late_application_waits_for_a_legal_officer():
    # Notice given in 2010: the deadline passed long ago.
    draft, _ = _filled_draft(closed_on=datetime.date(2010, 1, 14))

    sent = applying.draft_submit(draft=draft)

    [application] = sent.applications
    application.refresh_from_db()
    assert application.status == Status.DRAFT and application.vss_number is None
    assert application.form.received_on == timezone.localdate()
    assert sent.receipt.application == application


def test_a_draft_sent_twice_is_refused():
    draft, _ = _filled_draft()
    applying.draft_submit(draft=draft)

    with pytest.raises(ValidationError):
        applying.draft_submit(draft=draft)
    assert Application.objects.count() == 1


def test_an_incomplete_draft_names_its_first_step_to_complete():
    draft, _ = applying.draft_start(filer="victim", language="km")

    with pytest.raises(applying.NotReady) as refused:
        applying.draft_submit(draft=draft)

    assert refused.value.step == vif.FILER
    assert not Application.objects.exists()


def test_a_form_without_signature_is_not_sent():
    draft, _ = _filled_draft()
    draft.uploads.all().delete()

    with pytest.raises(applying.NotReady) as refused:
        applying.draft_submit(draft=draft)

    assert refused.value.step == vif.SIGNATURE


def test_the_online_account_is_the_system_s_and_never_offered_as_someone_s_author(chief, intake):
    online = applying.online_actor()
    assert online.is_service and not online.has_usable_password()
    authors = policy.contact_authors(chief, User.objects.all())
    assert intake in authors and online not in authors


def test_an_online_account_made_before_service_accounts_is_marked_one():
    User.objects.create(username=applying.ONLINE_ACCOUNT, role="intake")
    assert applying.online_actor().is_service

"""Applying online: a draft kept under a secret the filer's browser holds, its answers
saved step by step, its files checked as intake's are, and on sending, a VIF recorded
through vss.applications' own services, received through the online channel as one typed
by intake, with a receipt to follow it.

Nobody signs in to apply, yet the applications' services and audit log name who acted:
a public submission is recorded by the service account `ONLINE_ACCOUNT`, an intake role
no one can sign in with (its password is unusable), so that the log reads "received
online" for each record the public created."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vss.accounts.models import Role, User
from vss.applications.models import Application, DocumentKind, Status
from vss.applications.services import DocumentData, application_transition, form_create
from vss.applications.uploads import check_upload, judge_kept_file
from vss.outreach.models import MessageKind, MessageStatus
from vss.outreach.services.sending import Content, job_queue, job_start, messages_write
from vss.people.models import Person

from ..models import DraftUpload, DraftUploadKind, Filer, OnlineDraft, Receipt
from ..vif import STEPS, vif_check
from .receipts import receipt_issue

ONLINE_ACCOUNT = "online-applications"
# Long enough to gather papers from relatives; a draft never sent is then wiped.
DRAFT_LIFETIME = datetime.timedelta(days=14)
MAX_DRAFT_FILES = 10


def online_actor() -> User:
    """The service account that records what the public sends."""
    user, created = User.objects.get_or_create(
        username=ONLINE_ACCOUNT,
        defaults={
            "role": Role.INTAKE,
            "first_name": "Online applications",
            "is_active": True,
            "is_service": True,
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    elif not user.is_service:
        # Made before accounts were marked as the system's own.
        user.is_service = True
        user.save(update_fields=["is_service"])
    return user


def draft_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def draft_start(*, filer: str, language: str) -> tuple[OnlineDraft, str]:
    """A new draft and the secret that finds it again (kept by the browser only)."""
    secret = secrets.token_urlsafe(32)
    draft = OnlineDraft.objects.create(
        key_digest=draft_digest(secret),
        filer=Filer(filer),
        language=language,
        expires_at=timezone.now() + DRAFT_LIFETIME,
    )
    return draft, secret


def draft_find(secret: str | None) -> OnlineDraft | None:
    """The draft a browser's secret opens: not sent, not expired. An expired one found
    this way is wiped at once."""
    if not secret:
        return None
    draft = OnlineDraft.objects.filter(
        key_digest=draft_digest(secret), submitted_at__isnull=True
    ).first()
    if draft is not None and draft.expires_at <= timezone.now():
        draft_wipe(draft=draft)
        return None
    return draft


@transaction.atomic
def draft_save_step(
    *, draft: OnlineDraft, step: str, answers: Mapping[str, Any], reached: int
) -> OnlineDraft:
    """Keeps a step's answers as posted (valid or not: going back keeps what was typed)
    and how far the filer has got."""
    draft = OnlineDraft.objects.select_for_update().get(pk=draft.pk)
    if draft.submitted_at is not None:
        raise ValidationError(_("This form has already been sent."))
    draft.answers = {**draft.answers, step: dict(answers)}
    draft.step = max(draft.step, min(reached, len(STEPS)))
    if step == "filer" and answers.get("filer-filer") in Filer.values:
        draft.filer = answers["filer-filer"]
    draft.save(update_fields=["answers", "step", "filer", "updated_at"])
    return draft


@transaction.atomic
def draft_upload_add(
    *, draft: OnlineDraft, kind: str, upload: UploadedFile, description: str = ""
) -> DraftUpload:
    """Checks a file by its content and size (refused with the reason) and keeps it with
    the draft in the private storage. A new signature replaces the one before."""
    if draft.uploads.count() >= MAX_DRAFT_FILES:
        raise ValidationError(
            _("A form can carry at most %(count)s files.") % {"count": MAX_DRAFT_FILES}
        )
    checked = check_upload(upload)
    kept = checked.file or upload
    kept.seek(0)
    content = ContentFile(kept.read(), name=f"{checked.sha256[:16]}.{checked.extension}")
    if kind in (DraftUploadKind.SIGNATURE, DraftUploadKind.THUMBPRINT):
        for old in draft.uploads.filter(
            kind__in=[DraftUploadKind.SIGNATURE, DraftUploadKind.THUMBPRINT]
        ):
            _upload_delete(old)
    return DraftUpload.objects.create(
        draft=draft,
        kind=DraftUploadKind(kind),
        file=content,
        content_type=checked.content_type,
        size=checked.size,
        description=description[:200],
    )


def _upload_delete(upload: DraftUpload) -> None:
    name = upload.file.name
    upload.delete()
    transaction.on_commit(lambda: default_storage.delete(name))


@transaction.atomic
def draft_upload_remove(*, draft: OnlineDraft, upload_id: int) -> None:
    upload = draft.uploads.filter(pk=upload_id).first()
    if upload is not None:
        _upload_delete(upload)


@transaction.atomic
def draft_wipe(*, draft: OnlineDraft) -> None:
    """Removes an unsent draft with its answers and files."""
    for upload in draft.uploads.all():
        _upload_delete(upload)
    draft.delete()


def drafts_wipe_expired(*, now: datetime.datetime | None = None) -> int:
    """Wipes every unsent draft past its date; answers how many."""
    expired = OnlineDraft.objects.filter(
        submitted_at__isnull=True, expires_at__lte=now or timezone.now()
    )
    count = 0
    for draft in expired.iterator():
        draft_wipe(draft=draft)
        count += 1
    return count


@dataclass
class Sent:
    """What the filer is shown once: the reference and the code in clear."""

    receipt: Receipt
    code: str
    applications: list[Application] = field(default_factory=list)
    sms_written: bool = False


class NotReady(ValidationError):
    """The draft cannot be sent yet; `step` is the first one to complete."""

    def __init__(self, step: str, messages: list[str]) -> None:
        super().__init__(messages)
        self.step = step


def _documents(draft: OnlineDraft) -> list[DocumentData]:
    documents = []
    for upload in draft.uploads.all():
        with upload.file.open("rb") as stored:
            content = ContentFile(stored.read(), name=upload.file.name.rsplit("/", 1)[-1])
        kind = {
            DraftUploadKind.SIGNATURE: DocumentKind.SIGNED_FORM,
            DraftUploadKind.THUMBPRINT: DocumentKind.THUMBPRINT,
        }.get(DraftUploadKind(upload.kind), DocumentKind.OTHER)
        if upload.kind == DraftUploadKind.DOCUMENT and upload.description in DocumentKind.values:
            kind = DocumentKind(upload.description)
        documents.append(DocumentData(kind=kind, upload=content, checked=judge_kept_file(content)))
    return documents


def _sms_receipt(*, actor: User, application: Application, reference: str, code: str) -> bool:
    """Writes the receipt to the applicant by SMS, in their language, when they gave a
    phone; answers whether a message went out."""
    if not application.applicant.phone:
        return False

    def content(language: str, channel: str) -> Content:
        return Content(
            subject=_("Your application to the court"),
            body=_(
                "The Section has received your application. Reference: %(reference)s. "
                "Secret code: %(code)s. Keep them to follow your application."
            )
            % {"reference": reference, "code": code},
        )

    job = job_start(label=f"online receipt {application.pk}", user=actor)
    messages_write(
        job=job,
        kind=MessageKind.STATUS_CHANGE,
        people=Person.objects.filter(pk=application.applicant_id),
        content=content,
        key=f"receipt:{application.pk}",
        news=False,
        application=application,
    )
    job_queue(job)
    return job.messages.exclude(status=MessageStatus.SKIPPED).exists()


@transaction.atomic
def draft_submit(*, draft: OnlineDraft) -> Sent:
    """Sends the draft: the whole VIF is validated again, recorded by intake's service
    with its files, each application received (VSS number, deadline rule) as intake
    receives one, and a receipt issued. An application past its case's deadline stays
    unreceived with the day it came recorded, for a legal officer to accept late or
    not, as the rule asks of any form."""
    draft = OnlineDraft.objects.select_for_update().get(pk=draft.pk)
    if draft.submitted_at is not None:
        raise ValidationError(_("This form has already been sent."))
    check = vif_check(draft.answers)
    kinds = set(draft.uploads.values_list("kind", flat=True))
    if check.is_valid and not kinds & {DraftUploadKind.SIGNATURE, DraftUploadKind.THUMBPRINT}:
        check.errors["signature"] = [_("Add the signature or the photo of the thumbprint.")]
    if not check.is_valid:
        step = check.first_invalid_step or "signature"
        raise NotReady(step, check.errors[step])
    assert check.applicant is not None and check.content is not None
    actor = online_actor()
    content = check.content
    content.form.received_on = timezone.localdate()
    content.documents = _documents(draft)
    form = form_create(actor=actor, applicant=check.applicant, content=content)
    applications = list(form.applications.select_related("case", "applicant").order_by("pk"))
    for application in applications:
        try:
            with transaction.atomic():
                application_transition(
                    actor=actor, application=application, to_status=Status.RECEIVED
                )
        except ValidationError:
            # Late: only a legal officer may accept it (the form's received date stands).
            continue
    applications = list(form.applications.select_related("case", "applicant").order_by("pk"))
    first = applications[0]
    issued = receipt_issue(application=first, actor=actor)
    receipt, code = issued.receipt, issued.code
    sms = _sms_receipt(actor=actor, application=first, reference=receipt.reference, code=code)
    if sms:
        receipt.sent_by_sms_at = timezone.now()
        receipt.save(update_fields=["sent_by_sms_at"])
    # The answers are in the records now: the draft keeps only that it was sent.
    draft.submitted_at = timezone.now()
    draft.application = first
    draft.answers = {}
    draft.save(update_fields=["submitted_at", "application", "answers", "updated_at"])
    for upload in draft.uploads.all():
        _upload_delete(upload)
    return Sent(receipt=receipt, code=code, applications=applications, sms_written=sms)

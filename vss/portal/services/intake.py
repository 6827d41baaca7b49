"""Forms an intermediary filled with no connection, sent from the device when it is back.

Each form is checked by the rules of a VIF typed at the Section (the same Django forms,
the same service) and recorded once per id made on the device: a retry answers what the
first send was answered, and two sends of the same form at the same moment make one
record, for the database refuses a second row with the id and the loser reads the
winner's. One form refused does not hold back the others: each has its own savepoint.

A form may carry documents photographed on the device. Such a form is sent alone, as
multipart: the same JSON in the part `sync`, each document's bytes in a part of its own
that the form names. Its files are checked as the VIF page checks an upload (by the same
formset, so by `check_upload`) and recorded with the form by the same service, or the
whole form is refused with the reason; a retry or a concurrent second send of it attaches
nothing more, since its files are part of what is recorded once per id."""

import datetime
import hashlib
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import QueryDict
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from vss import policy
from vss.accounts.models import User
from vss.applications import services as applications
from vss.applications.audit_labels import FORM
from vss.applications.bundle import VifBundle
from vss.applications.forms import DocumentFormSet
from vss.applications.models import Status
from vss.audit.labels import audit_label
from vss.audit.models import AuditAction
from vss.audit.services import audit_record
from vss.people.pseudonyms import may_choose_pseudonym

from ..models import DeviceForm, DeviceFormStatus
from .applying import online_actor

# A device that kept forms for days sends them all at once; more than this in one
# request is split by the app (it sends this many at a time).
MOST_FORMS_AT_ONCE = 50
MOST_FIELDS = 500
# As many as the VIF page takes; each at most VSS_UPLOAD_MAX_BYTES, as any upload.
MOST_DOCUMENTS = DocumentFormSet.absolute_max
DOCUMENT_FIELDS = "documents-"


class Outcome:
    RECEIVED = "received"
    REFUSED = "refused"


@dataclass
class SentDocument:
    """A document photographed with the form: its kind and its file as sent, with the
    digest of the bytes sent (what makes a retry the same form)."""

    kind: str
    upload: UploadedFile
    sha256: str


@dataclass
class SentForm:
    """One form as the device sends it: its id, when it was filled, its fields as the
    VIF page would post them, name and value, and the documents it carries."""

    device_form_id: uuid.UUID
    filled_at: datetime.datetime
    fields: list[tuple[str, str]]
    documents: list[SentDocument] = field(default_factory=list)

    @property
    def digest(self) -> str:
        content: dict[str, Any] = {"filled_at": self.filled_at.isoformat(), "fields": self.fields}
        if self.documents:
            # Only then: a form without documents keeps the digest it was recorded under.
            content["documents"] = [[d.kind, d.sha256] for d in self.documents]
        text = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class SyncResult:
    device_form_id: str
    outcome: str
    problems: list[str] = field(default_factory=list)
    application_ids: list[int] = field(default_factory=list)


@dataclass
class SyncRequest:
    forms: list[SentForm]
    # Items that are not a form at all (no id, no fields): answered, never recorded.
    unreadable: list[SyncResult]


def _bytes_digest(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _read_documents(item: dict, files: Mapping[str, UploadedFile]) -> list[SentDocument]:
    documents = item.get("documents", [])
    if not isinstance(documents, list) or not all(
        isinstance(d, dict) and isinstance(d.get("kind"), str) and isinstance(d.get("file"), str)
        for d in documents
    ):
        raise ValidationError(_("The form's documents cannot be read."))
    if len(documents) > MOST_DOCUMENTS:
        raise ValidationError(
            _("A form can carry at most %(count)s files.") % {"count": MOST_DOCUMENTS}
        )
    read = []
    for document in documents:
        upload = files.get(document["file"])
        if upload is None:
            raise ValidationError(_("A document of the form did not arrive: send it again."))
        read.append(
            SentDocument(kind=document["kind"], upload=upload, sha256=_bytes_digest(upload))
        )
    return read


def _read_one(item: Any, files: Mapping[str, UploadedFile]) -> SentForm:
    if not isinstance(item, dict):
        raise ValidationError(_("This is not a form."))
    try:
        device_form_id = uuid.UUID(str(item.get("id", "")))
    except ValueError as error:
        raise ValidationError(_("The form has no valid id.")) from error
    filled_at = parse_datetime(str(item.get("filled_at", "")))
    if filled_at is None or timezone.is_naive(filled_at):
        raise ValidationError(_("The form has no valid date of filling."))
    fields = item.get("fields")
    if (
        not isinstance(fields, list)
        or len(fields) > MOST_FIELDS
        or not all(
            isinstance(pair, list)
            and len(pair) == 2
            and isinstance(pair[0], str)
            and isinstance(pair[1], str)
            for pair in fields
        )
    ):
        raise ValidationError(_("The form's answers cannot be read."))
    return SentForm(
        device_form_id=device_form_id,
        filled_at=filled_at,
        fields=[(name, value) for name, value in fields],
        documents=_read_documents(item, files),
    )


def device_forms_read(body: Any, files: Mapping[str, UploadedFile] | None = None) -> SyncRequest:
    """The forms of a sync request's body, and the files sent with it (a multipart
    request's). A body that is not a list of forms is refused whole, and so is one with
    files and more than one form; a form among them that cannot be read is answered
    alone."""
    forms = body.get("forms") if isinstance(body, dict) else None
    if not isinstance(forms, list) or not forms:
        raise ValidationError(_("Send a list of forms."))
    if len(forms) > MOST_FORMS_AT_ONCE:
        raise ValidationError(
            _("Send at most %(count)d forms at once.") % {"count": MOST_FORMS_AT_ONCE}
        )
    files = files or {}
    if files and len(forms) > 1:
        # Up to ten files of 10 MB each: a request is one form with its files, so that a
        # dropped connection costs one form's upload and no request grows without bound.
        raise ValidationError(_("Send a form that carries files alone."))
    request = SyncRequest(forms=[], unreadable=[])
    for item in forms:
        try:
            request.forms.append(_read_one(item, files))
        except ValidationError as error:
            given = str(item.get("id", ""))[:36] if isinstance(item, dict) else ""
            request.unreadable.append(
                SyncResult(device_form_id=given, outcome=Outcome.REFUSED, problems=error.messages)
            )
    return request


def _answer(device_form: DeviceForm) -> SyncResult:
    received = device_form.status == DeviceFormStatus.RECEIVED
    return SyncResult(
        device_form_id=str(device_form.device_form_id),
        outcome=Outcome.RECEIVED if received else Outcome.REFUSED,
        problems=list(device_form.problems),
        application_ids=sorted(
            device_form.application.form.applications.values_list("pk", flat=True)
        )
        if received and device_form.application is not None
        else [],
    )


def _bundle_problems(bundle: VifBundle) -> list[str]:
    problems: list[str] = []
    parts = [bundle.person, bundle.filing, bundle.cases]
    forms = [*parts, *bundle.crimes.forms, *bundle.harms.forms, *bundle.documents.forms]
    for form in forms:
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            problems += [f"{label}: {message}" if label else message for message in errors]
    for formset in (bundle.crimes, bundle.harms, bundle.documents):
        problems += [str(message) for message in formset.non_form_errors()]
    return problems


def _checked(actor: User, sent: SentForm) -> tuple[list[str], Any]:
    """The problems of the form by the VIF's rules, or none and the VIF recorded with
    its documents, each file checked as the VIF page checks an upload."""
    data = QueryDict(mutable=True)
    for name, value in sent.fields:
        # The documents' rows are the files that came, never what the fields claim (a
        # file kept aside on the server is not the device's to name).
        if name != "csrfmiddlewaretoken" and not name.startswith(DOCUMENT_FIELDS):
            data.appendlist(name, value)
    files: MultiValueDict[str, UploadedFile] = MultiValueDict()
    data[f"{DOCUMENT_FIELDS}TOTAL_FORMS"] = str(len(sent.documents))
    data[f"{DOCUMENT_FIELDS}INITIAL_FORMS"] = "0"
    for index, document in enumerate(sent.documents):
        data[f"{DOCUMENT_FIELDS}{index}-kind"] = document.kind
        files[f"{DOCUMENT_FIELDS}{index}-file"] = document.upload
    bundle = VifBundle.build(
        data=data,
        files=files,
        intermediary_user=True,
        user_id=actor.pk,
        may_choose_pseudonym=may_choose_pseudonym(actor),
    )
    if not bundle.is_valid():
        return _bundle_problems(bundle), None
    content = bundle.content()
    content.form.received_on = timezone.localdate()
    try:
        vif = applications.form_create(actor=actor, applicant=bundle.applicant(), content=content)
    except ValidationError as error:
        return error.messages, None
    _receive(vif)
    return [], vif


def _receive(vif: Any) -> None:
    """Each application enters the workflow as received, as intake receives a form an
    intermediary brings (VSS number, deadline rule), by the account that records what
    comes in without a person at the desk: an intermediary may not receive its own forms.
    One past its case's deadline stays unreceived with the day it came, for a legal
    officer to accept late or not."""
    receiver = online_actor()
    for application in vif.applications.order_by("pk"):
        try:
            with transaction.atomic():
                applications.application_transition(
                    actor=receiver, application=application, to_status=Status.RECEIVED
                )
        except ValidationError:
            continue


def _record(actor: User, sent: SentForm, existing: DeviceForm | None) -> DeviceForm:
    problems, vif = _checked(actor, sent)
    application = vif.applications.order_by("pk").first() if vif is not None else None
    status = DeviceFormStatus.RECEIVED if application else DeviceFormStatus.REFUSED
    if existing is None:
        if actor.organisation_id is None:  # an intermediary's account always has one
            raise PermissionDenied
        stored = list(vif.documents.values_list("file", flat=True)) if vif is not None else []
        try:
            with transaction.atomic():
                device_form = DeviceForm.objects.create(
                    device_form_id=sent.device_form_id,
                    sent_by=actor,
                    organisation_id=actor.organisation_id,
                    status=status,
                    problems=problems,
                    content_digest=sent.digest,
                    filled_at=sent.filled_at,
                    application=application,
                )
        except IntegrityError:
            # Another request recorded this form first: our VIF is rolled back, and the
            # files written for its documents would stay behind, owned by no record.
            for name in stored:
                default_storage.delete(name)
            raise
        old: dict[str, Any] = {}
    else:
        device_form = existing
        old = {"status": existing.status, "problems": existing.problems}
        device_form.status = status
        device_form.problems = problems
        device_form.content_digest = sent.digest
        device_form.filled_at = sent.filled_at
        device_form.application = application
        device_form.times_sent = F("times_sent") + 1
        device_form.save(
            update_fields=[
                "status",
                "problems",
                "content_digest",
                "filled_at",
                "application",
                "times_sent",
                "last_sent_at",
            ]
        )
        device_form.refresh_from_db()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if existing is None else AuditAction.UPDATE,
        obj=device_form,
        label=audit_label(FORM, form=vif.pk) if vif is not None else "",
        changes={
            "status": {"old": old.get("status"), "new": status},
            "problems": {"old": old.get("problems"), "new": problems},
        },
    )
    return device_form


def _sent_again(device_form: DeviceForm) -> DeviceForm:
    device_form.times_sent = F("times_sent") + 1
    device_form.save(update_fields=["times_sent", "last_sent_at"])
    device_form.refresh_from_db()
    return device_form


def _receive_one(actor: User, sent: SentForm) -> SyncResult:
    existing = (
        DeviceForm.objects.select_for_update().filter(device_form_id=sent.device_form_id).first()
    )
    if existing is not None:
        if existing.organisation_id != actor.organisation_id:
            # Whose it is stays untold: the id is simply taken.
            return SyncResult(
                device_form_id=str(sent.device_form_id),
                outcome=Outcome.REFUSED,
                problems=[_("This form's id was already used for another form.")],
            )
        if existing.content_digest == sent.digest:
            return _answer(_sent_again(existing))
        if existing.status == DeviceFormStatus.RECEIVED:
            return SyncResult(
                device_form_id=str(sent.device_form_id),
                outcome=Outcome.REFUSED,
                problems=[_("This form's id was already used for another form.")],
            )
        # A form refused before, corrected on the device and sent again under its id.
        return _answer(_record(actor, sent, existing))
    try:
        with transaction.atomic():
            return _answer(_record(actor, sent, None))
    except IntegrityError:
        # The same form sent at the same moment by another request, which recorded it
        # first: answer as a retry of that one (its VIF was rolled back with ours).
        winner = DeviceForm.objects.select_related("application__form").get(
            device_form_id=sent.device_form_id
        )
        if winner.organisation_id != actor.organisation_id or winner.content_digest != sent.digest:
            return SyncResult(
                device_form_id=str(sent.device_form_id),
                outcome=Outcome.REFUSED,
                problems=[_("This form's id was already used for another form.")],
            )
        return _answer(winner)


@transaction.atomic
def device_forms_receive(*, actor: User, request: SyncRequest) -> list[SyncResult]:
    """Record each form sent from an intermediary's device, once per id, and answer for
    each: received (with its applications) or refused with its problems."""
    if not policy.can_send_device_forms(actor):
        raise PermissionDenied
    results = list(request.unreadable)
    for sent in request.forms:
        with transaction.atomic():
            results.append(_receive_one(actor, sent))
    return results

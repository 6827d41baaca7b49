"""What a lawyer writes on a client's file: notes, each one audited without its words."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vss import policy
from vss.accounts.models import User
from vss.applications.models import Application
from vss.audit.models import AuditAction
from vss.audit.services import audit_record

from ..models import ClientNote

NOTE_MAX_LENGTH = 5000


@transaction.atomic
def client_note_add(*, actor: User, application: Application, text: str) -> ClientNote:
    if not policy.can_write_client_note(actor, application):
        raise PermissionDenied
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the note before saving it.")})
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"text": _("A note holds at most %(max)d characters.") % {"max": NOTE_MAX_LENGTH}}
        )
    note = ClientNote.objects.create(application=application, text=text, author=actor)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=note,
        label=application.vss_number or "",
        # The note itself stays on the file for good; a lawyer's words to the file are
        # no business of the audit log's readers, which records that it was written.
        changes={"text": {"old": None, "new": f"{len(text)} characters"}},
    )
    return note

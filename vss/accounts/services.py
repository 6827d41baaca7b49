from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from vss.audit.models import AuditAction
from vss.audit.services import audit_record

from .models import User


@transaction.atomic
def user_language_set(*, user: User, language: str) -> None:
    """Remember the interface language a user chose, for what VSS writes to them later
    (notifications and their emails)."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError("unknown language")
    old = user.language
    if old == language:
        return
    user.language = language
    user.save(update_fields=["language"])
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=user,
        label=user.get_username(),
        changes={"language": {"old": old, "new": language}},
    )

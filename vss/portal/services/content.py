"""Writing the public site's texts: a change is a new draft revision; publishing one puts
it before the public and keeps the text it replaces; going back to an earlier text
publishes a copy of it, so the history only ever grows."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vss import policy
from vss.accounts.models import User
from vss.audit.labels import audit_label
from vss.audit.models import AuditAction
from vss.audit.services import audit_record, new_values
from vss.policy import Right

from ..audit_labels import PAGE_TEXT, PAGE_TITLES
from ..models import ContentRevision, PublicPage, RevisionStatus


@dataclass(frozen=True)
class TextData:
    title: str
    body: str
    summary: str = ""
    note: str = ""


def _label(revision: ContentRevision) -> str:
    return audit_label(PAGE_TEXT, page=PAGE_TITLES[revision.page], language=revision.language)


def _checked(page: str, language: str, data: TextData) -> dict[str, str]:
    errors = {}
    if page not in PublicPage.values:
        errors["page"] = _("Choose a page of the public site.")
    if language not in dict(settings.LANGUAGES):
        errors["language"] = _("Choose a language.")
    values = {
        "title": data.title.strip(),
        "summary": data.summary.strip(),
        "body": data.body.strip(),
        "note": data.note.strip(),
    }
    if not values["title"]:
        errors["title"] = _("Give the page a title.")
    if not values["body"]:
        errors["body"] = _("Write the text of the page.")
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def content_revision_write(
    *, user: User, page: str, language: str, data: TextData
) -> ContentRevision:
    """A new draft of a page in one language; the public still reads the published text."""
    policy.require_right(user, Right.EDIT_PUBLIC_CONTENT)
    values = _checked(page, language, data)
    revision = ContentRevision.objects.create(
        page=page, language=language, written_by=user, status=RevisionStatus.DRAFT, **values
    )
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        obj=revision,
        label=_label(revision),
        changes=new_values({"page": page, "language": language, **values, "status": "draft"}),
    )
    return revision


@transaction.atomic
def content_revision_publish(*, user: User, revision: ContentRevision) -> ContentRevision:
    """Put a draft before the public; the text it replaces is kept as replaced."""
    policy.require_right(user, Right.EDIT_PUBLIC_CONTENT)
    revision = ContentRevision.objects.select_for_update().get(pk=revision.pk)
    if revision.status != RevisionStatus.DRAFT:
        raise ValidationError(_("Only a draft is published: this text was published already."))
    current = (
        ContentRevision.objects.select_for_update()
        .filter(page=revision.page, language=revision.language, status=RevisionStatus.PUBLISHED)
        .first()
    )
    if current is not None:
        current.status = RevisionStatus.REPLACED
        current.save(update_fields=["status"])
        audit_record(
            actor=user,
            action=AuditAction.STATUS_CHANGE,
            obj=current,
            label=_label(current),
            changes={"status": {"old": "published", "new": "replaced"}},
        )
    revision.status = RevisionStatus.PUBLISHED
    revision.published_by, revision.published_at = user, timezone.now()
    revision.save(update_fields=["status", "published_by", "published_at"])
    audit_record(
        actor=user,
        action=AuditAction.STATUS_CHANGE,
        obj=revision,
        label=_label(revision),
        changes={
            "status": {"old": "draft", "new": "published"},
            "replaces": {"old": None, "new": current.pk if current else None},
        },
    )
    return revision


@transaction.atomic
def content_revision_restore(
    *, user: User, revision: ContentRevision, note: str = ""
) -> ContentRevision:
    """Go back to an earlier text: a copy of it is written and published at once."""
    policy.require_right(user, Right.EDIT_PUBLIC_CONTENT)
    if revision.status == RevisionStatus.PUBLISHED:
        raise ValidationError(_("This text is the one the public reads already."))
    written_at = timezone.localtime(revision.written_at).strftime("%Y-%m-%d %H:%M")
    copy = content_revision_write(
        user=user,
        page=revision.page,
        language=revision.language,
        data=TextData(
            title=revision.title,
            summary=revision.summary,
            body=revision.body,
            note=note.strip() or _("Back to the text written on %(date)s") % {"date": written_at},
        ),
    )
    return content_revision_publish(user=user, revision=copy)

"""Every write to a newsletter: its drafts, its archiving and its sending (through the
message engine), and the printing of its letters for post. Each function checks the
actor's right, runs in one transaction and writes its audit entry in it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from vss import policy
from vss.audit.labels import audit_label
from vss.audit.models import AuditAction
from vss.audit.services import (
    audit_record,
    audited_update,
    check_version,
    new_values,
    snapshot,
)
from vss.geo.models import Province
from vss.policy import Right
from vss.proceedings.models import Case
from vss.representation.models import CivilPartyGroup

from ..audit_labels import NEWSLETTER, NEWSLETTER_REACH, SEND
from ..models import (
    AudienceKind,
    Message,
    MessageChannel,
    MessageKind,
    MessageStatus,
    Newsletter,
    NewsletterReach,
    NewsletterStatus,
    SendJob,
)
from ..selectors.newsletters import (
    LANGUAGES,
    audience_count,
    audience_people,
    audience_subscribers,
    newsletter_content,
)
from ..tasks import count_newsletter_reach
from . import sending

if TYPE_CHECKING:
    from vss.accounts.models import User

TEXTS = tuple(
    f"{prefix}_{language}" for prefix in ("title", "body", "sms") for language in LANGUAGES
)


@dataclass
class NewsletterData:
    title_km: str
    title_en: str
    title_fr: str
    audience: str
    body_km: str = ""
    body_en: str = ""
    body_fr: str = ""
    sms_km: str = ""
    sms_en: str = ""
    sms_fr: str = ""
    case: Case | None = None
    province: Province | None = None
    group: CivilPartyGroup | None = None


def _checked(data: NewsletterData) -> dict[str, object]:
    """The newsletter's values from `data`, or the refusal naming each field at fault. A
    draft may wait for its translations; only its audience must be whole."""
    values: dict[str, object] = {name: str(getattr(data, name)).strip() for name in TEXTS}
    errors: dict[str, str] = {}
    if not (values["title_km"] or values["title_en"] or values["title_fr"]):
        errors["title_km"] = _("Give the title in at least one language.")
    for name in ("sms_km", "sms_en", "sms_fr"):
        if len(str(values[name])) > 300:
            errors[name] = _("An SMS text has at most 300 characters.")
    named = {
        AudienceKind.CASE: ("case", _("Choose the case.")),
        AudienceKind.PROVINCE: ("province", _("Choose the province.")),
        AudienceKind.GROUP: ("group", _("Choose the group.")),
    }
    if data.audience not in AudienceKind.values:
        errors["audience"] = _("Choose who the newsletter is for.")
    elif data.audience in named:
        name, message = named[AudienceKind(data.audience)]
        if getattr(data, name) is None:
            errors[name] = message
    if errors:
        raise ValidationError(errors)
    values["audience"] = data.audience
    # Only what the audience names is kept: a case stays with a province (its Civil
    # Parties of that province), a group and subscribers take nothing else.
    values["case"] = (
        data.case if data.audience in (AudienceKind.CASE, AudienceKind.PROVINCE) else None
    )
    values["province"] = data.province if data.audience == AudienceKind.PROVINCE else None
    values["group"] = data.group if data.audience == AudienceKind.GROUP else None
    return values


def _label(newsletter: Newsletter) -> str:
    return audit_label(NEWSLETTER, newsletter=newsletter.pk)


@transaction.atomic
def newsletter_create(*, user: User, data: NewsletterData) -> Newsletter:
    policy.require_right(user, Right.SEND_MESSAGES)
    values = _checked(data)
    newsletter = Newsletter(created_by=user, **values)
    newsletter.save()
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        obj=newsletter,
        label=_label(newsletter),
        changes=new_values(
            {
                name: value.pk if hasattr(value, "pk") else value
                for name, value in values.items()
                if value not in ("", None)
            }
        ),
    )
    _reach_ask(user=user, newsletter=newsletter)
    return newsletter


def _locked(newsletter: Newsletter) -> Newsletter:
    return Newsletter.objects.select_for_update().get(pk=newsletter.pk)


def _require_draft(newsletter: Newsletter) -> None:
    if newsletter.archived_at is not None:
        raise ValidationError(_("This newsletter is archived."))
    if newsletter.status != NewsletterStatus.DRAFT:
        raise ValidationError(_("This newsletter has been sent: it cannot be changed."))


@transaction.atomic
def newsletter_update(
    *, user: User, newsletter: Newsletter, data: NewsletterData, version: int
) -> Newsletter:
    """Saves a draft edited on a page opened at `version` (else StaleEdit)."""
    policy.require_right(user, Right.SEND_MESSAGES)
    newsletter = _locked(newsletter)
    audience_before = newsletter.audience_key
    audited_update(
        newsletter,
        actor=user,
        values=_checked(data),
        label=_label(newsletter),
        check=lambda: _require_draft(newsletter),
        expected_version=version,
    )
    if newsletter.audience_key != audience_before:
        _reach_ask(user=user, newsletter=newsletter)
    return newsletter


@transaction.atomic
def newsletter_archive(
    *, user: User, newsletter: Newsletter, reason: str, version: int
) -> Newsletter:
    """Sets a newsletter aside, saying why; one being sent is archived once it is sent."""
    policy.require_right(user, Right.SEND_MESSAGES)
    newsletter = _locked(newsletter)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the newsletter is archived.")})
    if newsletter.archived_at is not None:
        raise ValidationError(_("This newsletter is archived."))
    if newsletter.status == NewsletterStatus.SENDING:
        raise ValidationError(_("This newsletter is being sent: archive it once it is sent."))
    audited_update(
        newsletter,
        actor=user,
        values={
            "archived_at": timezone.now(),
            "archived_by": user,
            "archive_reason": reason.strip(),
        },
        label=_label(newsletter),
        expected_version=version,
    )
    return newsletter


# --- who it reaches ----------------------------------------------------------------------


def _reach_ask(*, user: User, newsletter: Newsletter) -> NewsletterReach:
    """Asks the worker to count the newsletter's readers once the caller's transaction is
    committed; the last count stays on the page, marked as being counted again."""
    asked_at = timezone.now()
    label = audit_label(NEWSLETTER_REACH, newsletter=newsletter.pk)
    reach = NewsletterReach.objects.select_for_update().filter(newsletter=newsletter).first()
    if reach is None:
        reach = NewsletterReach.objects.create(newsletter=newsletter, asked_at=asked_at)
        audit_record(
            actor=user,
            action=AuditAction.CREATE,
            obj=reach,
            label=label,
            changes=new_values(snapshot(reach, ["asked_at"])),
        )
    else:
        audited_update(reach, actor=user, values={"asked_at": asked_at}, label=label)
    transaction.on_commit(lambda: count_newsletter_reach.enqueue(newsletter_id=newsletter.pk))
    return reach


@transaction.atomic
def newsletter_reach_ask(*, user: User, newsletter: Newsletter) -> NewsletterReach:
    """Count again who a draft reaches (its readers' consents and addresses change)."""
    policy.require_right(user, Right.SEND_MESSAGES)
    newsletter = _locked(newsletter)
    _require_draft(newsletter)
    return _reach_ask(user=user, newsletter=newsletter)


def newsletter_reach_count(*, newsletter_id: int) -> None:
    """The worker's count of who a newsletter reaches, kept with the moment it started
    and the audience it counted. A count asked for twice while one runs is made once
    more, not twice; a count that finishes after a later one is not kept over it."""
    reach = NewsletterReach.objects.select_related("newsletter").get(pk=newsletter_id)
    if reach.counted_at is not None and reach.counted_at >= reach.asked_at:
        return
    started = timezone.now()
    newsletter = reach.newsletter
    count = audience_count(newsletter)
    with transaction.atomic():
        reach = NewsletterReach.objects.select_for_update().get(pk=newsletter_id)
        if reach.counted_at is not None and reach.counted_at >= started:
            return
        reach.counted_at = started
        reach.audience = newsletter.audience_key
        reach.reached = count.reached
        reach.not_reached = count.not_reached
        reach.save(update_fields=["counted_at", "audience", "reached", "not_reached"])


def missing_texts(newsletter: Newsletter) -> list[str]:
    """The texts still to be written before the newsletter may be sent, by their labels."""
    fields = {field.name: field.verbose_name for field in Newsletter._meta.concrete_fields}
    return [str(fields[name]) for name in TEXTS if not str(getattr(newsletter, name)).strip()]


@transaction.atomic
def newsletter_send(*, user: User, newsletter: Newsletter, version: int) -> SendJob:
    """Writes the newsletter to each reader of its audience through the engine (a message
    or, for those it does not reach, a message kept as not sent with the reason), and
    sends them in the background once committed. Sent once: the engine's keys name the
    newsletter and the reader."""
    policy.require_right(user, Right.SEND_MESSAGES)
    newsletter = _locked(newsletter)

    def ready() -> None:
        _require_draft(newsletter)
        if missing := missing_texts(newsletter):
            raise ValidationError(
                _("Write every text before sending: %(missing)s.") % {"missing": ", ".join(missing)}
            )

    check_version(newsletter, version)
    ready()
    title = newsletter.title_km or newsletter.title_en or newsletter.title_fr
    job = sending.job_start(label=title, user=user)
    key = f"newsletter-{newsletter.pk}"
    content = newsletter_content(newsletter)
    if newsletter.audience == AudienceKind.SUBSCRIBERS:
        sending.subscribers_write(
            job=job,
            kind=MessageKind.NEWSLETTER,
            subscribers=audience_subscribers(),
            content=content,
            key=key,
            newsletter=newsletter,
        )
    else:
        sending.messages_write(
            job=job,
            kind=MessageKind.NEWSLETTER,
            people=audience_people(newsletter),
            content=content,
            key=key,
            news=True,
            newsletter=newsletter,
        )
    audited_update(
        newsletter,
        actor=user,
        values={"status": NewsletterStatus.SENDING, "job": job, "sent_by": user},
        label=_label(newsletter),
        expected_version=version,
    )
    sending.job_queue(job)
    return job


@transaction.atomic
def newsletter_mark_sent(*, job_id: int) -> None:
    """Once its send is done, the newsletter is sent (the worker's doing: no one's)."""
    newsletter = Newsletter.objects.select_for_update().filter(job=job_id).first()
    if newsletter is None or newsletter.status != NewsletterStatus.SENDING:
        return
    audited_update(
        newsletter,
        actor=None,
        values={"status": NewsletterStatus.SENT},
        label=_label(newsletter),
    )


# --- printed post ------------------------------------------------------------------------


def post_messages(
    newsletter: Newsletter | None = None, language: str = "", *, job: SendJob | None = None
) -> QuerySet[Message]:
    """The letters of the newsletter, or of any send, that go by post (printed already or
    not), in the order their labels are printed in."""
    messages = Message.objects.filter(
        channel=MessageChannel.POST,
        status__in=(MessageStatus.QUEUED, MessageStatus.PRINTED),
    )
    messages = (
        messages.filter(job=job) if job is not None else messages.filter(newsletter=newsletter)
    )
    if language:
        messages = messages.filter(language=language)
    return messages.order_by("language", "pk")


@transaction.atomic
def newsletter_printed(*, user: User, newsletter: Newsletter, what: str, language: str = "") -> int:
    """Records that the letters (in `language`) or the address labels of the newsletter
    were printed: the download is audited, its letters are PRINTED. Answers how many."""
    policy.require_right(user, Right.SEND_MESSAGES)
    messages = post_messages(newsletter, language)
    printed = messages.update(status=MessageStatus.PRINTED, status_at=timezone.now())
    audit_record(
        actor=user,
        action=AuditAction.DOWNLOAD,
        obj=newsletter,
        label=_label(newsletter),
        changes=new_values({"printed": what, "language": language or None, "shown": printed}),
    )
    return printed


@transaction.atomic
def send_printed(*, user: User, job: SendJob, what: str, language: str = "") -> int:
    """Records that the letters (in `language`) or the address labels of a send were
    printed (the invitations to an event, its pick-up notices, a court date's notice):
    the download is audited, its letters are PRINTED. Answers how many."""
    policy.require_right(user, Right.SEND_MESSAGES)
    printed = post_messages(job=job, language=language).update(
        status=MessageStatus.PRINTED, status_at=timezone.now()
    )
    audit_record(
        actor=user,
        action=AuditAction.DOWNLOAD,
        obj=job,
        label=audit_label(SEND, job=job.pk),
        changes=new_values({"printed": what, "language": language or None, "shown": printed}),
    )
    return printed

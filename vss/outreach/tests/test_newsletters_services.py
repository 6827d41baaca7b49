"""Writing, sending and archiving a newsletter: the right it needs, the audit entry each
write leaves, and a save over someone else's refused."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from vss.audit.models import AuditAction, AuditEntry
from vss.audit.services import StaleEdit
from vss.outreach.models import (
    AudienceKind,
    Message,
    MessageStatus,
    Newsletter,
    NewsletterStatus,
    SendStatus,
)
from vss.outreach.services import newsletters as services
from vss.outreach.services import sending
from vss.testing.factories import CaseFactory, NewsletterFactory

from .newsletter_world import newsletter_world

pytestmark = pytest.mark.django_db


def _data(**values) -> services.NewsletterData:
    case = values.pop("case", None) or CaseFactory.create()
    defaults: dict[str, Any] = {
        "title_km": "ព្រឹត្តិបត្រ",
        "title_en": "Newsletter",
        "title_fr": "Lettre",
        "audience": AudienceKind.CASE,
        "case": case,
    }
    return services.NewsletterData(**(defaults | values))


def _entries(newsletter: Newsletter) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            object_type="outreach.newsletter", object_id=str(newsletter.pk)
        ).order_by("pk")
    )


def test_an_outreach_officer_writes_a_newsletter_and_the_log_keeps_it(outreach):
    newsletter = services.newsletter_create(user=outreach, data=_data(body_en="Hello"))
    assert newsletter.status == NewsletterStatus.DRAFT
    [entry] = _entries(newsletter)
    assert entry.action == AuditAction.CREATE
    assert entry.changes["body_en"] == {"old": None, "new": "Hello"}


def test_without_the_right_to_send_messages_nothing_is_written(legal):
    with pytest.raises(PermissionDenied):
        services.newsletter_create(user=legal, data=_data())
    assert not Newsletter.objects.exists()


def test_an_audience_must_name_what_it_is_for(outreach):
    with pytest.raises(ValidationError) as refused:
        services.newsletter_create(user=outreach, data=_data(audience=AudienceKind.GROUP))
    assert "group" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        services.newsletter_create(user=outreach, data=_data(title_km="", title_en="", title_fr=""))
    assert "title_km" in refused.value.error_dict


def test_an_edit_over_someone_elses_is_refused(outreach, chief):
    newsletter = services.newsletter_create(user=outreach, data=_data())
    services.newsletter_update(
        user=chief,
        newsletter=newsletter,
        data=_data(case=newsletter.case, title_en="New"),
        version=0,
    )
    with pytest.raises(StaleEdit):
        services.newsletter_update(
            user=outreach,
            newsletter=newsletter,
            data=_data(case=newsletter.case, title_en="Mine"),
            version=0,
        )
    newsletter.refresh_from_db()
    assert (newsletter.title_en, newsletter.version) == ("New", 1)
    assert [e.action for e in _entries(newsletter)] == [AuditAction.CREATE, AuditAction.UPDATE]


def test_a_newsletter_with_a_text_missing_is_not_sent(outreach):
    newsletter = NewsletterFactory.create(sms_fr="")
    with pytest.raises(ValidationError, match="SMS \\(French\\)"):
        services.newsletter_send(user=outreach, newsletter=newsletter, version=0)
    assert not Message.objects.exists()


def test_sending_writes_every_message_once_and_the_worker_marks_it_sent(outreach, settings):
    world = newsletter_world()
    newsletter = NewsletterFactory.create(case=world.case)
    job = services.newsletter_send(user=outreach, newsletter=newsletter, version=0)
    newsletter.refresh_from_db()
    assert (newsletter.status, newsletter.job, newsletter.sent_by) == (
        NewsletterStatus.SENDING,
        job,
        outreach,
    )
    assert Message.objects.filter(newsletter=newsletter).count() == len(world.people)
    assert all(
        m.idempotency_key == f"newsletter-{newsletter.pk}:p{m.person_id}"
        for m in Message.objects.filter(newsletter=newsletter)
    )
    with pytest.raises(ValidationError):
        services.newsletter_send(user=outreach, newsletter=newsletter, version=newsletter.version)
    sending.messages_send(job.pk)
    services.newsletter_mark_sent(job_id=job.pk)
    newsletter.refresh_from_db()
    job.refresh_from_db()
    assert newsletter.status == NewsletterStatus.SENT
    assert job.status == SendStatus.DONE
    assert (job.sent, job.failed, job.skipped) == (2, 1, 6)
    post = Message.objects.get(newsletter=newsletter, person=world.people["post_en"])
    assert post.status == MessageStatus.QUEUED  # waiting to be printed
    assert _entries(newsletter)[-1].actor is None


def test_a_stale_send_is_refused_before_any_message_is_written(outreach):
    newsletter = NewsletterFactory.create()
    Newsletter.objects.filter(pk=newsletter.pk).update(version=3)
    with pytest.raises(StaleEdit):
        services.newsletter_send(user=outreach, newsletter=newsletter, version=2)
    assert not Message.objects.exists()


def test_archiving_says_why_and_a_sent_one_cannot_be_edited(outreach):
    newsletter = NewsletterFactory.create(status=NewsletterStatus.SENT)
    with pytest.raises(ValidationError):
        services.newsletter_update(
            user=outreach, newsletter=newsletter, data=_data(case=newsletter.case), version=0
        )
    with pytest.raises(ValidationError) as refused:
        services.newsletter_archive(user=outreach, newsletter=newsletter, reason=" ", version=0)
    assert "reason" in refused.value.error_dict
    services.newsletter_archive(
        user=outreach, newsletter=newsletter, reason="Sent in error", version=0
    )
    newsletter.refresh_from_db()
    assert (newsletter.archive_reason, newsletter.archived_by) == ("Sent in error", outreach)
    assert _entries(newsletter)[-1].changes["archive_reason"]["new"] == "Sent in error"

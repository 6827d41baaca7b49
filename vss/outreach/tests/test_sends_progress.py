"""A send's page: its progress bar asked again by HTMX while the worker sends, the
counts it shows, and once done the failures by name (protected people by pseudonym),
an audited read."""

import pytest
from django.urls import reverse

from vss.audit.models import AuditAction, AuditEntry
from vss.outreach.models import NewsletterStatus
from vss.outreach.services import newsletters as services
from vss.outreach.services import sending
from vss.testing.clients import signed_in
from vss.testing.factories import NewsletterFactory

from .newsletter_world import newsletter_world

pytestmark = pytest.mark.django_db


def test_sending_from_the_page_leads_to_its_progress(request, outreach):
    world = newsletter_world()
    newsletter = NewsletterFactory.create(case=world.case)
    client = signed_in(request, "outreach")
    response = client.post(
        reverse("outreach:newsletter_send", args=[newsletter.pk]), {"version": 0}
    )
    newsletter.refresh_from_db()
    assert newsletter.status == NewsletterStatus.SENDING
    assert response.url == reverse("outreach:send_detail", args=[newsletter.job_id])
    page = client.get(response.url).content.decode()
    assert 'hx-get="' in page and 'hx-trigger="every 2s"' in page
    assert '<progress max="100" value="70"' in page  # 6 not sent and 1 by post of 10
    assert "data-failures" not in page


def test_the_bar_alone_answers_htmx_and_stops_polling_once_done(request, outreach):
    world = newsletter_world()
    newsletter = NewsletterFactory.create(case=world.case)
    job = services.newsletter_send(user=outreach, newsletter=newsletter, version=0)
    sending.messages_send(job.pk)
    client = signed_in(request, "outreach")
    response = client.get(reverse("outreach:send_detail", args=[job.pk]), HTTP_HX_REQUEST="true")
    part = response.content.decode()
    assert part.lstrip().startswith('<section id="send-progress"')
    assert "hx-get" not in part
    assert '<progress max="100" value="100"' in part
    assert "<dd data-sent>2</dd>" in part and "<dd data-failed>1</dd>" in part
    assert "<dd data-skipped>6</dd>" in part and "<dd data-post>1 / 0</dd>" in part
    assert "unknown number" in part and "000 999" in part
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEW, object_type="outreach.sendjob", object_id=str(job.pk)
    ).exists()

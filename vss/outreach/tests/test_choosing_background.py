"""The draw made in the background: asking records it queued (audited) and the worker
makes it (the pool, the draw, the invitations) or marks it failed with its reason, having
written nothing else; a second draw is refused while one is under way, the current draw
stays current until the next is done, and a draw a stopped worker left is queued again. Its page shows the progress, then the
explanation or the reason."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.urls import reverse

from vss.audit.models import AuditAction, AuditEntry
from vss.core import workers
from vss.outreach.draw import DrawResult, Quota
from vss.outreach.models import (
    Draw,
    DrawFailure,
    DrawStatus,
    EventStatus,
    Invitation,
    InvitationStatus,
)
from vss.outreach.selectors.choosing import PoolFilters
from vss.outreach.services import choosing as services
from vss.testing.clients import signed_in
from vss.testing.draws import drawn
from vss.testing.factories import CaseFactory

from .choosing_world import SIX_PROVINCES, civil_party, event_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    return CaseFactory.create()


@pytest.fixture
def event(case, partner):
    for province in SIX_PROVINCES:
        civil_party(case, province=province)
    return event_of(case, co_organiser=partner.organisation, capacity=10)


def _ask(outreach, event, **asked) -> Draw:
    """A draw asked for and left queued, as it stands until the worker takes it."""
    return services.draw_make(user=outreach, event=event, filters=PoolFilters(), **asked)


def _entries(made: Draw) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(object_type="outreach.draw", object_id=str(made.pk)).order_by(
            "pk"
        )
    )


def test_a_draw_asked_for_is_queued_and_the_worker_makes_it(
    outreach, event, django_capture_on_commit_callbacks
):
    earlier = drawn(user=outreach, event=event, size=2, seed=1)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        made = _ask(outreach, event, size=3, waiting=1, seed=7, quotas=[Quota("province", "04", 1)])
    made.refresh_from_db()
    assert (made.status, made.progress, made.is_current) == (DrawStatus.QUEUED, 0.0, False)
    assert not made.invitations.exists()
    assert Draw.objects.get(event=event, is_current=True) == earlier
    assert len(queued) == 1

    queued[0]()
    made.refresh_from_db()
    earlier.refresh_from_db()
    assert (made.status, made.progress, made.is_current) == (DrawStatus.DONE, 1.0, True)
    assert made.finished_at is not None and made.stage == "" and made.failure == ""
    assert not earlier.is_current
    assert made.explanation["quotas"][0]["drawn"] >= 1
    assert made.invitations.filter(status=InvitationStatus.CHOSEN).count() == 3
    assert made.invitations.filter(status=InvitationStatus.WAITING).count() == 1
    asked, done = _entries(made)
    assert asked.action == AuditAction.CREATE
    assert asked.changes["status"] == {"old": None, "new": "queued"}
    assert asked.changes["waiting"] == {"old": None, "new": 1}
    assert done.changes["status"] == {"old": "running", "new": "done"}
    assert done.actor == outreach


def test_the_same_seed_draws_the_same_people_in_the_background(outreach, event):
    first = drawn(user=outreach, event=event, size=3, waiting=2, seed=99)
    chosen = list(first.invitations.order_by("rank").values_list("person_id", flat=True))
    second = drawn(user=outreach, event=event, size=3, waiting=2, seed=99)
    assert list(second.invitations.order_by("rank").values_list("person_id", flat=True)) == chosen


def test_a_draw_asked_while_another_is_under_way_is_refused(
    outreach, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        under_way = _ask(outreach, event, size=2)
    with pytest.raises(ValidationError, match="under way"):
        _ask(outreach, event, size=2)
    assert list(Draw.objects.filter(event=event)) == [under_way]
    # The database holds the rule too, should two requests pass the check together.
    with pytest.raises(IntegrityError), transaction.atomic():
        Draw.objects.create(
            event=event,
            seed=1,
            size=1,
            status=DrawStatus.RUNNING,
            is_current=False,
            made_by=outreach,
        )


def test_a_draw_nobody_can_be_drawn_for_fails_with_its_reason(outreach, case, partner):
    event = event_of(case, capacity=10)
    earlier_pool = civil_party(case, province="04")
    earlier = drawn(user=outreach, event=event, size=1, seed=1)
    services.invitations_send(user=outreach, event=event)
    assert Invitation.objects.get(person=earlier_pool.applicant).status == "invited"

    made = drawn(user=outreach, event=event, size=1, seed=2)
    assert (made.status, made.failure) == (DrawStatus.FAILED, DrawFailure.EMPTY_POOL)
    assert not made.is_current and made.finished_at is not None
    assert not made.invitations.exists()
    earlier.refresh_from_db()
    assert earlier.is_current
    assert _entries(made)[-1].changes["failure"] == {"old": None, "new": "empty_pool"}
    # Once failed, the event may be drawn for again.
    assert drawn(user=outreach, event=event, size=1, seed=3).status == DrawStatus.FAILED


def test_a_draw_for_an_event_cancelled_meanwhile_fails(
    outreach, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        made = _ask(outreach, event, size=2)
    event.status = EventStatus.CANCELLED
    event.save(update_fields=["status"])
    queued[0]()
    made.refresh_from_db()
    assert (made.status, made.failure) == (DrawStatus.FAILED, DrawFailure.NOT_PLANNED)
    assert not Invitation.objects.filter(event=event).exists()


def test_a_draw_that_stops_half_way_writes_nothing_but_its_failure(outreach, event, monkeypatch):
    earlier = drawn(user=outreach, event=event, size=2, seed=1)
    kept = set(Invitation.objects.values_list("pk", "status", "rank", "draw_id"))

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_invitations_for", broken)
    made = drawn(user=outreach, event=event, size=4, seed=2)
    assert (made.status, made.failure) == (DrawStatus.FAILED, DrawFailure.ERROR)
    earlier.refresh_from_db()
    assert earlier.is_current and not made.is_current
    assert set(Invitation.objects.values_list("pk", "status", "rank", "draw_id")) == kept


def test_a_draw_taken_twice_is_made_once(outreach, event):
    made = drawn(user=outreach, event=event, size=2, seed=1)
    invitations = Invitation.objects.count()
    assert services.draw_run(made.pk).status == DrawStatus.DONE
    assert Invitation.objects.count() == invitations
    assert len(_entries(made)) == 2


# --- the draw's page --------------------------------------------------------------------


def test_the_page_follows_the_draw_then_explains_it(
    request, outreach, event, django_capture_on_commit_callbacks
):
    client = signed_in(request, "outreach")
    data = {"size": "3", "waiting": "1", "seed": "5", "quota-TOTAL_FORMS": "0"}
    data["quota-INITIAL_FORMS"] = "0"
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(reverse("outreach:draw_make", args=[event.pk]), data)
    made = Draw.objects.get(event=event)
    url = reverse("outreach:draw_detail", args=[made.pk])
    assert response.status_code == 302 and response["Location"] == url

    page = client.get(url).content.decode()
    assert f'hx-get="{url}"' in page and "<progress" in page
    assert f'<a href="{url}">' in page  # the refresh link, for a browser without script
    form = client.get(reverse("outreach:draw_make", args=[event.pk])).content.decode()
    assert "data-under-way" in form
    refused = client.post(reverse("outreach:draw_make", args=[event.pk]), data)
    assert refused.status_code == 400 and "under way" in refused.content.decode()

    queued[0]()
    part = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert part.lstrip().startswith('<section id="draw-progress"')
    assert "hx-get" not in part and "<progress" not in part
    assert "draw-explanation" in part and 'data-status="done"' in part


def test_the_page_of_a_failed_draw_says_why(request, outreach, case):
    event = event_of(case)
    made = drawn(user=outreach, event=event, size=1, seed=1)
    page = signed_in(request, "outreach").get(reverse("outreach:draw_detail", args=[made.pk]))
    text = page.content.decode()
    assert 'data-failure="empty_pool"' in text and "Nobody could be drawn" in text


def test_the_page_is_read_in_scope_and_by_right(request, outreach, event):
    made = drawn(user=outreach, event=event, size=1, seed=1)
    url = reverse("outreach:draw_detail", args=[made.pk])
    assert signed_in(request, "partner").get(url).status_code == 200
    assert signed_in(request, "other_partner").get(url).status_code == 404
    assert signed_in(request, "intermediary").get(url).status_code == 403
    chief = signed_in(request, "chief")
    assert chief.post(url).status_code == 405
    assert chief.put(reverse("outreach:draw_make", args=[event.pk])).status_code == 405


def test_asking_for_a_draw_needs_the_form_s_token(request, outreach, event):
    client = signed_in(request, "outreach", enforce_csrf_checks=True)
    data = {"size": "1", "waiting": "0", "quota-TOTAL_FORMS": "0", "quota-INITIAL_FORMS": "0"}
    response = client.post(reverse("outreach:draw_make", args=[event.pk]), data)
    assert response.status_code == 403
    assert not Draw.objects.exists()


def test_a_draw_a_stopped_worker_left_running_is_queued_again_and_made_once(
    outreach, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        made = _ask(outreach, event, size=2, seed=3)
    Draw.objects.filter(pk=made.pk).update(status=DrawStatus.RUNNING, progress=0.4)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("resume_draws", stdout=StringIO())
    made.refresh_from_db()
    assert (made.status, made.is_current) == (DrawStatus.DONE, True)
    assert made.invitations.count() == 2
    # A worker that was still running it after all finds it made, and writes nothing.
    nobody = DrawResult(chosen=[], waiting=[], outcomes=[], pool_size=0)
    services._draw_finish(made, nobody, {}, [], [])
    services._draw_fail(made.pk, DrawFailure.ERROR)
    made.refresh_from_db()
    assert (made.status, made.failure, made.pool_size) == (DrawStatus.DONE, "", 6)
    assert made.invitations.count() == 2


def test_a_failed_draw_is_listed_among_the_earlier_ones_and_leads_to_its_reason(
    request, outreach, case
):
    event = event_of(case)
    failed = drawn(user=outreach, event=event, size=1, seed=1)
    client = signed_in(request, "outreach")
    page = client.get(reverse("outreach:invitation_list", args=[event.pk])).content.decode()
    earlier = page.split('id="earlier-draws"', 1)[1]
    assert reverse("outreach:draw_detail", args=[failed.pk]) in earlier
    assert "Failed" in earlier
    detail = client.get(reverse("outreach:draw_detail", args=[failed.pk])).content.decode()
    assert reverse("outreach:event_detail", args=[event.pk]) in detail


def test_a_draw_left_running_by_a_worker_that_died_is_made_when_taken_up(
    outreach, event, monkeypatch
):
    with TestCase.captureOnCommitCallbacks(execute=False):
        made = services.draw_make(user=outreach, event=event, size=2, seed=1, filters=PoolFilters())
    Draw.objects.filter(pk=made.pk).update(status=DrawStatus.RUNNING)
    # A second task beside a live worker leaves the draw to it.
    assert services.draw_run(made.pk).status == DrawStatus.RUNNING

    monkeypatch.setattr(workers, "resumed", lambda: True)

    assert services.draw_run(made.pk).status == DrawStatus.DONE
    assert Invitation.objects.filter(draw=made).count() == 2

"""Writing events: who may, what is refused and why, what the audit log keeps, and an
edit over someone else's later save refused; the form re-shown with what was typed."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from vss.audit.models import AuditAction, AuditEntry
from vss.audit.services import StaleEdit
from vss.outreach.models import Event, EventKind, EventStatus
from vss.outreach.services.events import (
    EventData,
    event_archive,
    event_create,
    event_set_status,
    event_update,
)
from vss.testing.clients import signed_in
from vss.testing.factories import CaseFactory, CourtDateFactory, EventFactory

pytestmark = pytest.mark.django_db


def _data(officer, **changes) -> EventData:
    values = {
        "kind": EventKind.REGIONAL_FORUM,
        "title_km": "វេទិកាថ្នាក់តំបន់",
        "title_en": "Regional forum",
        "title_fr": "Forum régional",
        "starts_at": timezone.now() + datetime.timedelta(days=20),
        "ends_at": timezone.now() + datetime.timedelta(days=20, hours=6),
        "venue": "Takeo provincial hall",
        "cases": [CaseFactory.create()],
        "capacity": 120,
        "budget_usd": Decimal("4500.5"),
        "officer": officer,
    }
    return EventData(**(values | changes))


def test_an_outreach_officer_creates_an_event_and_the_log_keeps_it(outreach, partner):
    event = event_create(user=outreach, data=_data(outreach, co_organisers=[partner.organisation]))
    assert event.budget_usd == Decimal("4500.50")
    assert list(event.co_organisers.all()) == [partner.organisation]
    entry = AuditEntry.objects.get(object_type="outreach.event", object_id=str(event.pk))
    assert entry.action == AuditAction.CREATE
    assert entry.changes["title_en"]["new"] == "Regional forum"
    assert entry.changes["co_organisers"]["new"] == [partner.organisation.pk]


@pytest.mark.parametrize("persona", ["reparations", "partner", "lawyer"])
def test_who_does_not_run_events_creates_none(request, persona, outreach):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        event_create(user=user, data=_data(outreach))
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title_km": "", "title_en": " ", "title_fr": ""}, "title_km"),
        ({"ends_at": timezone.now()}, "ends_at"),
        ({"venue": "", "village": None}, "venue"),
        ({"cases": []}, "cases"),
        ({"capacity": 0}, "capacity"),
        ({"budget_usd": Decimal("-1")}, "budget_usd"),
        ({"kind": "party"}, "kind"),
    ],
)
def test_a_faulty_event_is_refused_naming_the_field(outreach, changes, field):
    with pytest.raises(ValidationError) as refused:
        event_create(user=outreach, data=_data(outreach, **changes))
    assert field in refused.value.message_dict
    assert not Event.objects.exists()


def test_the_officer_in_charge_runs_events(outreach, reparations):
    with pytest.raises(ValidationError) as refused:
        event_create(user=outreach, data=_data(reparations))
    assert "officer" in refused.value.message_dict


def test_a_court_date_attended_is_one_of_the_events_cases(outreach):
    elsewhere = CourtDateFactory.create(case=CaseFactory.create(number="004/01"))
    with pytest.raises(ValidationError) as refused:
        event_create(user=outreach, data=_data(outreach, court_date=elsewhere))
    assert "court_date" in refused.value.message_dict
    data = _data(outreach, cases=[elsewhere.case], court_date=elsewhere)
    assert event_create(user=outreach, data=data).court_date == elsewhere


def test_a_donor_co_organises_no_event(outreach, donor):
    data = _data(outreach, co_organisers=[donor.organisation])
    with pytest.raises(ValidationError) as refused:
        event_create(user=outreach, data=data)
    assert "co_organisers" in refused.value.message_dict


def test_an_edit_is_audited_with_old_and_new_values(outreach, chief):
    event = event_create(user=outreach, data=_data(outreach))
    data = _data(chief, cases=list(event.cases.all()), capacity=150)
    data.starts_at, data.ends_at = event.starts_at, event.ends_at
    event_update(user=chief, event=event, data=data, version=0)
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE, object_id=str(event.pk)).get()
    # Only what changed: the times, given again in another time zone, are not a change.
    assert set(entry.changes) == {"capacity", "officer", "version"}
    assert entry.changes["capacity"] == {"old": 120, "new": 150}


def test_an_edit_over_a_later_save_is_refused_naming_what_changed(outreach, chief):
    event = event_create(user=outreach, data=_data(outreach))
    cases = list(event.cases.all())
    event_update(user=chief, event=event, data=_data(chief, cases=cases, capacity=80), version=0)
    with pytest.raises(StaleEdit) as stale:
        event_update(
            user=outreach, event=event, data=_data(outreach, cases=cases, capacity=90), version=0
        )
    assert "80" in str(stale.value.message)
    event.refresh_from_db()
    assert event.capacity == 80


def test_an_event_is_cancelled_with_its_reason(outreach):
    event = EventFactory.create(officer=outreach)
    event_set_status(
        user=outreach,
        event=event,
        to_status=EventStatus.CANCELLED,
        reason="Floods on the road",
        version=0,
    )
    event.refresh_from_db()
    assert (event.status, event.status_reason) == (EventStatus.CANCELLED, "Floods on the road")
    entry = AuditEntry.objects.get(object_type="outreach.event", action=AuditAction.UPDATE)
    assert entry.changes["status"] == {"old": "planned", "new": "cancelled"}
    assert entry.changes["status_reason"]["new"] == "Floods on the road"
    with pytest.raises(ValidationError):
        event_set_status(
            user=outreach, event=event, to_status=EventStatus.HELD, reason="Held", version=1
        )


def test_an_event_is_held_once_started_and_with_a_word(outreach):
    event = EventFactory.create(officer=outreach)
    with pytest.raises(ValidationError):
        event_set_status(
            user=outreach, event=event, to_status=EventStatus.HELD, reason="Done", version=0
        )
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=2))
    with pytest.raises(ValidationError) as refused:
        event_set_status(
            user=outreach, event=event, to_status=EventStatus.HELD, reason=" ", version=0
        )
    assert "reason" in refused.value.message_dict
    event_set_status(
        user=outreach, event=event, to_status=EventStatus.HELD, reason="142 came", version=0
    )
    event.refresh_from_db()
    assert event.status == EventStatus.HELD


def test_an_event_is_archived_once_with_who_when_and_why(outreach, partner):
    event = EventFactory.create(officer=outreach)
    with pytest.raises(PermissionDenied):
        event_archive(user=partner, event=event, reason="Mistake")
    event_archive(user=outreach, event=event, reason="Entered twice")
    event.refresh_from_db()
    assert (event.archived_by, event.archive_reason) == (outreach, "Entered twice")
    assert AuditEntry.objects.filter(action=AuditAction.ARCHIVE, object_id=str(event.pk)).exists()
    with pytest.raises(ValidationError):
        event_archive(user=outreach, event=event, reason="Again")


# --- the forms -------------------------------------------------------------------------


def _posted(case, officer, **changes) -> dict[str, object]:
    return {
        "kind": EventKind.HEARING_ATTENDANCE,
        "title_en": "Hearing attendance",
        "starts_at": "2027-03-02T08:00",
        "venue": "ECCC public gallery",
        "cases": [case.pk],
        "capacity": "300",
        "budget_usd": "2000",
        "officer": officer.pk,
    } | changes


def test_the_form_creates_the_event_and_opens_its_page(request, outreach):
    case = CaseFactory.create()
    response = signed_in(request, "outreach").post(
        reverse("outreach:event_create"), _posted(case, outreach)
    )
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("outreach:event_detail", args=[event.pk])
    assert timezone.localtime(event.starts_at).hour == 8


def test_a_refused_form_shows_what_was_typed_and_saves_nothing(request, outreach):
    case = CaseFactory.create()
    response = signed_in(request, "outreach").post(
        reverse("outreach:event_create"),
        _posted(case, outreach, venue="", starts_at="2027-03-02T08:00", ends_at="2027-03-01T08:00"),
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Hearing attendance" in text
    assert "The event cannot end before it starts." in text
    assert not Event.objects.exists()


def test_a_stale_edit_is_shown_again_from_the_version_now_saved(request, outreach, chief):
    event = EventFactory.create(officer=outreach)
    case = event.cases.get()
    event_update(
        user=chief,
        event=event,
        data=_data(outreach, cases=[case], capacity=60),
        version=0,
    )
    response = signed_in(request, "outreach").post(
        reverse("outreach:event_edit", args=[event.pk]),
        _posted(case, outreach, version="0", capacity="70"),
    )
    assert response.status_code == 400
    assert response.context["form"].data["version"] == "1"


def test_a_cancellation_without_reason_is_refused_with_400(request, outreach):
    event = EventFactory.create(officer=outreach)
    response = signed_in(request, "outreach").post(
        reverse("outreach:event_status", args=[event.pk, EventStatus.CANCELLED]),
        {"reason": "", "version": "0"},
    )
    assert response.status_code == 400
    event.refresh_from_db()
    assert event.status == EventStatus.PLANNED

"""The calendar's pages: a month for all cases or one case (with its segments), as the
user's scope shows events; the public calendar and its feed, which show only what is
public and name no one; a court date's form."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from vss.outreach.models import CourtDate, CourtDateKind, EventStatus
from vss.testing.clients import signed_in
from vss.testing.factories import CaseFactory, CourtDateFactory, EventFactory

pytestmark = pytest.mark.django_db


def _next_month() -> datetime.datetime:
    first = (timezone.localdate().replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    return timezone.make_aware(datetime.datetime.combine(first, datetime.time(9)))


@pytest.fixture
def month(outreach, partner):
    """Next month: a public judgment in 002/02 and a closed hearing in 004/01; a public
    forum TPO co-organises, a private meeting, and a public session cancelled."""
    outreach.first_name, outreach.last_name = "Sophal", "KEO"
    outreach.save(update_fields=["first_name", "last_name"])
    start = _next_month()
    segment = CaseFactory.create(
        number="002/02", parent=CaseFactory.create(number="002"), accepts_applications=False
    )
    other = CaseFactory.create(number="004/01")
    items = {
        "judgment": CourtDateFactory.create(
            case=segment, kind=CourtDateKind.TRIAL_JUDGMENT, starts_at=start, title_en="Verdict"
        ),
        "closed": CourtDateFactory.create(
            case=other, starts_at=start + datetime.timedelta(days=3), is_public=False
        ),
        "forum": EventFactory.create(
            officer=outreach,
            cases=[segment],
            starts_at=start + datetime.timedelta(days=5),
            is_public=True,
            title_en="Public forum in Takeo",
        ),
        "meeting": EventFactory.create(
            officer=outreach,
            cases=[other],
            starts_at=start + datetime.timedelta(days=6),
            title_en="Focal persons of Kampot",
        ),
        "cancelled": EventFactory.create(
            officer=outreach,
            cases=[other],
            starts_at=start + datetime.timedelta(days=7),
            is_public=True,
            status=EventStatus.CANCELLED,
            title_en="Cancelled session",
        ),
    }
    items["forum"].co_organisers.add(partner.organisation)
    return items


def _shown(response) -> set[str]:
    shown = set()
    for day in response.context["days"]:
        shown |= {f"date-{c.pk}" for c in day.court_dates}
        shown |= {f"event-{e.pk}" for e in day.events}
    return shown


def _keys(month, *names: str) -> set[str]:
    return {
        f"{'date' if isinstance(month[n], CourtDate) else 'event'}-{month[n].pk}" for n in names
    }


@pytest.mark.parametrize(
    ("persona", "seen"),
    [
        ("outreach", {"judgment", "closed", "forum", "meeting", "cancelled"}),
        ("partner", {"judgment", "closed", "forum"}),
        # A lawyer reads the court's dates, not the Section's events.
        ("lawyer", {"judgment", "closed"}),
    ],
)
def test_the_calendar_shows_what_the_users_scope_holds(request, month, persona, seen):
    code = f"{_next_month():%Y-%m}"
    response = signed_in(request, persona).get(reverse("outreach:calendar"), {"month": code})
    assert _shown(response) == _keys(month, *seen)


def test_a_cases_calendar_holds_its_segments_and_its_parents(request, month):
    code = f"{_next_month():%Y-%m}"
    client = signed_in(request, "outreach")
    parent = month["judgment"].case.parent
    response = client.get(reverse("outreach:calendar"), {"month": code, "case": parent.pk})
    assert _shown(response) == _keys(month, "judgment", "forum")


def test_the_calendar_reads_in_constant_queries(request, month, outreach):
    client = signed_in(request, "outreach")
    url = reverse("outreach:calendar")
    query = {"month": f"{_next_month():%Y-%m}"}
    client.get(url, query)
    with CaptureQueriesContext(connection) as few:
        client.get(url, query)
    for day in range(10):
        when = _next_month() + datetime.timedelta(days=day)
        CourtDateFactory.create(case=CaseFactory.create(number=f"003/{day:02d}"), starts_at=when)
        EventFactory.create(officer=outreach, starts_at=when).cases.add(CaseFactory.create())
    with CaptureQueriesContext(connection) as many:
        client.get(url, query)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_public_calendar_shows_only_what_is_public_and_no_name(client, month, outreach):
    code = f"{_next_month():%Y-%m}"
    response = client.get(reverse("outreach:public_calendar"), {"month": code})
    assert _shown(response) == _keys(month, "judgment", "forum")
    text = response.content.decode()
    for hidden in ("Focal persons of Kampot", "Cancelled session", "004/01"):
        assert hidden not in text
    assert "KEO" not in text and "Sophal" not in text
    assert "<script" not in text


def test_the_public_feed_holds_the_same_items(client, month, outreach):
    feed = client.get(reverse("outreach:public_calendar_ics")).content.decode()
    assert feed.startswith("BEGIN:VCALENDAR\r\n") and feed.endswith("END:VCALENDAR\r\n")
    assert feed.count("BEGIN:VEVENT") == 2
    assert f"UID:court-date-{month['judgment'].pk}@" in feed
    assert f"UID:event-{month['forum'].pk}@" in feed
    assert "KEO" not in feed
    assert all(len(line.encode()) <= 75 for line in feed.split("\r\n"))


@pytest.mark.parametrize("language", ["km", "en", "fr"])
def test_the_public_calendar_speaks_the_readers_language(client, month, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    code = f"{_next_month():%Y-%m}"
    text = client.get(reverse("outreach:public_calendar"), {"month": code}).content.decode()
    assert getattr(month["forum"], f"title_{language}") in text


def test_the_public_calendar_reaches_a_year_ahead_only(client, month):
    far = timezone.localdate() + datetime.timedelta(days=500)
    CourtDateFactory.create(starts_at=timezone.now() + datetime.timedelta(days=500))
    response = client.get(reverse("outreach:public_calendar"), {"month": f"{far:%Y-%m}"})
    assert response.context["days"] == []
    assert response.context["next"] is None


# --- a court date's form ---------------------------------------------------------------


def test_the_form_records_a_court_date_and_goes_back_to_its_month(request, month):
    case = month["judgment"].case
    response = signed_in(request, "legal").post(
        reverse("outreach:court_date_create"),
        {
            "case": case.pk,
            "kind": CourtDateKind.HEARING,
            "starts_at": "2027-05-04T09:00",
            "title_en": "Closing statements",
            "is_public": "on",
            "announce": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"?case={case.pk}&month=2027-05")
    saved = CourtDate.objects.get(title_en="Closing statements")
    assert saved.announced_at is None


def test_a_refused_court_date_form_shows_what_was_typed(request, month):
    response = signed_in(request, "legal").post(
        reverse("outreach:court_date_create"),
        {"case": month["judgment"].case.pk, "kind": "party", "starts_at": "4 May", "title_en": "X"},
    )
    assert response.status_code == 400
    assert 'value="X"' in response.content.decode()
    assert not CourtDate.objects.filter(title_en="X").exists()

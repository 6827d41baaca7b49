"""The dashboard's figures of the programmes against counts and sums written by hand:
reparations' funding and gaps per project (to date, by case), outreach's events held,
the people who came and the messages sent (by case and period)."""

import datetime
import itertools
import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from vss.outreach.models import EventKind, EventStatus, Message, MessageKind, MessageStatus
from vss.tallies.services import counting_now
from vss.testing.factories import (
    ApplicationFactory,
    BudgetLineFactory,
    CaseFactory,
    EventFactory,
    InvitationFactory,
    PaymentFactory,
    PersonFactory,
    PledgeFactory,
    ProjectFactory,
)

from .test_dashboard import URL, _tables

pytestmark = pytest.mark.django_db


def _at(day: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.fromisoformat(f"{day}T09:00"))


@pytest.fixture
def world():
    """Projects:

    | project | cases    | budget | pledged | paid  | gap   |
    | P1      | 002      | 10,000 | 6,000   | 4,000 | 4,000 |
    | P2      | 002, 004 | 5,000  | 5,000   | 0     | 0     |
    | P3      | 004      | 8,000  | 0       | 0     | 8,000 |

    Events (the people who came were checked in; one more was invited and did not come):

    | event | kind              | status  | starts     | cases    | came |
    | E1    | Civil Party forum | held    | 2024-03-10 | 002      | 3    |
    | E2    | Civil Party forum | held    | 2024-08-01 | 004      | 2    |
    | E3    | Regional forum    | held    | 2023-05-05 | 002, 004 | 1    |
    | E4    | Verdict           | planned | next month | 002      | 0    |

    Messages sent: two invitations to E1 (2024-03-01), a status change of an application
    in 004 (2023-02-01), and one more invitation not sent (failed).
    """
    case_002, case_004 = CaseFactory(number="002"), CaseFactory(number="004")
    projects = {}
    for name, cases, budget in [
        ("P1", [case_002], "10000"),
        ("P2", [case_002, case_004], "5000"),
        ("P3", [case_004], "8000"),
    ]:
        projects[name] = ProjectFactory(reference=f"REP-{name}", title_en=name, cases=cases)
        BudgetLineFactory(project=projects[name], amount_usd=Decimal(budget))
    PaymentFactory(
        pledge=PledgeFactory(project=projects["P1"], amount=Decimal(6000)), amount=Decimal(4000)
    )
    PledgeFactory(project=projects["P2"], amount=Decimal(5000))

    events = {}
    for name, kind, status, starts, cases, came in [
        ("E1", EventKind.CIVIL_PARTY_FORUM, EventStatus.HELD, "2024-03-10", [case_002], 3),
        ("E2", EventKind.CIVIL_PARTY_FORUM, EventStatus.HELD, "2024-08-01", [case_004], 2),
        ("E3", EventKind.REGIONAL_FORUM, EventStatus.HELD, "2023-05-05", [case_002, case_004], 1),
        ("E4", EventKind.VERDICT_ATTENDANCE, EventStatus.PLANNED, None, [case_002], 0),
    ]:
        starts_at = _at(starts) if starts else timezone.now() + datetime.timedelta(days=30)
        events[name] = EventFactory(kind=kind, status=status, starts_at=starts_at, cases=cases)
        for _ in range(came):
            InvitationFactory(event=events[name], attended_at=starts_at)
        InvitationFactory(event=events[name])

    keys = itertools.count()

    def message(kind, status, sent, **about):
        Message.objects.create(
            idempotency_key=f"message-{next(keys)}",
            kind=kind,
            channel="sms",
            language="km",
            person=PersonFactory(),
            body="…",
            status=status,
            sent_at=_at(sent) if sent else None,
            **about,
        )

    message(MessageKind.INVITATION, MessageStatus.SENT, "2024-03-01", event=events["E1"])
    message(MessageKind.INVITATION, MessageStatus.SENT, "2024-03-01", event=events["E1"])
    message(MessageKind.INVITATION, MessageStatus.FAILED, None, event=events["E1"])
    message(
        MessageKind.STATUS_CHANGE,
        MessageStatus.SENT,
        "2023-02-01",
        application=ApplicationFactory(case=case_004),
    )
    # Read as the page reads them: as last counted.
    counting_now(user=None)
    return {"002": case_002, "004": case_004, **projects, **events}


def test_reparations_funding_as_written_by_hand(client, chief, world):
    client.force_login(chief)
    page = client.get(URL).content.decode()
    assert _tables(page)["reparations"] == [
        ["REP-P3", "P3", "8,000", "0", "0", "8,000"],
        ["REP-P1", "P1", "10,000", "6,000", "4,000", "4,000"],
        ["REP-P2", "P2", "5,000", "5,000", "0", "0"],
        ["All projects", "", "23,000", "11,000", "4,000", "12,000"],
    ]
    funding = reverse("reparations:project_funding", args=[world["P1"].pk])
    assert f'<a href="{funding}">10,000</a>' in page
    # A project of two cases is counted once in the sum of each.
    assert _tables(client.get(URL, {"case": world["002"].pk}).content.decode())["reparations"] == [
        ["REP-P1", "P1", "10,000", "6,000", "4,000", "4,000"],
        ["REP-P2", "P2", "5,000", "5,000", "0", "0"],
        ["All projects", "", "15,000", "11,000", "4,000", "4,000"],
    ]


def test_outreach_reach_as_written_by_hand(client, chief, world):
    client.force_login(chief)
    figures = _tables(client.get(URL).content.decode())
    assert figures["events"] == [["Civil Party forum", "2", "5"], ["Regional forum", "1", "1"]]
    assert figures["messages"] == [["Invitation", "2"], ["Change in the application", "1"]]

    figures = _tables(client.get(URL, {"case": world["002"].pk}).content.decode())
    assert figures["events"] == [["Civil Party forum", "1", "3"], ["Regional forum", "1", "1"]]
    assert figures["messages"] == [["Invitation", "2"]]

    figures = _tables(
        client.get(URL, {"received_from": "2024-01", "received_to": "2024-12"}).content.decode()
    )
    assert figures["events"] == [["Civil Party forum", "2", "5"]]
    assert figures["messages"] == [["Invitation", "2"]]


def test_events_held_lead_to_as_many_in_the_list_of_events(client, chief, world):
    client.force_login(chief)
    for filters in ({}, {"case": world["004"].pk, "received_from": "2024-01"}):
        page = client.get(URL, filters).content.decode()
        counted = re.findall(r'<a href="(/outreach/events/\?[^"]+)">(\d+)</a>', page)
        assert counted
        for href, count in counted:
            listed = client.get(unescape(href)).content.decode()
            assert re.search(rf'class="result-count">{count} results?<', listed), href

"""The summary after the event: who came by sex and by province, who did not, what was
paid by currency beside the budget; in as many queries for a hundred as for three."""

import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vss.audit.models import AuditAction, AuditEntry
from vss.outreach.selectors.attendance import summary_of
from vss.outreach.services import attendance
from vss.outreach.services.attendance import Allowance, CheckIn
from vss.testing.clients import signed_in

from .day_world import day_world

pytestmark = pytest.mark.django_db


def _came(user, world, invitation, amount: str, currency: str) -> None:
    attendance.check_in_record(
        user=user,
        event=world.event,
        check_in=CheckIn(
            key=uuid.uuid4(),
            invitation_id=invitation.pk,
            allowance=Allowance(amount=Decimal(amount), currency=currency),
        ),
    )


def test_the_summary_counts_who_came_by_sex_and_province_and_what_was_paid(outreach):
    world = day_world(people=3)
    first, second, _third, takeo = world.invitations
    _came(outreach, world, first, "40000", "KHR")
    _came(outreach, world, second, "20000", "KHR")
    _came(outreach, world, takeo, "10", "USD")
    summary = summary_of(outreach, world.event)
    assert (summary.came, summary.expected) == (3, 4)
    # Kampong Cham: a woman, a man, a woman; Takeo: a man.
    assert [(t.came, t.expected) for t in summary.by_sex] == [(1, 2), (2, 2)]
    assert [(t.label, t.came, t.expected) for t in summary.by_province] == [
        ("Kampong Cham", 2, 3),
        ("Takeo", 1, 1),
    ]
    assert summary.absent == ["សុខ ស្រីមុំ2 (SOK Sreymom2)"]
    assert summary.allowances == {"KHR": Decimal("60000.00"), "USD": Decimal("10.00")}
    assert summary.budget_usd == Decimal("12000.00")


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["outreach:day_attendance", "outreach:day_logistics"])
def test_the_pages_take_as_many_queries_for_many_participants_as_for_few(request, name):
    few = day_world(people=2)
    many = day_world(people=40)
    client = signed_in(request, "outreach")
    # The process's first page with free text reads the protected people's names once.
    _queries(client, reverse(name, args=[few.event.pk]))
    assert _queries(client, reverse(name, args=[many.event.pk])) == _queries(
        client, reverse(name, args=[few.event.pk])
    )


def test_the_cost_reads_under_the_currency_s_name_with_its_thousands_grouped(request, outreach):
    world = day_world(people=2)
    _came(outreach, world, world.invitations[0], "40000", "KHR")
    _came(outreach, world, world.invitations[1], "20000", "KHR")
    client = signed_in(request, "outreach")
    client.cookies["django_language"] = "en"
    page = client.get(reverse("outreach:day_attendance", args=[world.event.pk])).text
    assert "Allowances paid (Riel)" in page
    assert "60,000.00" in page and "12,000.00" in page


def test_the_attendance_page_names_who_did_not_come_and_is_audited(request, outreach):
    world = day_world(people=1)
    _came(outreach, world, world.invitations[0], "5", "USD")
    answer = signed_in(request, "outreach").get(
        reverse("outreach:day_attendance", args=[world.event.pk])
    )
    assert "ជា វណ្ណា" in answer.text
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEW, object_type="outreach.event", actor=outreach
    ).exists()

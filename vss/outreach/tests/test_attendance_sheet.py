"""The attendance sheet: a PDF of the participants by vehicle or by province, their names
in Khmer and Latin letters (a protected person by pseudonym for a reader who may not see
them), their village and a box to sign or press a thumb in; audited as a download."""

from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from vss.audit.models import AuditAction, AuditEntry
from vss.outreach.models import PickUpPoint
from vss.outreach.services import logistics
from vss.people.models import Person
from vss.testing.clients import signed_in
from vss.testing.pdf import first_page_image, inked_share, pdf_text, reads_back

from .day_world import day_world

pytestmark = pytest.mark.django_db


def _sheet(client, event, by: str = "vehicle"):
    return client.get(
        reverse("outreach:attendance_sheet", args=[event.pk]) + f"?by={by}",
        HTTP_ACCEPT_LANGUAGE="km",
    )


def test_the_sheet_reads_back_the_khmer_names_and_is_drawn(request, chief):
    world = day_world(people=2)
    logistics.seats_assign(user=chief, event=world.event)
    answer = _sheet(signed_in(request, "chief"), world.event)
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer["Cache-Control"] == "no-store"
    text = pdf_text(answer.content)
    for name in ("សុខ ស្រីមុំ", "សុខ ស្រីមុំ1", "ជា វណ្ណា", "SOK Sreymom0", "CHEA Vanna"):
        assert reads_back(name, text), name
    assert reads_back("Bus 1", text)
    assert reads_back("ភូមិថ្មី", text)
    assert inked_share(first_page_image(answer.content)) > 0.01


def test_the_sheet_by_province_names_the_provinces(request):
    world = day_world(people=1)
    text = pdf_text(_sheet(signed_in(request, "outreach"), world.event, "province").content)
    assert reads_back("កំពង់ចាម", text)
    assert reads_back("តាកែវ", text)


def test_a_protected_participant_is_on_the_partners_sheet_by_pseudonym_alone(request, partner):
    world = day_world(partner=partner, people=1)
    Person.objects.filter(pk=world.invitations[0].person_id).update(
        is_protected=True, pseudonym="CP-0042"
    )
    text = pdf_text(_sheet(signed_in(request, "partner"), world.event).content)
    assert reads_back("CP-0042", text)
    assert not reads_back("ស្រីមុំ", text)
    assert not reads_back("Sreymom", text)
    assert reads_back("ជា វណ្ណា", text)


def test_the_sheet_is_audited_as_a_download_of_its_rows(request, outreach):
    world = day_world(people=2)
    _sheet(signed_in(request, "outreach"), world.event)
    entry = AuditEntry.objects.get(action=AuditAction.DOWNLOAD, object_type="outreach.event")
    assert entry.actor == outreach
    assert entry.changes["shown"] == {"old": None, "new": 3}
    assert entry.changes["by"] == {"old": None, "new": "vehicle"}


def test_the_sheet_by_vehicle_says_where_and_when_each_rider_is_picked_up(request, outreach):
    world = day_world(people=1)
    at = world.point.pick_up_at.astimezone(ZoneInfo("Asia/Phnom_Penh")).replace(hour=6, minute=30)
    PickUpPoint.objects.filter(pk=world.point.pk).update(pick_up_at=at)
    logistics.seats_assign(user=outreach, event=world.event)
    answer = signed_in(request, "outreach").get(
        reverse("outreach:attendance_sheet", args=[world.event.pk]) + "?by=vehicle",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    text = pdf_text(answer.content)
    assert reads_back("Pagoda", text)
    assert reads_back("6:30", text)

"""The logistics pages: the participants with where they sit and why not, a form refused
drawn again as typed, a plan opened before someone else changed the event refused."""

import pytest
from django.urls import reverse

from vss.audit.models import AuditAction, AuditEntry
from vss.outreach.models import Vehicle
from vss.people.models import Person
from vss.testing.clients import signed_in

from .day_world import day_world

pytestmark = pytest.mark.django_db


def test_the_page_shows_who_sits_where_and_why_the_others_do_not(request, outreach):
    world = day_world(people=1)
    client = signed_in(request, "outreach")
    answer = client.post(
        reverse("outreach:seats_assign", args=[world.event.pk]),
        {"version": world.event.version},
        follow=True,
    )
    assert answer.status_code == 200
    text = answer.text
    assert "SOK Sreymom0" in text
    assert "Bus 1" in text
    assert "Walks with a stick" in text
    # The one from Takeo: no vehicle goes there.
    assert "No vehicle goes to the person&#x27;s province." in text
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEW, object_type="outreach.event", actor=outreach
    ).exists()


def test_a_protected_participant_is_shown_to_the_partner_by_pseudonym(request, partner):
    world = day_world(partner=partner, people=1)
    Person.objects.filter(pk=world.invitations[0].person_id).update(
        is_protected=True, pseudonym="CP-0042"
    )
    answer = signed_in(request, "partner").get(
        reverse("outreach:day_logistics", args=[world.event.pk])
    )
    assert "CP-0042" in answer.text
    assert "Sreymom" not in answer.text


def test_a_vehicle_refused_is_drawn_again_as_typed(request):
    world = day_world(people=1)
    answer = signed_in(request, "outreach").post(
        reverse("outreach:vehicle_add", args=[world.event.pk]),
        {"label": "Van of the pagoda", "seats": "0"},
    )
    assert answer.status_code == 400
    assert "Van of the pagoda" in answer.text
    assert not Vehicle.objects.filter(label="Van of the pagoda").exists()


def test_a_vehicle_added_is_listed(request):
    world = day_world(people=1)
    client = signed_in(request, "outreach")
    answer = client.post(
        reverse("outreach:vehicle_add", args=[world.event.pk]),
        {"label": "Van 2", "seats": "12", "province": "21", "route": "Takeo - Phnom Penh"},
        follow=True,
    )
    assert answer.status_code == 200
    assert "Van 2" in answer.text
    assert Vehicle.objects.get(label="Van 2").province_id == "21"


def test_a_pick_up_point_in_a_village_that_does_not_exist_is_refused(request):
    world = day_world(people=1)
    answer = signed_in(request, "outreach").post(
        reverse("outreach:pick_up_point_add", args=[world.event.pk]),
        {"name": "Pagoda", "village_code": "99999999", "pick_up_at": "2026-12-30T06:30"},
    )
    assert answer.status_code == 400
    assert "99999999" in answer.text


def test_seats_given_out_from_a_stale_plan_are_refused(request):
    world = day_world(people=1)
    answer = signed_in(request, "outreach").post(
        reverse("outreach:seats_assign", args=[world.event.pk]),
        {"version": world.event.version + 1},
    )
    assert answer.status_code == 400
    assert Vehicle.objects.get(pk=world.vehicle.pk).invitations.count() == 0


def test_the_event_page_sections_say_how_many_without_naming_anyone(outreach):
    from vss.outreach.sections import event_sections

    world = day_world(people=1)
    shown = event_sections.shown_to(outreach, world.event)
    assert {"logistics", "attendance"} <= set(shown)
    assert shown["logistics"].context["day_logistics"]["not_seated"] == 2
    assert shown["attendance"].context["day_summary"].expected == 2

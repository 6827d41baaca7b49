"""The duplicate check while a form is typed, and filing the form for the person found."""

import pytest
from django.test import Client

from vss.applications.models import Application, VictimInformationForm
from vss.matching.tests.test_batch import _population
from vss.people.models import Person
from vss.testing.factories import CaseFactory, CrimeTypeFactory

pytestmark = pytest.mark.django_db


def _typed(person: Person, **changes: str) -> dict:
    typed = {
        "applicant-family_name_latin": person.family_name_latin,
        "applicant-given_name_latin": person.given_name_latin,
        "applicant-family_name_km": "",
        "applicant-given_name_km": "",
        "applicant-sex": person.sex,
        "applicant-birth_year": str(person.birth_year),
        "applicant-village": person.village_id or "",
    }
    typed.update(changes)
    return typed


def test_the_officer_is_shown_the_registered_person_while_typing(client: Client, intake):
    _population(300, 30)
    existing = (
        Person.objects.filter(family_name_latin="SOK", given_name_latin="Theary").first()
        or Person.objects.order_by("pk")[0]
    )
    client.force_login(intake)
    variant = {"SOK": "SOKH", "CHEA": "CHEAR"}.get(
        existing.family_name_latin, existing.family_name_latin
    )
    response = client.get(
        "/duplicates/live/", _typed(existing, **{"applicant-family_name_latin": variant})
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f"/people/{existing.pk}/" in html
    assert f'data-link-person="{existing.pk}"' in html
    assert "Family name: same" in html and "Place: same village" in html  # the reasons are shown


def test_nothing_is_shown_for_a_person_not_registered(client: Client, intake):
    _population(300, 0)
    client.force_login(intake)
    response = client.get(
        "/duplicates/live/",
        {
            "applicant-family_name_latin": "XYZZY",
            "applicant-given_name_latin": "Qwerty",
            "applicant-birth_year": "1950",
        },
    )
    assert response.status_code == 200
    assert "data-link-person" not in response.content.decode()


def test_the_live_check_needs_the_right_to_enter_forms(client: Client, auditor, reparations):
    for user in (auditor, reparations):
        client.force_login(user)
        assert (
            client.get("/duplicates/live/", {"applicant-family_name_latin": "SOK"}).status_code
            == 403
        )


def test_a_form_filed_for_a_registered_person_creates_no_new_person(client: Client, intake):
    _population(120, 0)
    existing = Person.objects.order_by("pk")[0]
    case = CaseFactory.create(investigation_closed_on=None)
    CrimeTypeFactory.create()
    client.force_login(intake)
    people = Person.objects.count()
    response = client.post(
        "/applications/new/",
        {
            "link-person": str(existing.pk),
            "filing-channel": "in_person",
            "filing-signature": "thumbprint",
            f"cases-case_{case.pk}": "civil_party",
            "crimes-TOTAL_FORMS": "0",
            "crimes-INITIAL_FORMS": "0",
            "harms-TOTAL_FORMS": "0",
            "harms-INITIAL_FORMS": "0",
            "documents-TOTAL_FORMS": "0",
            "documents-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Person.objects.count() == people
    assert VictimInformationForm.objects.get().applicant == existing
    assert Application.objects.get().applicant == existing


def test_an_intermediary_cannot_file_for_a_person_outside_its_scope(client: Client, intermediary):
    _population(60, 0)
    client.force_login(intermediary)
    response = client.post(
        "/applications/new/", {"link-person": str(Person.objects.order_by("pk")[0].pk)}
    )
    assert response.status_code == 404

"""Name search finds a person however the given name was split into words, and under the
romanisation variants the matcher knows, in every form the search takes."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse

from vss.people import selectors
from vss.people.models import Person, PersonName
from vss.testing.factories import ApplicationFactory, PersonFactory

pytestmark = pytest.mark.django_db

# (as filed, as searched): the pairs officers met.
FILED_AND_SEARCHED = [
    (("KEO", "Sreymom"), "KEO Srey Mom"),
    (("KEO", "Srey Mom"), "Keo Sreymom"),
    (("CHHEUM", "Sreypov"), "CHHIM Sreypov"),
    (("CHHIM", "Srey Pov"), "CHHEUM Sreypov"),
    (("SOK", "Sreyneang"), "SOK Srey Neang"),
    (("SOK", "Sokha"), "Sok Ha"),
    (("KAEV", "Sophea"), "Keo Sophea"),
]


def _filed(family: str, given: str, **names: str) -> Person:
    return PersonFactory.create(
        family_name_latin=family,
        given_name_latin=given,
        family_name_km=names.get("family_km", ""),
        given_name_km=names.get("given_km", ""),
    )


def _found(user, query: str) -> set[int]:
    return set(
        selectors.person_filter_by_name(user, Person.objects.all(), query).values_list(
            "pk", flat=True
        )
    )


FORMS = ["common"] + (["rare", "uncommon"] if connection.vendor == "postgresql" else [])


@pytest.fixture(params=FORMS)
def search_form(request, monkeypatch):
    """Each form the search takes on PostgreSQL (elsewhere only the one that always
    applies), chosen by the thresholds on the planner's estimate."""
    if request.param == "rare":
        monkeypatch.setattr(selectors, "RARE_MATCHES", 10**12)
    elif request.param == "uncommon":
        monkeypatch.setattr(selectors, "RARE_MATCHES", -1)
        monkeypatch.setattr(selectors, "UNCOMMON_MATCHES", 10**12)
        monkeypatch.setattr(selectors, "SET_BUILDING_LIMIT", 10**12)
    else:
        monkeypatch.setattr(selectors, "RARE_MATCHES", -1)
        monkeypatch.setattr(selectors, "UNCOMMON_MATCHES", -1)
    return request.param


@pytest.mark.parametrize(("filed", "searched"), FILED_AND_SEARCHED)
def test_a_given_name_split_or_joined_or_spelled_otherwise_is_one_name(
    intake, search_form, filed, searched
):
    person = _filed(*filed)
    stranger = _filed("SAM", "Sreymom")
    found = _found(intake, searched)
    assert person.pk in found
    assert stranger.pk not in found


def test_khmer_words_split_or_joined_are_one_name(intake, search_form):
    person = _filed("", "", family_km="កែវ", given_km="ស្រីមុំ")
    stranger = _filed("", "", family_km="សុខ", given_km="ស្រីមុំ")
    assert _found(intake, "កែវ ស្រី មុំ") == {person.pk}
    assert person.pk in _found(intake, "KEO Srey Mom")
    assert stranger.pk in _found(intake, "ស្រី មុំ")


def test_a_partly_typed_name_still_finds_and_every_part_must_match(intake, search_form):
    person = _filed("CHHEUM", "Sreypov")
    assert person.pk in _found(intake, "Chh Srey")
    assert person.pk in _found(intake, "Sreyp")
    assert person.pk not in _found(intake, "CHHEUM Sophea")


def test_a_protected_person_is_not_found_by_a_variant_of_the_real_name(intake, chief):
    hidden = _filed("CHHEUM", "Sreypov")
    hidden.is_protected, hidden.pseudonym = True, "Witness 7"
    hidden.save(update_fields=["is_protected", "pseudonym"])
    assert hidden.pk not in _found(intake, "CHHIM Srey Pov")
    assert hidden.pk in _found(chief, "CHHIM Srey Pov")
    assert hidden.pk in _found(intake, "Witness 7")


def test_the_application_list_search_box_reads_names_so(intake):
    application = ApplicationFactory.create(
        form__applicant=_filed("KEO", "Sreymom"), vss_number="VSS-001-00001"
    )
    client = Client()
    client.force_login(intake)
    response = client.get(reverse("applications:list"), {"q": "KEO Srey Mom"})
    assert response.status_code == 200
    assert [row.pk for row in response.context["page"].object_list] == [application.pk]


def test_the_names_on_file_are_given_their_sounds_by_the_migration():
    person = _filed("CHHEUM", "Srey Pov", family_km="ឈឹម", given_km="ស្រីពៅ")
    PersonName.objects.update(family_sound="", given_sound="")
    migration = importlib.import_module("vss.people.migrations.0006_name_sounds")
    migration.fill_sounds(apps, None)
    sounds = set(person.names.values_list("family_sound", "given_sound"))
    assert ("CHIM", "SRIPO") in sounds and all(family and given for family, given in sounds)

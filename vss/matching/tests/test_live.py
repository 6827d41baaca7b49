"""The duplicate check while a form is typed, and filing the form for the person found."""

import html

import pytest
from django.test import Client

from vss.applications.models import Application, VictimInformationForm
from vss.audit.models import AuditAction, AuditEntry
from vss.matching.engine.records import PersonRecord
from vss.matching.live import _candidate_ids, live_matches
from vss.matching.tests.test_batch import _population
from vss.people.models import Person
from vss.testing.factories import CaseFactory, CrimeTypeFactory, PersonFactory

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


# --- protected people -------------------------------------------------------------------

LEGAL_CHECK = "A possible existing record needs a legal officer's check."


def _witness(**fields) -> Person:
    """A protected witness, registered among 300 people (30 of them twice, for the matcher
    to learn what a duplicate looks like), whose real name an officer types."""
    _population(300, 30)
    village = Person.objects.order_by("pk")[0].village
    return PersonFactory.create(
        **{
            "family_name_km": "ឈួន",
            "given_name_km": "ស្រីពៅ",
            "family_name_latin": "CHHUON",
            "given_name_latin": "Sreypov",
            "sex": "female",
            "birth_year": 1961,
            "village": village,
            "is_protected": True,
            "pseudonym": "Witness TCW-31",
            **fields,
        }
    )


def test_without_the_right_a_matching_protected_person_is_not_named(
    client: Client, intake, auditor
):
    """A name typed must not come back as a pseudonym, a record, a year or a village."""
    witness = _witness()
    client.force_login(intake)
    response = client.get(
        "/duplicates/live/", _typed(witness, **{"applicant-family_name_km": "ឈួន"})
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert LEGAL_CHECK in body
    assert "Witness TCW-31" not in body
    assert str(witness.pk) not in body
    village = witness.village
    assert village is not None
    assert "1961" not in body and village.name_en not in body and village.code not in body
    assert "data-link-person" not in body and "href" not in body and "data-reason" not in body
    entry = AuditEntry.objects.get(actor=intake, action=AuditAction.SEARCH)
    assert entry.object_id == "" and entry.request_id == response["X-Request-ID"]
    assert str(witness.pk) not in entry.object_label and "CHHUON" not in entry.object_label
    auditor_client = Client()
    auditor_client.force_login(auditor)
    log = auditor_client.get("/audit/")
    assert log.status_code == 200 and "live duplicate check" in log.content.decode()


def test_without_the_right_a_namesake_not_protected_is_still_offered(client: Client, intake):
    witness = _witness()
    namesake = PersonFactory.create(
        family_name_latin="CHHUON",
        given_name_latin="Sreypov",
        sex="female",
        birth_year=1961,
        village=witness.village,
    )
    client.force_login(intake)
    body = client.get("/duplicates/live/", _typed(witness)).content.decode()
    assert f'data-link-person="{namesake.pk}"' in body
    assert LEGAL_CHECK in body
    assert "Witness TCW-31" not in body and f"/people/{witness.pk}/" not in body


def test_with_the_right_the_matching_protected_person_is_offered_as_today(client: Client, chief):
    witness = _witness()
    client.force_login(chief)
    body = client.get("/duplicates/live/", _typed(witness)).content.decode()
    assert f"/people/{witness.pk}/" in body and f'data-link-person="{witness.pk}"' in body
    assert "CHHUON Sreypov" in body and "Family name: same" in body
    assert LEGAL_CHECK not in body
    entry = AuditEntry.objects.get(actor=chief, action=AuditAction.SEARCH)
    assert entry.object_label == "live duplicate check"
    assert entry.changes["shown"] == {"old": None, "new": 1}
    assert str(witness.pk) not in entry.object_id


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({"applicant-birth_year": "9" * 30}, "Ensure this value is less than or equal to 2100."),
        ({"applicant-birth_year": "²"}, "Enter a whole number."),
        ({"applicant-birth_year": "-1952"}, "Ensure this value is greater than or equal to 1880."),
        ({"applicant-birth_year": "", "applicant-birth_date": "²²²²-01-01"}, None),
        ({"applicant-village": "²" * 8}, None),
    ],
)
def test_a_year_that_is_not_one_is_told_not_a_server_error(client: Client, intake, typed, message):
    _population(120, 0)
    existing = Person.objects.order_by("pk")[0]
    client.force_login(intake)
    response = client.get("/duplicates/live/", _typed(existing, **typed))
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    if message:
        assert f"Year of birth: {message}" in body and 'role="alert"' in body
    else:
        # A date or a village not yet typed in full is only not used for the check.
        assert 'role="alert"' not in body


def test_every_check_is_audited_with_what_was_typed_and_how_many_were_shown(client: Client, chief):
    witness = _witness()
    client.force_login(chief)
    response = client.get("/duplicates/live/", _typed(witness))
    shown = response.content.decode().count("data-link-person=")
    entry = AuditEntry.objects.get(actor=chief, request_id=response["X-Request-ID"])
    assert (entry.action, entry.object_label) == (AuditAction.SEARCH, "live duplicate check")
    assert entry.changes["query"]["new"] == "CHHUON Sreypov"
    assert entry.changes["birth_year"]["new"] == 1961
    assert entry.changes["shown"]["new"] == shown >= 1
    assert entry.object_id == ""


def test_a_registry_with_no_duplicates_still_warns_of_a_person_typed_again(client: Client, intake):
    # A registry with no re-filing at all gives the model nothing to learn a duplicate
    # from; it must fall back on what a re-filing looks like, not decide that none exist.
    _population(400, 0)
    existing = Person.objects.order_by("pk")[17]
    client.force_login(intake)
    response = client.get("/duplicates/live/", _typed(existing))
    assert f'data-link-person="{existing.pk}"' in response.content.decode()


def test_a_given_name_typed_joined_weighs_as_the_saved_one_written_apart(intake):
    # The check weighs a name by how common the run found it, under the run's own key:
    # SREYMOM typed for a saved "Srey Mom" is the same name, and says as much.
    _population(300, 0)
    saved = PersonFactory(
        family_name_latin="MEAS",
        given_name_latin="Srey Mom",
        family_name_km="",
        given_name_km="",
        sex="female",
        birth_year=1949,
    )
    typed = PersonRecord("typed", "MEAS", "Sreymom", "", "", "female", 1949, saved.village_id or "")
    found = {match.person.pk: match for match in live_matches(intake, typed)}
    assert saved.pk in found
    given = next(line for line in found[saved.pk].reasons if line["field"] == "given_name")
    assert given["level"] == "same" and given["weight"] > 2


def test_a_name_typed_in_another_romanisation_is_looked_up_by_its_sound(intake):
    # CHHIM and CHHEUM are one family name to the matcher; the check must find the saved
    # person to weigh at all, even with nothing else typed (no year, no village) to find
    # them by.
    saved = PersonFactory(
        family_name_latin="CHHEUM", given_name_latin="Srey Pov", family_name_km="", given_name_km=""
    )
    PersonFactory(family_name_latin="CHAN", given_name_latin="Sophea")
    typed = PersonRecord("typed", "CHHIM", "Sreypov", "", "", "female", None, "")
    assert _candidate_ids(typed) == [saved.pk]

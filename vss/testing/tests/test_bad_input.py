"""Input that once answered a server error: digits Python's str.isdigit() accepts but
int() does not (superscripts), and numbers too large for the database."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

LIVE_CHECK = "/duplicates/live/"


@pytest.mark.parametrize(
    "typed",
    [
        {"applicant-birth_year": "²"},
        {"applicant-birth_date": "²"},
        {"applicant-birth_date": "¹⁹⁵⁰-01-01"},
        {"applicant-birth_year": "9" * 30},
        {"applicant-birth_date": "9" * 30},
        {"applicant-village": "²" * 8},
    ],
)
def test_the_live_check_reads_a_year_it_cannot_use_as_no_year(client: Client, intake, typed):
    client.force_login(intake)
    response = client.get(LIVE_CHECK, {"applicant-family_name_latin": "SOK", **typed})
    assert response.status_code == 200


@pytest.mark.parametrize("value", ["²", "٣", "9" * 30, "-1", "1.0"])
def test_a_form_filed_for_a_person_not_given_by_number_finds_no_one(client: Client, intake, value):
    client.force_login(intake)
    response = client.post("/applications/new/", {"link-person": value})
    assert response.status_code == 404


@pytest.mark.parametrize("value", ["²", "9" * 30, "-5", "x"])
def test_a_page_number_that_is_not_one_shows_the_first_page(client: Client, intake, value):
    client.force_login(intake)
    response = client.get("/applications/", {"page": value})
    assert response.status_code == 200

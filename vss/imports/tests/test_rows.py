"""Each kind of bad value is reported with its column and the VIF form's own reason, every
problem of a row at once; a good row gives what the services take."""

import datetime

import pytest
from django.utils import timezone, translation

from vss.applications.models import Channel
from vss.imports.rows import RowChecker
from vss.proceedings.models import Case

from .kit import CASE, VILLAGE, registry, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def checker():
    registry()
    return RowChecker()


def _columns(checker, **values) -> list[str]:
    data, problems = checker.check(7, row(**values))
    assert data is None
    assert {p.row for p in problems} == {7}
    assert all(p.message for p in problems)
    return sorted(p.column for p in problems)


def test_a_good_row_gives_the_applicant_the_form_and_the_cases(checker):
    data, problems = checker.check(2, row(birth_date="25/12/1950", birth_year=""))
    assert problems == []
    assert data.person.family_name_latin == "SOK" and data.person.given_name_km == "ជា"
    assert data.person.birth_date == datetime.date(1950, 12, 25)
    assert (data.person.sex, data.person.village_id) == ("female", VILLAGE)
    assert data.form.channel == Channel.INTERMEDIARY and data.form.intermediary_id
    assert data.form.consent_contact is True and data.form.consent_publish_name is False
    assert data.case_ids == [Case.objects.get(number=CASE).pk]
    assert data.harm_kinds == ["physical", "psychological"]
    assert len(data.crime_type_ids) == 1


FUTURE = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()


@pytest.mark.parametrize(
    ("values", "columns"),
    [
        (
            {
                "family_name_km": "",
                "given_name_km": "",
                "family_name_latin": "",
                "given_name_latin": "",
            },
            ["family_name_km"],
        ),
        ({"family_name_latin": "សុខ"}, ["family_name_latin"]),
        ({"given_name_latin": "x" * 101}, ["given_name_latin"]),
        ({"sex": "woman"}, ["sex"]),
        ({"birth_date": "31/02/1950"}, ["birth_date"]),
        ({"birth_date": FUTURE, "birth_year": ""}, ["birth_date"]),
        ({"birth_year": "1850"}, ["birth_year"]),
        ({"birth_year": "about 1950"}, ["birth_year"]),
        ({"birth_date": "1951-01-01", "birth_year": "1950"}, ["birth_year"]),
        ({"birth_year_margin": "40"}, ["birth_year_margin"]),
        ({"village_code": "99999999"}, ["village_code"]),
        ({"village_code": "Phum Thmei"}, ["village_code"]),
        ({"case": ""}, ["case"]),
        ({"case": "999"}, ["case"]),
        ({"case": f"{CASE};{CASE}"}, ["case"]),
        ({"application_kind": "appeal"}, ["application_kind"]),
        ({"channel": ""}, ["channel"]),
        ({"channel": "fax"}, ["channel"]),
        ({"intermediary": ""}, ["intermediary"]),
        ({"intermediary": "NOBODY"}, ["intermediary"]),
        ({"received_on": FUTURE}, ["received_on"]),
        ({"signed_on": "yesterday"}, ["signed_on"]),
        ({"signature": "stamp"}, ["signature"]),
        ({"consent_contact": "maybe"}, ["consent_contact"]),
        ({"crimes": "cah-murder; theft"}, ["crimes"]),
        ({"harms": "emotional"}, ["harms"]),
    ],
)
def test_each_kind_of_bad_value_is_reported_in_its_column(checker, values, columns):
    assert _columns(checker, **values) == columns


def test_a_case_closed_to_applications_is_refused(checker):
    Case.objects.filter(number=CASE).update(accepts_applications=False)
    assert _columns(RowChecker(), case=CASE) == ["case"]


def test_every_problem_of_a_row_is_reported_not_the_first_alone(checker):
    columns = _columns(checker, sex="x", birth_year="old", case="999", harms="none", channel="")
    assert columns == ["birth_year", "case", "channel", "harms", "sex"]


def test_the_reasons_are_in_the_readers_language(checker):
    with translation.override("fr"):
        _data, french = checker.check(2, row(birth_date="31/02/1950"))
    with translation.override("en"):
        _data, english = checker.check(2, row(birth_date="31/02/1950"))
    assert english[0].message != french[0].message


def test_values_typed_by_hand_are_taken_as_the_form_takes_them(checker):
    data, problems = checker.check(
        2,
        row(
            sex="ប្រុស", consent_contact="Oui", case=CASE.lower(), crimes="CAH-MURDER", channel="Post"
        ),
    )
    assert problems == []
    assert data.person.sex == "male" and data.form.consent_contact is True
    assert data.form.channel == "post" and data.form.intermediary_id is None

"""The keys of protected people's names that the audit log masks searches by, read once
per process and again when the database's stamp of those names moves."""

import pytest

from vss.people.models import PersonName
from vss.people.selectors import texts_naming_protected_people
from vss.people.services import person_name_rows
from vss.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_person_protected_after_the_keys_were_read_is_masked_at_once(
    django_assert_num_queries,
) -> None:
    PersonFactory.create(family_name_latin="KHIEV", given_name_latin="Sophal")
    assert texts_naming_protected_people(["khiev"]) == set()
    with django_assert_num_queries(1):  # the stamp alone: the keys are those read
        assert texts_naming_protected_people(["khiev"]) == set()

    PersonFactory.create(
        family_name_latin="CHHUON", given_name_latin="Sreypov", is_protected=True, pseudonym="W-1"
    )
    assert texts_naming_protected_people(["chhuon", "khiev"]) == {"chhuon"}


def test_a_protected_persons_new_spelling_is_masked_at_once() -> None:
    person = PersonFactory.create(
        family_name_latin="CHHUON", given_name_latin="Sreypov", is_protected=True, pseudonym="W-2"
    )
    assert texts_naming_protected_people(["meas"]) == set()
    alias = [row for row in person_name_rows(person, [("MEAS", "Sreypov")]) if row.is_alias]
    PersonName.objects.bulk_create(alias)
    assert texts_naming_protected_people(["meas"]) == {"meas"}

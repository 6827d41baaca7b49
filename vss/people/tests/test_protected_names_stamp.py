"""The stamp the database's triggers change with any protected person's names (migration
0008), which tells each process when to read the names it hides in free text again."""

import pytest

from vss.people.models import Person, PersonName
from vss.policy.identity import protected_names_stamp
from vss.testing.database import trigger_names
from vss.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db

TRIGGERS = {
    "people_person_protected_insert",
    "people_person_protected_update",
    "people_person_protected_delete",
    "people_personname_protected_insert",
    "people_personname_protected_update",
    "people_personname_protected_delete",
}


def test_the_triggers_are_there_after_every_migration() -> None:
    # SQLite drops a table's triggers when a migration rebuilds the table: a migration
    # that does must create them again.
    assert trigger_names() >= TRIGGERS


def _moves(change) -> bool:  # type: ignore[no-untyped-def]
    before = protected_names_stamp()
    change()
    after = protected_names_stamp()
    assert before and after
    return after != before


def test_every_change_to_a_protected_persons_names_moves_the_stamp() -> None:
    open_person = PersonFactory.create(given_name_latin="Dara")
    assert not _moves(lambda: PersonFactory.create(given_name_latin="Sok"))
    assert not _moves(lambda: Person.objects.filter(pk=open_person.pk).update(phone="012"))
    assert not _moves(lambda: PersonName.objects.filter(person=open_person).update(given_name="X"))

    protected: list[Person] = []
    assert _moves(
        lambda: protected.append(PersonFactory.create(is_protected=True, pseudonym="TCW-50"))
    )
    person = protected[0]
    assert _moves(
        lambda: Person.objects.filter(pk=open_person.pk).update(is_protected=True, pseudonym="P2")
    )
    assert _moves(lambda: Person.objects.filter(pk=person.pk).update(given_name_km="សុខា"))
    assert _moves(lambda: Person.objects.filter(pk=person.pk).update(pseudonym="TCW-51"))
    # A change that touches no name leaves the finder as it is.
    assert not _moves(lambda: Person.objects.filter(pk=person.pk).update(phone="099"))
    assert _moves(lambda: PersonName.objects.filter(person=person).update(given_name="Bopha"))
    name = PersonName.objects.filter(person=person).first()
    assert name is not None
    assert _moves(
        lambda: PersonName.objects.create(
            person=person, script=name.script, is_alias=True, given_name="Mom"
        )
    )
    assert _moves(lambda: PersonName.objects.filter(person=person, given_name="Mom").delete())
    # A name moved to a protected person (a merge), and one moved away from one.
    other = PersonFactory.create(given_name_latin="Vanna")
    assert _moves(lambda: PersonName.objects.filter(person=other).update(person=person))
    assert _moves(lambda: PersonName.objects.filter(given_name="Vanna").update(person=other))
    assert _moves(lambda: Person.objects.filter(pk=person.pk).update(is_protected=False))

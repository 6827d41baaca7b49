"""A death recorded from a person's file: the record says so, its version moves on and
the audit entry keeps the old and new values."""

import pytest

from vss.audit.models import AuditAction, AuditEntry
from vss.people.models import Person
from vss.people.services import person_death_record
from vss.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _entries(person: Person) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(object_type="people.person", object_id=str(person.pk)))


def test_a_death_moves_the_persons_version_and_is_audited_with_old_and_new(intake):
    person = PersonFactory.create()
    opened = person.version
    person_death_record(actor=intake, person=person)
    person.refresh_from_db()
    assert person.is_deceased and person.version == opened + 1
    (entry,) = _entries(person)
    assert (entry.action, entry.actor) == (AuditAction.UPDATE, intake)
    assert entry.changes == {
        "is_deceased": {"old": False, "new": True},
        "version": {"old": opened, "new": opened + 1},
    }


def test_a_death_already_recorded_writes_nothing(intake):
    person = PersonFactory.create(is_deceased=True)
    opened = person.version
    person_death_record(actor=intake, person=person)
    person.refresh_from_db()
    assert person.version == opened
    assert _entries(person) == []

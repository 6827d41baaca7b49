"""Pseudonyms: one person each (a database constraint), given by VSS when a person is
marked protected, chosen only by those who may see protected identities."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from vss.people.models import Person
from vss.people.services import PersonData, person_create, person_update
from vss.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _data(**values) -> PersonData:
    return PersonData(family_name_latin="SUON", given_name_latin="Chantha", **values)


def test_vss_gives_a_pseudonym_from_the_record_number(intake):
    person = person_create(actor=intake, data=_data(is_protected=True))
    person.refresh_from_db()
    assert person.is_protected
    assert person.pseudonym == f"PS-{person.pk:05d}"


def test_a_given_pseudonym_is_set_apart_from_one_chosen_earlier(intake, legal):
    chosen = person_create(actor=legal, data=_data(is_protected=True, pseudonym="PS-99999"))
    person = person_create(actor=intake, data=_data())
    Person.objects.filter(pk=chosen.pk).update(pseudonym=f"PS-{person.pk:05d}")
    person = person_update(actor=intake, person=person, data=_data(is_protected=True))
    assert person.pseudonym == f"PS-{person.pk:05d}-2"


def test_a_legal_officer_chooses_the_pseudonym(legal):
    person = person_create(actor=legal, data=_data(is_protected=True, pseudonym="TCW-7"))
    assert Person.objects.get(pk=person.pk).pseudonym == "TCW-7"
    person = person_update(
        actor=legal, person=person, data=_data(is_protected=True, pseudonym="TCW-8")
    )
    assert Person.objects.get(pk=person.pk).pseudonym == "TCW-8"


@pytest.mark.parametrize("who", ["intake", "intermediary"])
def test_without_the_right_a_pseudonym_is_not_chosen(request, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(ValidationError, match="legal officer"):
        person_create(actor=actor, data=_data(is_protected=True, pseudonym="TCW-7"))
    assert not Person.objects.filter(pseudonym="TCW-7").exists()


def test_without_the_right_the_pseudonym_on_file_is_kept(intake, legal):
    person = person_create(actor=legal, data=_data(is_protected=True, pseudonym="TCW-7"))
    # The edit form shows the pseudonym on file: saved as it is, or emptied, it stays.
    for typed in ("TCW-7", ""):
        person = person_update(
            actor=intake, person=person, data=_data(is_protected=True, pseudonym=typed, phone=typed)
        )
        assert Person.objects.get(pk=person.pk).pseudonym == "TCW-7"
    with pytest.raises(ValidationError):
        person_update(actor=intake, person=person, data=_data(is_protected=True, pseudonym="X-1"))


def test_a_pseudonym_held_by_another_person_is_refused(legal):
    person_create(actor=legal, data=_data(is_protected=True, pseudonym="TCW-7"))
    with pytest.raises(ValidationError, match="already given"):
        person_create(actor=legal, data=_data(is_protected=True, pseudonym="tcw-7"))
    other = person_create(actor=legal, data=_data(is_protected=True))
    with pytest.raises(ValidationError, match="already given"):
        person_update(actor=legal, person=other, data=_data(is_protected=True, pseudonym="TCW-7"))


def test_the_database_refuses_a_pseudonym_twice():
    PersonFactory.create(is_protected=True, pseudonym="PS-00014")
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory.create(is_protected=True, pseudonym="PS-00014")
    # A record folded into another by a merge is archived and keeps the one it gave.
    PersonFactory.create(
        is_protected=True,
        pseudonym="PS-00014",
        archived_at=timezone.now(),
        archive_reason="Merged into person 1.",
    )
    # People without a pseudonym are many.
    PersonFactory.create_batch(2, pseudonym="")


@pytest.mark.django_db(transaction=True)
def test_the_migration_sets_existing_duplicates_apart():
    executor = MigrationExecutor(connection)
    before = ("people", "0003_name_key_indexes")
    executor.migrate([before])
    old_apps = executor.loader.project_state([before]).apps
    OldPerson = old_apps.get_model("people", "Person")
    first, second, third = (
        OldPerson.objects.create(family_name_latin="A", is_protected=True, pseudonym="TCW-7")
        for _ in range(3)
    )
    alone = OldPerson.objects.create(family_name_latin="B", is_protected=True, pseudonym="PS-1")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    pseudonyms = dict(Person.objects.values_list("pk", "pseudonym"))
    assert pseudonyms[first.pk] == "TCW-7"
    assert pseudonyms[second.pk] == f"TCW-7-{second.pk}"
    assert pseudonyms[third.pk] == f"TCW-7-{third.pk}"
    assert pseudonyms[alone.pk] == "PS-1"
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory.create(is_protected=True, pseudonym="TCW-7")

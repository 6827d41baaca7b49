"""Every table that points at a person is accounted for by a merge: its rows follow the
person to the record kept, or the app says why they do not. A new model with a foreign
key to a person fails here until its app registers it one way or the other."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import ForeignKey, ForeignObjectRel

from vss.core.registry import NamedRegistry
from vss.people import merging
from vss.people.models import Person, PersonName
from vss.support.models import Consent, Contact


def _relations_to_a_person() -> set[tuple[str, str]]:
    # Hidden relations (related_name="+") too: a merge must not leave those behind either.
    return {
        (relation.field.model._meta.label, relation.field.name)
        for relation in Person._meta.get_fields(include_hidden=True)
        if isinstance(relation, ForeignObjectRel)
    }


def test_every_relation_to_a_person_is_moved_by_a_merge_or_excluded_with_a_reason() -> None:
    moved = {rows.relation for rows in merging.moved_rows()}
    excluded = merging.excluded_relations()
    relations = _relations_to_a_person()
    assert relations - moved - excluded.keys() == set(), "neither moved nor excluded"
    assert moved & excluded.keys() == set(), "both moved and excluded"
    assert (moved | excluded.keys()) - relations == set(), "registered, but no such relation"
    assert all(reason.strip() for reason in excluded.values())


def test_the_rows_that_move_are_foreign_keys_to_a_person_under_keys_of_their_own() -> None:
    rows = merging.moved_rows()
    for moved in rows:
        field = moved.model._meta.get_field(moved.field)
        assert isinstance(field, ForeignKey) and field.related_model is Person, moved
    # Keys already written in merges on record: an unmerge reads them back.
    keys = [moved.key for moved in rows]
    assert len(set(keys)) == len(keys)
    assert {"forms", "applications", "harms", "conflicts", "consents", "referrals"} <= set(keys)
    assert "contacts" in keys


@pytest.fixture
def empty_registry(monkeypatch):
    monkeypatch.setattr(merging, "_moved", NamedRegistry("kinds of rows moved by a merge"))
    monkeypatch.setattr(merging, "_excluded", {})


def test_one_key_names_one_kind_of_rows(empty_registry) -> None:
    merging.register_moved_rows(merging.MovedRows(key="consents", model=Consent))
    merging.register_moved_rows(merging.MovedRows(key="consents", model=Consent))
    with pytest.raises(ImproperlyConfigured, match="consents"):
        merging.register_moved_rows(merging.MovedRows(key="consents", model=Contact))
    assert [rows.model for rows in merging.moved_rows()] == [Consent]


def test_a_relation_is_excluded_only_with_a_reason(empty_registry) -> None:
    with pytest.raises(ImproperlyConfigured, match=r"people\.PersonName\.person"):
        merging.register_excluded_relation(PersonName, "person", reason=" ")
    assert merging.excluded_relations() == {}

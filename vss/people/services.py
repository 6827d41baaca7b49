from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from vss import policy
from vss.accounts.models import User
from vss.audit.labels import audit_label
from vss.audit.models import AuditAction
from vss.audit.services import audit_record, audited_update, diff, snapshot
from vss.names.keys import is_khmer, khmer_key, latin_key
from vss.names.phonetic import sound_key

from .audit_labels import PEOPLE_PAIR
from .models import Kinship, NameScript, Person, PersonName, Relationship
from .pseudonyms import pseudonym_chosen, pseudonym_generate

AUDITED_PERSON_FIELDS = [
    "family_name_km",
    "given_name_km",
    "family_name_latin",
    "given_name_latin",
    "sex",
    "birth_date",
    "birth_year",
    "birth_year_margin",
    "ethnicity",
    "village",
    "phone",
    "preferred_language",
    "is_deceased",
    "is_protected",
    "pseudonym",
]


@dataclass
class PersonData:
    """What a form collects about a person; the fields are those of the model."""

    family_name_km: str = ""
    given_name_km: str = ""
    family_name_latin: str = ""
    given_name_latin: str = ""
    sex: str = "unknown"
    birth_date: object = None
    birth_year: int | None = None
    birth_year_margin: int = 0
    ethnicity: str = "unknown"
    village_id: str | None = None
    phone: str = ""
    preferred_language: str = "km"
    is_deceased: bool = False
    is_protected: bool = False
    pseudonym: str = ""
    aliases: list[tuple[str, str]] = field(default_factory=list)


def _person_values(data: PersonData) -> dict[str, Any]:
    """The values a person's record takes from `data`, by field name."""
    values = {
        name: getattr(data, "village_id" if name == "village" else name)
        for name in AUDITED_PERSON_FIELDS
    }
    if values["birth_date"] and not values["birth_year"]:
        values["birth_year"] = values["birth_date"].year
    values["family_name_latin"] = values["family_name_latin"].strip().upper()
    values["given_name_latin"] = values["given_name_latin"].strip().title()
    return values


def _apply(person: Person, data: PersonData) -> None:
    for name, value in _person_values(data).items():
        setattr(person, "village_id" if name == "village" else name, value)


def person_name_rows(person: Person, aliases: list[tuple[str, str]]) -> list[PersonName]:
    """The searchable spellings of a person, built from the main names and the aliases."""
    rows = []
    if person.family_name_km or person.given_name_km:
        rows.append(
            PersonName(
                person=person,
                script=NameScript.KHMER,
                family_name=person.family_name_km,
                given_name=person.given_name_km,
                family_key=khmer_key(person.family_name_km),
                given_key=khmer_key(person.given_name_km),
                family_sound=sound_key(person.family_name_km),
                given_sound=sound_key(person.given_name_km),
            )
        )
    if person.family_name_latin or person.given_name_latin:
        rows.append(
            PersonName(
                person=person,
                script=NameScript.LATIN,
                family_name=person.family_name_latin,
                given_name=person.given_name_latin,
                family_key=latin_key(person.family_name_latin),
                given_key=latin_key(person.given_name_latin),
                family_sound=sound_key(person.family_name_latin),
                given_sound=sound_key(person.given_name_latin),
            )
        )
    for family, given in aliases:
        khmer = is_khmer(family + given)
        key = khmer_key if khmer else latin_key
        rows.append(
            PersonName(
                person=person,
                script=NameScript.KHMER if khmer else NameScript.LATIN,
                is_alias=True,
                family_name=family.strip(),
                given_name=given.strip(),
                family_key=key(family),
                given_key=key(given),
                family_sound=sound_key(family),
                given_sound=sound_key(given),
            )
        )
    return rows


def _alias_pairs(person: Person) -> list[tuple[str, str]]:
    return [(n.family_name, n.given_name) for n in person.names.all() if n.is_alias]


def person_build(*, actor: User, data: PersonData) -> Person:
    """An unsaved, unprotected person with the values `data` gives, normalised as
    person_create saves them: for a writer of many people at once, which inserts them in
    bulk and audits them as one (vss.imports)."""
    person = Person(created_by=actor)
    _apply(person, data)
    return person


@transaction.atomic
def person_create(*, actor: User, data: PersonData) -> Person:
    person = Person(created_by=actor)
    _apply(person, data)
    person.pseudonym = pseudonym_chosen(
        actor=actor, person=None, typed=data.pseudonym, protected=data.is_protected
    )
    # A pseudonym VSS gives comes from the record's id, which the row has once inserted:
    # it is inserted unprotected and protected in the same transaction.
    to_generate = data.is_protected and not person.pseudonym
    if to_generate:
        person.is_protected = False
    person.full_clean(exclude=["created_by"])
    person.save()
    if to_generate:
        person.is_protected, person.pseudonym = True, pseudonym_generate(person.pk)
        person.save(update_fields=["is_protected", "pseudonym"])
    PersonName.objects.bulk_create(person_name_rows(person, data.aliases))
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=person,
        changes=diff(
            {},
            {**snapshot(person, AUDITED_PERSON_FIELDS), "aliases": [list(a) for a in data.aliases]},
        ),
    )
    return person


@transaction.atomic
def person_update(
    *, actor: User, person: Person, data: PersonData, expected_version: int | None = None
) -> Person:
    """Correct a person's record. `expected_version` is the version the user's form was
    opened on: a save over a later one is refused (`StaleEdit`), and the refusal names
    what changed without the values when the user may not see who the person is."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    aliases = ([list(a) for a in _alias_pairs(person)], [list(a) for a in data.aliases])
    values = _person_values(data)
    values["pseudonym"] = pseudonym_chosen(
        actor=actor, person=person, typed=data.pseudonym, protected=data.is_protected
    ) or (pseudonym_generate(person.pk) if data.is_protected else "")
    changes = audited_update(
        person,
        actor=actor,
        values=values,
        check=lambda: person.full_clean(exclude=["created_by"]),
        related={"aliases": aliases},
        expected_version=expected_version,
        hidden=()
        if policy.can_see_identity(actor, person)
        else {*AUDITED_PERSON_FIELDS, "aliases"},
    )
    if changes:
        person.names.all().delete()
        PersonName.objects.bulk_create(person_name_rows(person, data.aliases))
    return person


@transaction.atomic
def person_death_record(*, actor: User, person: Person) -> None:
    """Mark a person deceased (learnt from one of their files: an applicant's death ends
    every application). The record's version moves on with it, so that a correction of
    the person opened before is refused rather than saved over the death."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.is_deceased:
        return
    audited_update(person, actor=actor, values={"is_deceased": True})


@transaction.atomic
def kinship_link(
    *, actor: User, person: Person, relative: Person, relationship: Relationship
) -> Kinship:
    kinship, created = Kinship.objects.get_or_create(
        person=person, relative=relative, defaults={"relationship": relationship}
    )
    if created:
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=kinship,
            label=audit_label(PEOPLE_PAIR, first=person.pk, second=relative.pk),
            changes={"relationship": {"old": None, "new": str(relationship)}},
        )
    return kinship

"""Applicants and their relatives for the demo data: names (Khmer script and romanisations,
aliases), birth, sex, ethnicity, village, language, protected identities; and the search-key rows
exactly as vss.people.services.person_name_rows would build them.

Internals, for speed at a million people: days are ordinals (date.toordinal()), moments
are minutes since day 0 in the office's time zone; the writer formats both.
"""

from __future__ import annotations

import datetime
from array import array
from collections.abc import Sequence
from typing import Any, NamedTuple

from vss.core.demo.draw import Draw, Weighted, plain
from vss.core.demo.writer import Writer
from vss.names.keys import is_khmer, khmer_key, latin_key
from vss.names.phonetic import sound_key
from vss.people import models as people

from . import names as demo_names
from .names import NameForm
from .refilings import Refiling, Variation, draw_variations, other_spelling

Ethnicity = plain(people.Ethnicity)
Language = plain(people.Language)
NameScript = plain(people.NameScript)
Relationship = plain(people.Relationship)
Sex = plain(people.Sex)
KHMER, LATIN = NameScript.KHMER, NameScript.LATIN
FEMALE, MALE, UNKNOWN = Sex.FEMALE, Sex.MALE, Sex.UNKNOWN

PERSON_COLUMNS = (
    "id", "family_name_km", "given_name_km", "family_name_latin", "given_name_latin", "sex",
    "birth_date", "birth_year", "birth_year_margin", "ethnicity", "village_id", "phone",
    "is_deceased", "is_protected", "pseudonym", "created_at", "created_by_id", "archived_at",
    "archived_by_id", "archive_reason", "preferred_language",
)  # fmt: skip
NAME_COLUMNS = (
    "id", "person_id", "script", "is_alias", "family_name", "given_name", "family_key",
    "given_key", "family_sound", "given_sound",
)  # fmt: skip
KINSHIP_COLUMNS = ("id", "person_id", "relative_id", "relationship", "created_at")
PHONE_PREFIXES = ("012", "011", "017", "077", "092", "089", "097", "016", "010", "015", "070")
# Age of a relative, in years from the applicant's birth.
RELATIVE_AGES = {
    Relationship.PARENT: (-40, -18),
    Relationship.GRANDPARENT: (-70, -40),
    Relationship.UNCLE_AUNT: (-35, -10),
    Relationship.SIBLING: (-12, 12),
    Relationship.SPOUSE: (-8, 6),
    Relationship.CHILD: (16, 35),
}


class Spelled(NamedTuple):
    """A person's names as a form has them (blank where the form has none)."""

    family_km: str
    given_km: str
    family_latin: str
    given_latin: str


class Birth(NamedTuple):
    date: Any  # as the writer formats a day, or None
    year: int | None
    margin: int


class NameTable:
    """Names drawn with Zipf-like frequencies, each with its romanisations."""

    def __init__(self, forms: Sequence[NameForm]) -> None:
        self.pick = Weighted(forms, demo_names.zipf_weights(len(forms)))
        self.variants = {
            form: Weighted(range(len(form.latin)), demo_names.romanisation_weights(len(form.latin)))
            for form in forms
        }


def _indexed_forms(
    tables: list[NameTable],
) -> tuple[list[tuple[int, NameForm]], dict[tuple[int, NameForm], int]]:
    """Every (table, name) of some name tables in one numbering, and the number of each."""
    forms = [(t, f) for t, table in enumerate(tables) for f in table.pick.items]
    return forms, {form: i for i, form in enumerate(forms)}


class PeopleMaker:
    """Writes people, their name rows and their kinship into the writer's tables;
    remembers, compactly, what each applicant's relatives are drawn from (surname, sex,
    age, ethnicity)."""

    def __init__(self, rng: Draw, writer: Writer) -> None:
        self.rng = rng
        self.day = writer.day
        self.t_person = writer.table(people.Person, PERSON_COLUMNS)
        self.t_name = writer.table(people.PersonName, NAME_COLUMNS)
        self.t_kinship = writer.table(people.Kinship, KINSHIP_COLUMNS)
        self.families = NameTable(demo_names.FAMILY_NAMES)
        self.female = NameTable(demo_names.GIVEN_NAMES_FEMALE)
        self.male = NameTable(demo_names.GIVEN_NAMES_MALE)
        self.cham_families = NameTable(demo_names.CHAM_FAMILY_NAMES)
        self.cham_female = NameTable(demo_names.CHAM_GIVEN_NAMES_FEMALE)
        self.cham_male = NameTable(demo_names.CHAM_GIVEN_NAMES_MALE)
        self.viet_families = NameTable(demo_names.VIETNAMESE_FAMILY_NAMES)
        self.viet_female = NameTable(demo_names.VIETNAMESE_GIVEN_NAMES_FEMALE)
        self.viet_male = NameTable(demo_names.VIETNAMESE_GIVEN_NAMES_MALE)
        self.chinese_families = NameTable(demo_names.CHINESE_FAMILY_NAMES)
        # A father's given name is often his children's family name: the family names as
        # given names, for the fathers named in indirect harms.
        self.fathers = NameTable(
            [NameForm(f.km, tuple(x.title() for x in f.latin)) for f in demo_names.FAMILY_NAMES]
        )
        self.father_of = dict(zip(demo_names.FAMILY_NAMES, self.fathers.pick.items, strict=True))
        self.ethnicity = Weighted(
            [
                Ethnicity.KHMER,
                Ethnicity.CHAM,
                Ethnicity.VIETNAMESE,
                Ethnicity.KHMER_KROM,
                Ethnicity.CHINESE,
                Ethnicity.INDIGENOUS,
                Ethnicity.UNKNOWN,
            ],
            [88.5, 4, 1.5, 3, 1, 0.5, 1.5],
        )
        self.family_tables = [
            self.families,
            self.cham_families,
            self.viet_families,
            self.chinese_families,
        ]
        self.family_forms, self.family_form_index = _indexed_forms(self.family_tables)
        self.given_tables = [
            self.female,
            self.male,
            self.cham_female,
            self.cham_male,
            self.viet_female,
            self.viet_male,
        ]
        self.given_forms, self.given_form_index = _indexed_forms(self.given_tables)
        self.ethnicities = list(vars(Ethnicity).values())
        # Most applicants are written to in Khmer; a few, abroad or schooled in French or
        # English, in those. Drawn from a generator of their own, seeded from the shared
        # one's state without drawing from it, so that every other row of a seed stays
        # as it was.
        self.language_rng = Draw(str(rng.getstate()))
        self.language = Weighted(
            [Language.KHMER, Language.FRENCH, Language.ENGLISH], [95, 2.5, 2.5]
        )
        self.languages = list(vars(Language).values())
        self.sexes = list(vars(Sex).values())
        self._keys: dict[str, str] = {}
        self._sounds: dict[str, str] = {}
        # Per applicant index (a million of them: arrays, not objects).
        self.person_of = array("q")  # person id
        self.village_of: list[str | None] = []
        self.ethnicity_of = array("B")
        self.language_of = array("B")
        self.sex_of = array("B")
        self.year_of = array("H")
        self.scripts_of = array("B")  # Khmer * 2 + Latin
        self.family_of = array("H")  # index into self.family_forms
        self.given_of = array("H")  # index into self.given_forms
        self.spelling_of = array("B")  # romanisations drawn: family's * 16 + given's
        # Second records of applicants who filed again (the truth of who is whom, which
        # the registry itself never holds: the matcher is there to find it).
        self.refilings: list[Refiling] = []

    def key(self, text: str, khmer: bool) -> str:
        cached = self._keys.get(text)
        if cached is None:
            cached = self._keys[text] = khmer_key(text) if khmer else latin_key(text)
        return cached

    def sound(self, text: str) -> str:
        cached = self._sounds.get(text)
        if cached is None:
            cached = self._sounds[text] = sound_key(text)
        return cached

    def _tables_for(self, ethnicity: str, sex: str) -> tuple[NameTable, NameTable]:
        rng = self.rng
        female = sex == FEMALE or (sex == UNKNOWN and rng.chance(0.5))
        if ethnicity == Ethnicity.CHAM and rng.chance(0.7):
            return self.cham_families, self.cham_female if female else self.cham_male
        if ethnicity == Ethnicity.VIETNAMESE and rng.chance(0.8):
            return self.viet_families, self.viet_female if female else self.viet_male
        given = self.female if female else self.male
        if ethnicity == Ethnicity.CHINESE and rng.chance(0.7):
            return self.chinese_families, given
        return self.families, given

    def _scripts(self, family: NameForm, given: NameForm) -> tuple[bool, bool]:
        """(Khmer, Latin): most forms carry both; some only one of them."""
        if not (family.km and given.km):
            return False, True
        r = self.rng.random()
        if r < 0.08:
            return True, False
        if r < 0.13:
            return False, True
        return True, True

    def applicant(
        self, village: str | None, deceased: bool, created_at: Any, created_by: int
    ) -> int:
        """A new applicant; returns its applicant index."""
        rng = self.rng
        ethnicity = self.ethnicity(rng)
        r = rng.random()
        sex = FEMALE if r < 0.56 else (MALE if r < 0.99 else UNKNOWN)
        families, givens = self._tables_for(ethnicity, sex)
        family = families.pick(rng)
        given = givens.pick(rng)
        year = round(rng.triangular(1922, 1976, 1957))
        scripts = self._scripts(family, given)
        language = self.language(self.language_rng)
        person_id, spelling = self.person(
            family,
            given,
            families,
            givens,
            sex=sex,
            birth_year=year,
            ethnicity=ethnicity,
            language=language,
            village=village,
            deceased=deceased,
            created_at=created_at,
            created_by=created_by,
            scripts=scripts,
            applicant=True,
        )
        family_index = self.family_form_index[(self.family_tables.index(families), family)]
        given_index = self.given_form_index[(self.given_tables.index(givens), given)]
        return self._remember(
            person_id,
            village=village,
            ethnicity=ethnicity,
            language=language,
            sex=sex,
            year=year,
            scripts=scripts,
            names=(family_index, given_index, spelling),
        )

    def refiling(
        self, original: int, *, neighbours: Sequence[str], created_at: Any, created_by: int
    ) -> tuple[int, Refiling]:
        """A second record of an applicant, as a second form has the same human being
        (`neighbours`: the villages next to theirs in their commune). Returns the new
        applicant index and what the two records are."""
        rng = self.rng
        table, family = self.family_forms[self.family_of[original]]
        given_table, given = self.given_forms[self.given_of[original]]
        code = self.scripts_of[original]
        khmer, latin = bool(code & 2), bool(code & 1)
        family_variant, given_variant = divmod(self.spelling_of[original], 16)
        possible = {Variation.SWAPPED_NAMES, Variation.YEAR_OFF, Variation.RELATIVES_FORM}
        if len(family.latin) > 1 or len(given.latin) > 1 or not latin:
            possible.add(Variation.ROMANISATION)
        if family.km and given.km and latin:
            possible.add(Variation.KHMER_ONLY)
        if neighbours:
            possible.add(Variation.NEIGHBOURING_VILLAGE)
        variations = draw_variations(rng, possible)

        if Variation.KHMER_ONLY in variations:
            khmer, latin = True, False
        elif Variation.ROMANISATION in variations and latin:
            family_variant, given_variant = other_spelling(
                rng, family, given, family_variant, given_variant
            )
        elif Variation.ROMANISATION in variations:
            # The first form had the Khmer script alone; this one has Latin letters.
            family_variant = self.family_tables[table].variants[family](rng)
            given_variant = self.given_tables[given_table].variants[given](rng)
            khmer, latin = bool(family.km and given.km) and rng.chance(0.5), True
        family_latin = family.latin[family_variant].strip() if latin else ""
        given_latin = given.latin[given_variant].strip() if latin else ""
        family_km, given_km = (family.km, given.km) if khmer else ("", "")
        if Variation.SWAPPED_NAMES in variations:
            family_km, given_km = given_km, family_km
            family_latin, given_latin = given_latin, family_latin
        spelled = Spelled(family_km, given_km, family_latin.upper(), given_latin.title())

        year = self.year_of[original]
        if Variation.YEAR_OFF in variations:
            year += rng.pick((-2, -1, 1, 2))
        if Variation.RELATIVES_FORM in variations:
            # A son or a niece knows the year only roughly, if at all.
            known = Variation.YEAR_OFF in variations or rng.chance(0.5)
            birth = Birth(None, year, 5) if known else Birth(None, None, 0)
        else:
            birth = self._birth(year)
            if birth.year is None and Variation.YEAR_OFF in variations:
                birth = Birth(None, year, 0)
        village = self.village_of[original]
        if Variation.NEIGHBOURING_VILLAGE in variations:
            village = rng.pick(neighbours)
        sex = self.sexes[self.sex_of[original]]
        ethnicity = self.ethnicities[self.ethnicity_of[original]]
        language = self.languages[self.language_of[original]]
        person_id = self._write(
            spelled,
            birth,
            sex=sex,
            ethnicity=ethnicity,
            language=language,
            village=village,
            deceased=False,
            created_at=created_at,
            created_by=created_by,
            applicant=True,
        )
        refiling = Refiling(self.person_of[original], person_id, variations)
        self.refilings.append(refiling)
        index = self._remember(
            person_id,
            village=village,
            ethnicity=ethnicity,
            language=language,
            sex=sex,
            year=year,
            scripts=(khmer, latin),
            names=(
                self.family_of[original],
                self.given_of[original],
                family_variant * 16 + given_variant,
            ),
        )
        return index, refiling

    def _remember(
        self,
        person_id: int,
        *,
        village: str | None,
        ethnicity: str,
        language: str,
        sex: str,
        year: int,
        scripts: tuple[bool, bool],
        names: tuple[int, int, int],
    ) -> int:
        """Keep what an applicant's relatives and second records are drawn from; returns
        the applicant index."""
        index = len(self.person_of)
        self.person_of.append(person_id)
        self.village_of.append(village)
        self.ethnicity_of.append(self.ethnicities.index(ethnicity))
        self.language_of.append(self.languages.index(language))
        self.sex_of.append(self.sexes.index(sex))
        self.year_of.append(year)
        self.scripts_of.append(scripts[0] * 2 + scripts[1])
        family_index, given_index, spelling = names
        self.family_of.append(family_index)
        self.given_of.append(given_index)
        self.spelling_of.append(spelling)
        return index

    def person(
        self,
        family: NameForm,
        given: NameForm,
        families: NameTable,
        givens: NameTable,
        *,
        sex: str,
        birth_year: int | None,
        ethnicity: str,
        village: str | None,
        deceased: bool,
        created_at: Any,
        created_by: int,
        scripts: tuple[bool, bool],
        applicant: bool,
        language: str = Language.KHMER,
    ) -> tuple[int, int]:
        """Writes the person; returns its id and the romanisations drawn (family's * 16 +
        given's)."""
        rng = self.rng
        khmer, latin = scripts
        family_variant = families.variants[family](rng)
        given_variant = givens.variants[given](rng)
        # As vss.people.services._apply stores them.
        spelled = Spelled(
            family.km if khmer else "",
            given.km if khmer else "",
            family.latin[family_variant].strip().upper() if latin else "",
            given.latin[given_variant].strip().title() if latin else "",
        )
        person_id = self._write(
            spelled,
            self._birth(birth_year),
            sex=sex,
            ethnicity=ethnicity,
            language=language,
            village=village,
            deceased=deceased,
            created_at=created_at,
            created_by=created_by,
            applicant=applicant,
        )
        if applicant and rng.chance(0.25):
            alias = self._alias(family, given, family_variant, given_variant, latin)
            if alias is not None:
                self._alias_row(person_id, *alias)
        return person_id, family_variant * 16 + given_variant

    def _birth(self, year: int | None) -> Birth:
        """A year "about" for most, an exact date for a few, nothing for some."""
        rng = self.rng
        r = rng.random()
        if year is None or r < 0.05:
            return Birth(None, None, 0)
        if r < 0.15:
            # The services set the year from the date.
            return Birth(self.day(_ordinal(year, rng.ri(1, 12), rng.ri(1, 28))), year, 0)
        m = rng.random()
        if m < 0.4:
            margin = 0
        elif m < 0.7:
            margin = rng.ri(1, 2)
        elif m < 0.9:
            margin = rng.ri(3, 5)
        else:
            margin = 10
        return Birth(None, year, margin)

    def _write(
        self,
        spelled: Spelled,
        birth: Birth,
        *,
        sex: str,
        ethnicity: str,
        language: str,
        village: str | None,
        deceased: bool,
        created_at: Any,
        created_by: int,
        applicant: bool,
    ) -> int:
        """The person's row and its search rows; returns the person id."""
        rng = self.rng
        protected = applicant and rng.chance(0.003)
        phone = ""
        if applicant and rng.chance(0.4):
            phone = f"{rng.pick(PHONE_PREFIXES)} {rng.ri(100, 999)} {rng.ri(100, 999)}"
        person_id = self.t_person.new_id()
        # As VSS gives them (vss.people.pseudonyms): from the id, so that a second run
        # into the same registry gives none twice.
        pseudonym = f"PS-{person_id:05d}" if protected else ""
        family_km, given_km, family_latin, given_latin = spelled
        self.t_person.rows.append(
            (
                person_id,
                family_km,
                given_km,
                family_latin,
                given_latin,
                sex,
                birth.date,
                birth.year,
                birth.margin,
                ethnicity,
                village,
                phone,
                deceased,
                protected,
                pseudonym,
                created_at,
                created_by,
                None,
                None,
                "",
                language,
            )
        )
        # The search rows, as vss.people.services.person_name_rows builds them.
        names = self.t_name.rows
        new_id = self.t_name.new_id
        key, sound = self.key, self.sound
        if family_km or given_km:
            names.append(
                (
                    new_id(),
                    person_id,
                    KHMER,
                    False,
                    family_km,
                    given_km,
                    key(family_km, True),
                    key(given_km, True),
                    sound(family_km),
                    sound(given_km),
                )
            )
        if family_latin or given_latin:
            names.append(
                (
                    new_id(),
                    person_id,
                    LATIN,
                    False,
                    family_latin,
                    given_latin,
                    key(family_latin, False),
                    key(given_latin, False),
                    sound(family_latin),
                    sound(given_latin),
                )
            )
        return person_id

    def _alias_row(self, person_id: int, family: str, given: str) -> None:
        km = is_khmer(family + given)
        self.t_name.rows.append(
            (
                self.t_name.new_id(),
                person_id,
                KHMER if km else LATIN,
                True,
                family.strip(),
                given.strip(),
                self.key(family, km),
                self.key(given, km),
                self.sound(family),
                self.sound(given),
            )
        )

    def _alias(
        self, family: NameForm, given: NameForm, fv: int, gv: int, has_latin: bool
    ) -> tuple[str, str] | None:
        """Another romanisation of the name, as on an identity card or a list typed by
        another hand; sometimes in western order (given name first)."""
        rng = self.rng
        other_f = [i for i in range(len(family.latin)) if i != fv]
        other_g = [i for i in range(len(given.latin)) if i != gv]
        if has_latin and not other_f and not other_g:
            if given.km and family.km and rng.chance(0.5):
                return None
            # The same spelling in western order.
            return given.latin[gv].upper(), family.latin[fv].title()
        f = rng.pick(other_f) if other_f and (not other_g or rng.chance(0.6)) else fv
        g = rng.pick(other_g) if other_g and (f == fv or rng.chance(0.4)) else gv
        if has_latin and f == fv and g == gv:
            return None
        alias_family, alias_given = family.latin[f].upper(), given.latin[g].title()
        if rng.chance(0.15):
            return alias_given.upper(), alias_family.title()
        return alias_family, alias_given

    def relative(
        self, applicant: int, relationship: str, created_at: Any, created_by: int
    ) -> tuple[int, str]:
        """A relative who died under the regime, named with the Khmer custom in mind: a
        child's family name is often the father's given name, siblings share it.
        Returns the person id and sex."""
        rng = self.rng
        table, family = self.family_forms[self.family_of[applicant]]
        families = self.family_tables[table]
        applicant_sex = self.sexes[self.sex_of[applicant]]
        year = self.year_of[applicant]
        ethnicity = self.ethnicities[self.ethnicity_of[applicant]]
        code = self.scripts_of[applicant]
        scripts = (bool(code & 2), bool(code & 1))
        if relationship == Relationship.PARENT:
            sex = MALE if rng.chance(0.6) else FEMALE
        elif relationship == Relationship.SPOUSE:
            sex = MALE if applicant_sex == FEMALE else FEMALE
        else:
            sex = MALE if rng.chance(0.5) else FEMALE
        rel_families, givens = self._tables_for(ethnicity, sex)
        given = givens.pick(rng)
        rel_family = rel_families.pick(rng)
        if relationship == Relationship.SIBLING:
            rel_family, rel_families = family, families
        elif relationship == Relationship.PARENT and sex == MALE and family in self.father_of:
            # The father's given name became his children's family name.
            given, givens = self.father_of[family], self.fathers
        lo, hi = RELATIVE_AGES.get(relationship, (-20, 20))
        birth = min(max(year + rng.ri(lo, hi), 1880), 1978)
        if not (given.km and rel_family.km):
            scripts = (False, True)
        person, _ = self.person(
            rel_family,
            given,
            rel_families,
            givens,
            sex=sex,
            birth_year=birth,
            ethnicity=ethnicity,
            village=None,
            deceased=True,
            created_at=created_at,
            created_by=created_by,
            scripts=scripts,
            applicant=False,
        )
        return person, sex

    def kinship(self, applicant: int, relative: int, relationship: str, created_at: Any) -> None:
        self.t_kinship.rows.append(
            (
                self.t_kinship.new_id(),
                self.person_of[applicant],
                relative,
                relationship,
                created_at,
            )
        )


def _ordinal(year: int, month: int, day: int) -> int:
    return datetime.date(year, month, day).toordinal()

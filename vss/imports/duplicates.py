"""Likely duplicates among the rows of a file: each row against the registry and against
the other rows of the same file.

The names are compared by the registry's own search keys (vss.names through
vss.matching.live.typed_name_keys: Khmer normalised, Latin folded over the romanisation
variants, a Khmer name also by its romanisation), in either order, since western papers
put the given name first. A protected person is not looked for on behalf of someone who may not identify them.
Names alone never make two people one (a child's family name is
often a parent's given name), so a pair is reported when its names meet and the year of
birth (within the margins both give) or the commune agree too, and nothing contradicts it
(another sex, years too far apart). This is a warning to read before importing: the
import registers every row as a new person, and the registry-wide duplicate search
(vss.matching) puts the pairs before a legal officer, who decides.

The registry is read by chunks of rows, one indexed look-up of the name keys per chunk,
within the uploader's scope (vss.policy.people_in_scope)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Q

from vss import policy
from vss.accounts.models import User
from vss.matching.live import typed_name_keys, typed_name_sounds
from vss.people.models import Person, PersonName, Sex
from vss.policy import Right

from .rows import RowData

# Shown per row and kind: enough to open the records, not a list of namesakes.
SHOWN_PER_ROW = 5
# Rows of the file compared with each new row sharing its names, by year of birth: bounds
# the work on the commonest names of a million rows, where more would be namesakes anyway.
COMPARED_IN_FILE = 200

NAMES, BIRTH_YEAR, COMMUNE = "names", "birth_year", "commune"
# The registry is read by years around a chunk's: a registered person whose year is known
# to within more than this many years is met only if born within it of the row.
REGISTRY_MARGIN = 5


@dataclass(frozen=True)
class Traits:
    """What a row or a registered person is compared on beyond the names."""

    year: int | None
    margin: int
    sex: str
    commune: str

    @classmethod
    def of_row(cls, data: RowData) -> Traits:
        person = data.person
        year = person.birth_year or (person.birth_date.year if person.birth_date else None)  # type: ignore[attr-defined]
        return cls(year, person.birth_year_margin, person.sex, (person.village_id or "")[:6])


def reasons(a: Traits, b: Traits) -> list[str] | None:
    """What two records with the same names share, or None if they cannot be one person
    or share nothing beyond the names."""
    if a.sex != Sex.UNKNOWN and b.sex != Sex.UNKNOWN and a.sex != b.sex:
        return None
    shared = [NAMES]
    if a.year is not None and b.year is not None:
        if abs(a.year - b.year) > a.margin + b.margin + 2:
            return None
        shared.append(BIRTH_YEAR)
    if a.commune and a.commune == b.commune:
        shared.append(COMMUNE)
    return shared if len(shared) > 1 else None


# Sound keys are kept apart from spelling keys in one set of pairs by this mark.
SOUND = "~"


def name_pairs(data: RowData) -> set[tuple[str, str]]:
    """The (family, given) keys a row's names are searched under, in both scripts, and
    how they sound (SOUND-marked): PICH Teara meets PECH Theara by sound alone."""
    p = data.person
    family_latin, family_khmer = typed_name_keys(p.family_name_latin, p.family_name_km)
    given_latin, given_khmer = typed_name_keys(p.given_name_latin, p.given_name_km)
    families = typed_name_sounds(p.family_name_latin, p.family_name_km)
    givens = typed_name_sounds(p.given_name_latin, p.given_name_km)
    return (
        {(f, g) for f in family_latin for g in given_latin}
        | {(f, g) for f in family_khmer for g in given_khmer}
        | {(SOUND + f, SOUND + g) for f in families for g in givens}
    )


@dataclass
class Found:
    row: int
    person_id: int | None
    other_row: int | None
    reasons: list[str]


class InFile:
    """The rows read so far, by name keys and year of birth; each new row is compared with
    those of its names born within the years that could make them one person, not with
    every namesake (a million rows hold hundreds of each common name)."""

    def __init__(self) -> None:
        self.by_year: dict[tuple[str, str, int | None], list[tuple[int, Traits]]] = defaultdict(
            list
        )
        self.by_names: dict[tuple[str, str], list[tuple[int, Traits]]] = defaultdict(list)

    def _others(self, key: tuple[str, str], traits: Traits) -> Iterator[tuple[int, Traits]]:
        if traits.year is None:
            # Met through the commune alone: the latest namesakes, whatever their year.
            yield from self.by_names.get(key, ())[-COMPARED_IN_FILE:]
            return
        reach = traits.margin + 2 + REGISTRY_MARGIN
        for year in range(traits.year - reach, traits.year + reach + 1):
            yield from self.by_year.get((*key, year), ())[-COMPARED_IN_FILE:]
        yield from self.by_year.get((*key, None), ())[-COMPARED_IN_FILE:]

    def add(self, data: RowData) -> list[Found]:
        pairs = name_pairs(data)
        traits = Traits.of_row(data)
        found: dict[int, list[str]] = {}
        compared: set[int] = set()
        for family, given in pairs:
            for key in ((family, given), (given, family)):
                for row, other in self._others(key, traits):
                    if row not in compared:
                        compared.add(row)
                        shared = reasons(traits, other)
                        if shared is not None:
                            found[row] = shared
        for pair in pairs:
            self.by_year[(*pair, traits.year)].append((data.row, traits))
            self.by_names[pair].append((data.row, traits))
        return [
            Found(data.row, None, row, shared)
            for row, shared in sorted(found.items())[:SHOWN_PER_ROW]
        ]


def by_year(rows: list[RowData]) -> list[RowData]:
    """Rows in the order the registry is best read in: by year of birth, unknown last."""
    return sorted(
        rows, key=lambda data: (Traits.of_row(data).year is None, Traits.of_row(data).year or 0)
    )


def in_registry(user: User, rows: list[RowData]) -> list[Found]:
    """Registered people each of `rows` may be, within the user's scope."""
    wanted = {data.row: name_pairs(data) for data in rows}
    pairs = {pair for found in wanted.values() for pair in found}
    families = {f for f, _g in pairs if not f.startswith(SOUND)}
    givens = {g for _f, g in pairs if not g.startswith(SOUND)}
    family_sounds = {f[1:] for f, _g in pairs if f.startswith(SOUND)}
    given_sounds = {g[1:] for _f, g in pairs if g.startswith(SOUND)}
    if not pairs:
        return []
    names = (
        Q(family_key__in=families, given_key__in=givens)
        | Q(family_key__in=givens, given_key__in=families)
        | Q(family_sound__in=family_sounds, given_sound__in=given_sounds)
        | Q(family_sound__in=given_sounds, given_sound__in=family_sounds)
    )
    years = [Traits.of_row(data) for data in rows]
    if all(t.year is not None for t in years):
        # The rows come sorted by year (see `by_year`), so a chunk spans a few years and
        # the commonest names are read for those years alone, not for every year.
        low = min(t.year - t.margin for t in years) - 2 - REGISTRY_MARGIN  # type: ignore[operator]
        high = max(t.year + t.margin for t in years) + 2 + REGISTRY_MARGIN  # type: ignore[operator]
        names &= Q(person__birth_year__range=(low, high)) | Q(person__birth_year__isnull=True)
    registered: dict[tuple[str, str], set[int]] = defaultdict(set)
    traits: dict[int, Traits] = {}
    for (
        person_id,
        family,
        given,
        family_sound,
        given_sound,
        year,
        date,
        margin,
        sex,
        village,
    ) in PersonName.objects.filter(names, person__archived_at__isnull=True).values_list(
        "person_id",
        "family_key",
        "given_key",
        "family_sound",
        "given_sound",
        "person__birth_year",
        "person__birth_date",
        "person__birth_year_margin",
        "person__sex",
        "person__village_id",
    ):
        registered[(family, given)].add(person_id)
        registered[(given, family)].add(person_id)
        registered[(SOUND + family_sound, SOUND + given_sound)].add(person_id)
        registered[(SOUND + given_sound, SOUND + family_sound)].add(person_id)
        traits[person_id] = Traits(
            year or (date.year if date else None), margin, sex, (village or "")[:6]
        )
    if not traits:
        return []
    people = policy.people_in_scope(user, Person.objects.filter(pk__in=list(traits)))
    if not policy.has_right(user, Right.SEE_PROTECTED_IDENTITIES):
        # A protected person is left out for who may not identify them: a row beside them,
        # even without their name, would tell that whoever the row names is protected.
        people = people.exclude(
            Q(is_protected=True) & ~Q(pk__in=policy.protected_people_known_to(user))
        )
    in_scope = set(people.values_list("pk", flat=True))
    found = []
    for data in rows:
        row_traits = Traits.of_row(data)
        candidates = sorted(
            {pk for pair in wanted[data.row] for pk in registered.get(pair, ())} & in_scope
        )
        kept = 0
        for pk in candidates:
            shared = reasons(row_traits, traits[pk])
            if shared is not None and kept < SHOWN_PER_ROW:
                found.append(Found(data.row, pk, None, shared))
                kept += 1
    return found

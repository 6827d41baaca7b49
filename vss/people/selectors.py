import math
import re
from collections.abc import Collection

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from vss import policy
from vss.accounts.models import User
from vss.audit.models import AuditAction
from vss.audit.services import audit_record
from vss.core.counting import postgresql_plan
from vss.core.kept import KeptUnderStamp
from vss.core.queries import ProbedIn
from vss.names.search import Part, Reading, readings
from vss.policy import Right

from .models import Kinship, Person, PersonName


def people_matching_name(user: User, query: str) -> QuerySet[PersonName]:
    """Name rows that match `query` read some way (vss.names.search.readings): each part
    the start of the family or the given name, in spelling or in sound, in either order.
    A user who may not see protected identities can find a protected person by pseudonym
    only, never by real name."""
    return _hide_protected(user, _names_read_as(readings(query)))


def texts_naming_protected_people(texts: Collection[str]) -> set[str]:
    """Which of these texts, as typed into a search or the live check and kept in the
    audit log, may name a protected person: some part of it, read as a search reads it,
    begins (or is begun by) one of a protected person's names, in any spelling or sound on
    file. Broad on purpose: a text masked for nothing costs the auditor a word, one shown
    for a protected person names them. One query, however many texts (none too, so that a
    page's count does not vary)."""
    names = _protected_name_keys()
    named = set()
    for text in texts:
        words = {
            key
            for reading in readings(text)
            for part in reading
            for key in (part.spelling, part.sound)
            if len(key) >= 2
        }
        if any(name.startswith(word) or word.startswith(name) for word in words for name in names):
            named.add(text)
    return named


# The process's keys of protected people's names, kept under the stamp of those names.
_keys: KeptUnderStamp[frozenset[str]] = KeptUnderStamp()


def forget_protected_name_keys() -> None:
    """Drop the process's keys: the next masking reads them again."""
    _keys.forget()


def _protected_name_keys() -> frozenset[str]:
    """Every spelling and sound key of a protected person's names, read again only when
    the database's stamp of those names has moved (policy.protected_names_stamp): the
    auditor's log asks at each page, and reading 6,000 names took 15 ms at a million."""
    return _keys.get(policy.protected_names_stamp(), _read_protected_name_keys)


def _read_protected_name_keys() -> frozenset[str]:
    protected = Person.objects.filter(is_protected=True).values("pk")
    rows = (
        PersonName.objects.filter(person_id__in=protected)
        .order_by()
        .values_list("family_key", "given_key", "family_sound", "given_sound")
    )
    return frozenset(key for row in rows for key in row if key)


def _part_matches(part: Part) -> Q:
    """A name row one of whose names begins with the part, in spelling or in sound."""
    lookup = "startswith" if part.sound_is_prefix else "exact"
    match = Q()
    for name in ("family", "given"):
        match |= Q(**{f"{name}_key__startswith": part.spelling})
        match |= Q(**{f"{name}_sound__{lookup}": part.sound})
    return match


def _reading_matches(reading: Reading) -> Q:
    match = Q()
    for part in reading:
        match &= _part_matches(part)
    return match


def _names_read_as(found: list[Reading]) -> QuerySet[PersonName]:
    match = Q()
    for reading in found:
        match |= _reading_matches(reading)
    return PersonName.objects.filter(match)


def _hide_protected(user: User, names: QuerySet[PersonName]) -> QuerySet[PersonName]:
    if policy.has_right(user, Right.SEE_PROTECTED_IDENTITIES):
        return names
    # Protected people are few (see Person's `person_protected_idx`): leaving their ids
    # out costs a small set, where joining every name row to its person costs a read per
    # row.
    hidden = Person.objects.filter(is_protected=True)
    known = policy.protected_people_known_to(user)
    if known:
        # A lawyer finds their own protected clients by name, a partner those referred to it.
        hidden = hidden.exclude(pk__in=known)
    return names.exclude(person_id__in=hidden.values("pk"))


def _people_by_name(user: User, reading: Reading, drive: int) -> list[QuerySet]:
    """The ids of the people one reading of a search finds, as queries that read the name
    indexes alone: the rows one of whose keys or sounds starts with the `drive`-th part,
    each range checked for the other parts (rows in two ranges come twice: the ids only
    serve to look people up)."""
    part, others = reading[drive], reading[:drive] + reading[drive + 1 :]
    rest = PersonName.objects.filter(_reading_matches(others))
    lookup = "startswith" if part.sound_is_prefix else "exact"
    ranges = [
        rest.filter(**{f"{name}_key__startswith": part.spelling}) for name in ("family", "given")
    ] + [rest.filter(**{f"{name}_sound__{lookup}": part.sound}) for name in ("family", "given")]
    return [_hide_protected(user, names).order_by().values("person_id") for names in ranges]


# Thresholds that choose how a name search reads a list (see person_filter_by_name;
# measured in bench/RESULTS.md): matching name rows, and index entries of the rarest
# word, as PostgreSQL estimates them.
RARE_MATCHES = 1_000
UNCOMMON_MATCHES = 10_000
SET_BUILDING_LIMIT = 150_000


def person_filter_by_name(
    user: User, people: QuerySet, query: str, *, person_field: str = "pk"
) -> QuerySet:
    """Narrow any queryset that leads to a person (`person_field`) to the people whose
    names or, for protected people, pseudonyms match `query`.

    Lists are read newest first, a page at a time. How best to find a page depends on how
    common the name is, which PostgreSQL's planner estimates well but, left to itself,
    turns into plans that read the whole table at a million rows (bench/RESULTS.md). So,
    on PostgreSQL, one EXPLAIN of the name match (planning it, not running it) chooses
    one of three forms of the same filter:
    - rare: the ids of the people found are gathered first, and the rows are then read
      through the index on `person_field`;
    - uncommon: the rows are read newest first and looked up in the set of the people
      found, built once;
    - common: the rows are read newest first and each is checked against the names;
      matches come every few rows, so a page is found long before a set of hundreds of
      thousands of people would be built.
    The first two find the people through the index ranges of the rarest part of each
    reading of the query, without reading the names table (`_people_by_name`). Elsewhere (SQLite, for small
    installations) the last form is always used. The rows found are the same whatever
    the form."""
    found = readings(query)
    if not found:
        return people
    pseudonymous = Person.objects.filter(is_protected=True, pseudonym__icontains=query.strip())
    estimate, ranges = _estimates(_names_read_as(found))
    if estimate is not None:

        def cost(part: Part) -> float:
            return ranges.get(part.spelling, math.inf) + ranges.get(part.sound, math.inf)

        def rarest(reading: Reading) -> int:
            return min(range(len(reading)), key=lambda i: (cost(reading[i]), i))

        # Each reading is found through the index ranges of its rarest part.
        drives = [rarest(reading) for reading in found]
        first, *others = [
            ids
            for reading, drive in zip(found, drives, strict=True)
            for ids in _people_by_name(user, reading, drive)
        ]
        widest = max(cost(r[d]) for r, d in zip(found, drives, strict=True))
        by_pseudonym = pseudonymous.order_by().values("pk")
        if estimate <= RARE_MATCHES:
            # The planner, having no estimate for the array of the few found, reads the
            # rows through the index.
            found_ids = first.union(*others, by_pseudonym, all=True)
            return people.filter(ProbedIn(person_field, found_ids))
        if estimate <= UNCOMMON_MATCHES and widest <= SET_BUILDING_LIMIT:
            # Two sets in an OR: PostgreSQL hashes each once (a semi-join it would not).
            named = first.union(*others, all=True)
            return people.filter(
                Q(**{f"{person_field}__in": named}) | Q(**{f"{person_field}__in": by_pseudonym})
            )
    names = people_matching_name(user, query)
    pseudonym_matches = Q(**{f"{_prefix(person_field)}is_protected": True}) & Q(
        **{f"{_prefix(person_field)}pseudonym__icontains": query.strip()}
    )
    return people.filter(Exists(names.filter(person_id=OuterRef(person_field))) | pseudonym_matches)


_RANGE_START = re.compile(r"~>=~ '((?:[^']|'')*)'")


def _estimates(queryset: QuerySet[PersonName]) -> tuple[float | None, dict[str, float]]:
    """PostgreSQL's estimates for a name match: its rows, and for each key the index
    entries its range covers (None and {} elsewhere). The cost of planning the query, not
    of running it: about a millisecond."""
    plan = postgresql_plan(queryset)
    if plan is None:
        return None, {}
    ranges: dict[str, float] = {}

    def walk(node: dict) -> None:
        found = _RANGE_START.search(node.get("Index Cond", ""))
        if found:
            key = found.group(1).replace("''", "'")
            ranges[key] = ranges.get(key, 0.0) + node["Plan Rows"]
        for child in node.get("Plans", []):
            walk(child)

    walk(plan)
    return float(plan["Plan Rows"]), ranges


def _prefix(person_field: str) -> str:
    return "" if person_field == "pk" else f"{person_field.removesuffix('_id')}__"


def person_get_for_user(user: User, pk: int) -> Person:
    """The person's record for their detail page; the read is audited."""
    policy.require_right(user, Right.VIEW_PEOPLE)
    person = get_object_or_404(
        policy.people_in_scope(
            user, Person.objects.select_related("village__commune__district__province")
        ),
        pk=pk,
    )
    audit_record(actor=user, action=AuditAction.VIEW, obj=person)
    return person


def person_for_filing(user: User, pk: int) -> Person:
    """A registered person a new form is filed for: only one within the user's scope, and
    not merged into another record (else 404)."""
    return get_object_or_404(
        policy.people_in_scope(user, Person.objects.filter(archived_at__isnull=True)), pk=pk
    )


def relatives_named_by(user: User, person: Person) -> QuerySet[Kinship]:
    """The relatives the person named in their forms. Family links come from the forms: a
    partner organisation, which sees nothing of the applications, does not see who the
    person named in them."""
    if not policy.has_right(user, Right.VIEW_APPLICATIONS):
        return Kinship.objects.none()
    return Kinship.objects.filter(person=person).select_related("relative")


def named_as_relative_by(user: User, person: Person) -> QuerySet[Kinship]:
    """Those who named the person as a relative. They did so in their own forms: outside
    the user's scope, their name and record are not to be shown."""
    return Kinship.objects.filter(
        relative=person,
        person__in=policy.people_in_scope(user, Person.objects.all()).values("pk"),
    ).select_related("person")


# What an audit entry may reveal of a protected person: their names, where they live,
# how to reach them.
PERSON_IDENTITY_FIELDS = frozenset(
    {
        "family_name_km",
        "given_name_km",
        "family_name_latin",
        "given_name_latin",
        "aliases",
        "birth_date",
        # Year, sex and ethnicity narrow a village's list down to one person.
        "birth_year",
        "birth_year_margin",
        "sex",
        "ethnicity",
        "village",
        "phone",
        # Among the Khmer speakers of a village, one written to in French stands out.
        "preferred_language",
    }
)


def protected_people_among(ids: Collection[str]) -> set[str]:
    """Which of these person ids (as the audit log keeps them) are protected now."""
    protected = Person.objects.filter(pk__in=ids, is_protected=True).values_list("pk", flat=True)
    return {str(pk) for pk in protected}

"""Duplicate review: which proposed pairs and merges a reviewer may look at.

A pair sets two records side by side as possibly one person, with the fields they agree
on. Beside a protected person's pseudonym, the other record's name and "Family name:
same" name the person: a pair is reviewed only by whoever may see the identity of both
records, and is not even listed for anyone else."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db.models import Model, Q, QuerySet

from .identity import protected_people_known_to
from .rights import Right
from .roles import has_right

if TYPE_CHECKING:
    from vss.accounts.models import User
    from vss.matching.models import MatchCandidate, PersonMerge

M = TypeVar("M", bound=Model)


def _both_identities_seen(user: User, records: QuerySet[M], *fields: str) -> QuerySet[M]:
    """The records whose people in `fields` all have identities the user may see."""
    if has_right(user, Right.SEE_PROTECTED_IDENTITIES):
        return records
    # The hidden people as a subquery over the few protected ones (a partial index), not
    # a join of every record to its people: at a million people the join read them all.
    from vss.people.models import Person

    hidden_people = (
        Person.objects.filter(is_protected=True)
        .exclude(pk__in=protected_people_known_to(user))
        .values("pk")
    )
    hidden = Q()
    for field in fields:
        hidden |= Q(**{f"{field}_id__in": hidden_people})
    return records.exclude(hidden)


def duplicate_pairs_in_scope(
    user: User, candidates: QuerySet[MatchCandidate]
) -> QuerySet[MatchCandidate]:
    if not has_right(user, Right.REVIEW_DUPLICATES):
        return candidates.none()
    return _both_identities_seen(user, candidates, "person_a", "person_b")


def person_merges_in_scope(user: User, merges: QuerySet[PersonMerge]) -> QuerySet[PersonMerge]:
    """A merge shows the two records as one person, as a pair does."""
    if not has_right(user, Right.REVIEW_DUPLICATES):
        return merges.none()
    return _both_identities_seen(user, merges, "survivor", "merged")

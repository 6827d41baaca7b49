"""Duplicate review: which proposed pairs and merges a reviewer may look at.

A pair sets two records side by side as possibly one person, with the fields they agree
on. Beside a protected person's pseudonym, the other record's name and "Family name:
same" name the person: a pair is reviewed only by whoever may see the identity of both
records, and is not even listed for anyone else."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db.models import Model, Q, QuerySet

from vss.core.queries import ProbedIn

from .identity import protected_people_known_to
from .rights import Right
from .roles import has_right

if TYPE_CHECKING:
    from vss.accounts.models import User
    from vss.matching.models import MatchCandidate, PersonMerge

M = TypeVar("M", bound=Model)


def _people_hidden_from(user: User) -> QuerySet | None:
    """The people whose identities the user may not see, as a subquery over the few
    protected ones (a partial index); None when the user sees every identity."""
    if has_right(user, Right.SEE_PROTECTED_IDENTITIES):
        return None
    from vss.people.models import Person

    return (
        Person.objects.filter(is_protected=True)
        .exclude(pk__in=protected_people_known_to(user))
        .values("pk")
    )


def _both_identities_seen(user: User, records: QuerySet[M], *fields: str) -> QuerySet[M]:
    """The records whose people in `fields` all have identities the user may see."""
    hidden_people = _people_hidden_from(user)
    if hidden_people is None:
        return records
    # Not a join of every record to its people: at a million people the join read them all.
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


def duplicate_pairs_hidden_from(
    user: User, candidates: QuerySet[MatchCandidate]
) -> QuerySet[MatchCandidate]:
    """The pairs `duplicate_pairs_in_scope` leaves out, found from the hidden people by
    index: a count of the few that a reviewer may not see, where counting those they may
    see read every pair of a run."""
    if not has_right(user, Right.REVIEW_DUPLICATES):
        return candidates
    hidden_people = _people_hidden_from(user)
    if hidden_people is None:
        return candidates.none()
    return candidates.filter(
        Q(ProbedIn("person_a_id", hidden_people)) | Q(ProbedIn("person_b_id", hidden_people))
    )


def person_merges_in_scope(user: User, merges: QuerySet[PersonMerge]) -> QuerySet[PersonMerge]:
    """A merge shows the two records as one person, as a pair does."""
    if not has_right(user, Right.REVIEW_DUPLICATES):
        return merges.none()
    return _both_identities_seen(user, merges, "survivor", "merged")

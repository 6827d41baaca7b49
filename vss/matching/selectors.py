from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from vss import policy
from vss.accounts.models import User
from vss.applications.models import Application
from vss.audit.models import AuditAction
from vss.audit.services import audit_record
from vss.people.models import Person, PersonName
from vss.policy import Right

from .models import CandidateStatus, MatchCandidate, MatchRun, PersonMerge


def open_candidates_for_user(user: User) -> QuerySet[MatchCandidate]:
    policy.require_right(user, Right.REVIEW_DUPLICATES)
    return (
        MatchCandidate.objects.filter(status=CandidateStatus.OPEN)
        .select_related("person_a", "person_b")
        .order_by("-probability", "id")
    )


def latest_run() -> MatchRun | None:
    return MatchRun.objects.select_related("started_by").first()


def run_get_for_user(user: User, pk: int) -> MatchRun:
    policy.require_right(user, Right.REVIEW_DUPLICATES)
    return get_object_or_404(MatchRun.objects.select_related("started_by"), pk=pk)


def _people_for_review(ids: list[int]) -> list[Person]:
    people = (
        Person.objects.filter(pk__in=ids)
        .select_related("village__commune__district__province")
        .prefetch_related(
            Prefetch("names", queryset=PersonName.objects.order_by("is_alias", "script", "id")),
            Prefetch(
                "applications", queryset=Application.objects.select_related("case").order_by("id")
            ),
        )
    )
    by_id = {p.pk: p for p in people}
    return [by_id[pk] for pk in ids if pk in by_id]


def candidate_get_for_user(user: User, pk: int) -> tuple[MatchCandidate, list[Person]]:
    """A proposed pair with every record of its group, side by side; reading them is
    reading each person's record, so each read is audited."""
    policy.require_right(user, Right.REVIEW_DUPLICATES)
    candidate = get_object_or_404(MatchCandidate.objects.select_related("run"), pk=pk)
    group = MatchCandidate.objects.filter(
        run_id=candidate.run_id, cluster=candidate.cluster, status=CandidateStatus.OPEN
    ).values_list("person_a_id", "person_b_id")
    ids = [candidate.person_a_id, candidate.person_b_id]
    for a, b in group:
        for pk_ in (a, b):
            if pk_ not in ids:
                ids.append(pk_)
    people = _people_for_review(ids)
    for person in people:
        audit_record(actor=user, action=AuditAction.VIEW, obj=person, label=f"person {person.pk}")
    return candidate, people


def merge_get_for_user(user: User, pk: int) -> PersonMerge:
    policy.require_right(user, Right.REVIEW_DUPLICATES)
    merge = get_object_or_404(
        PersonMerge.objects.select_related("survivor", "merged", "merged_by", "undone_by"), pk=pk
    )
    return merge


def merges_for_user(user: User) -> QuerySet[PersonMerge]:
    policy.require_right(user, Right.REVIEW_DUPLICATES)
    return PersonMerge.objects.select_related("survivor", "merged", "merged_by")

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from vss import policy
from vss.accounts.models import User
from vss.applications.models import Application, Channel, Status, VictimInformationForm
from vss.audit.labels import audit_label
from vss.audit.models import AuditAction
from vss.audit.services import audit_read, audit_record
from vss.core.counting import ResultCount, choose_count, planner_estimate
from vss.people.models import Person, PersonName
from vss.policy import Right

from .audit_labels import (
    APPLICANT_CHECK,
    APPLICANT_CHECK_HELD,
    DUPLICATES_QUEUE,
    LIVE_CHECK,
    LIVE_CHECK_HELD,
)
from .batch import person_record
from .engine.records import PersonRecord
from .live import LiveMatch, live_matches
from .models import CandidateStatus, DifferentPeople, MatchCandidate, MatchRun, PersonMerge


def open_candidates_for_user(user: User) -> QuerySet[MatchCandidate]:
    """The pairs waiting for review, without those the user may not review (a protected
    person's identity the user may not see)."""
    policy.require_right(user, Right.REVIEW_DUPLICATES)
    return (
        policy.duplicate_pairs_in_scope(
            user, MatchCandidate.objects.filter(status=CandidateStatus.OPEN)
        )
        .select_related("person_a", "person_b")
        .order_by("-probability", "id")
    )


def open_pair_count_for_user(user: User) -> ResultCount:
    """How many pairs wait for the user, for the queue's pager. The query of the queue
    leaves out the pairs the user may not review, which makes PostgreSQL read every open
    pair to count it. Those pairs are few (protected people are), so a queue the planner
    expects to be large is estimated as a whole: rounded to two figures, the estimate is
    the same with or without them, and is the same for every reader, so it tells no one
    that a pair is hidden. A smaller queue is counted, less the hidden pairs found by
    index (`pairs_proposed_for_user` does the same)."""
    open_pairs = MatchCandidate.objects.filter(status=CandidateStatus.OPEN).order_by()
    return choose_count(
        planner_estimate(open_pairs),
        lambda: open_pairs.count() - policy.duplicate_pairs_hidden_from(user, open_pairs).count(),
    )


def pairs_proposed_for_user(user: User, run: MatchRun) -> int:
    """How many pairs the run proposed, leaving out those the user may not review: a
    count that drops when a pair is hidden would otherwise tell that one is."""
    hidden = policy.duplicate_pairs_hidden_from(user, MatchCandidate.objects.filter(run=run))
    return max(run.proposed_pairs - hidden.count(), 0)


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
    candidate = get_object_or_404(
        policy.duplicate_pairs_in_scope(user, MatchCandidate.objects.select_related("run")),
        pk=pk,
    )
    group = policy.duplicate_pairs_in_scope(
        user,
        MatchCandidate.objects.filter(
            run_id=candidate.run_id, cluster=candidate.cluster, status=CandidateStatus.OPEN
        ),
    ).values_list("person_a_id", "person_b_id")
    ids = [candidate.person_a_id, candidate.person_b_id]
    for a, b in group:
        for pk_ in (a, b):
            if pk_ not in ids:
                ids.append(pk_)
    people = _people_for_review(ids)
    for person in people:
        audit_record(actor=user, action=AuditAction.VIEW, obj=person)
    return candidate, people


def merge_get_for_user(user: User, pk: int) -> PersonMerge:
    policy.require_right(user, Right.REVIEW_DUPLICATES)
    return get_object_or_404(
        policy.person_merges_in_scope(
            user,
            PersonMerge.objects.select_related("survivor", "merged", "merged_by", "undone_by"),
        ),
        pk=pk,
    )


def merges_for_user(user: User) -> QuerySet[PersonMerge]:
    policy.require_right(user, Right.REVIEW_DUPLICATES)
    return policy.person_merges_in_scope(user, PersonMerge.objects.all()).select_related(
        "survivor", "merged", "merged_by"
    )


def queue_read(user: User, *, pairs: int, merges: int) -> None:
    """The queue names the people of its pairs and of the latest merges: audited as one
    read, with how many of each were shown."""
    audit_read(
        actor=user,
        object_type="matching.matchcandidate",
        label=audit_label(DUPLICATES_QUEUE),
        asked={"merges": merges},
        shown=pairs,
    )


def merge_page_for_user(user: User, pk: int) -> PersonMerge:
    """A merge's page names both people: a read of the merge, audited."""
    done = merge_get_for_user(user, pk)
    audit_record(actor=user, action=AuditAction.VIEW, obj=done)
    return done


@dataclass
class LiveCheck:
    matches: list[LiveMatch]
    # A record the user may not see the identity of matches: saying which, or even its
    # pseudonym beside the typed name, would turn a name into a pseudonym.
    needs_legal_check: bool


def _withholding_protected(user: User, found: list[LiveMatch]) -> LiveCheck:
    shown = [match for match in found if policy.can_see_identity(user, match.person)]
    return LiveCheck(matches=shown, needs_legal_check=len(shown) < len(found))


def live_check_for_user(user: User, probe: PersonRecord) -> LiveCheck:
    """The possible existing records of a person being typed, without those whose identity
    the user may not see; that one of those matched is only said, never which. Every
    check is audited: what was typed and how many records were shown."""
    check = _withholding_protected(user, live_matches(user, probe))
    names = (
        " ".join(filter(None, (probe.family_name, probe.given_name))),
        " ".join(filter(None, (probe.family_name_km, probe.given_name_km))),
    )
    typed = {"sex": probe.sex, "birth_year": probe.birth_year, "village": probe.village_code}
    # Who typed what and how many records were shown, never which: the log is read by
    # those without the identity right too, so a withheld match is only said to exist.
    audit_read(
        actor=user,
        object_type="people.person",
        label=audit_label(LIVE_CHECK_HELD if check.needs_legal_check else LIVE_CHECK),
        searched=" / ".join(filter(None, names)),
        asked={name: value for name, value in typed.items() if value not in ("", None)},
        shown=len(check.matches),
        action=AuditAction.SEARCH,
    )
    return check


# Before screening, a duplicate is still one application to set right, not a decision.
NOT_YET_SCREENED = frozenset({Status.DRAFT, Status.RECEIVED, Status.INCOMPLETE})


def typed_outside_the_section(form: VictimInformationForm) -> bool:
    """A form nobody at the Section typed, so nobody saw the live check: one the public
    site recorded, or one an intermediary entered itself (its device, its own account). A
    paper form an officer typed saw the check, whatever channel it came through."""
    if form.channel == Channel.ONLINE:
        return form.created_by.is_service
    if form.channel == Channel.INTERMEDIARY:
        return form.entered_by_organisation_id is not None
    return False


def applicant_unchecked(application: Application) -> bool:
    return application.status in NOT_YET_SCREENED and typed_outside_the_section(application.form)


def applicant_matches_for_user(user: User, application: Application) -> LiveCheck:
    """The existing people the applicant of a form typed outside the Section may be, as
    the live check would have shown them to the user typing it: never the applicant, nor
    a person a reviewer found to be someone else; a match whose identity the user may not
    see only counted. The read is audited as the application's, with how many were shown
    and never the applicant's name (which may be protected)."""
    policy.require_right(user, Right.ENTER_FORMS)
    applicant = application.applicant
    decided = DifferentPeople.objects.filter(
        Q(person_a=applicant) | Q(person_b=applicant)
    ).values_list("person_a_id", "person_b_id")
    leaving_out = {applicant.pk, *(pk for pair in decided for pk in pair)}
    check = _withholding_protected(
        user, live_matches(user, person_record(applicant), leaving_out=leaving_out)
    )
    audit_read(
        actor=user,
        obj=application,
        object_type="applications.application",
        label=audit_label(APPLICANT_CHECK_HELD if check.needs_legal_check else APPLICANT_CHECK),
        shown=len(check.matches),
        action=AuditAction.SEARCH,
    )
    return check

"""Decisions on possible duplicates: merge two records into one person (and undo it,
exactly), or record that they are different people. Each runs in one transaction with its
audit entries."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vss import policy
from vss.accounts.models import User
from vss.applications.models import Application, Status
from vss.audit.labels import audit_label
from vss.audit.models import AuditAction
from vss.audit.services import audit_record
from vss.people import merging
from vss.people.audit_labels import PEOPLE_PAIR
from vss.people.models import Kinship, Person, PersonName
from vss.policy import Right

from .audit_labels import DIFFERENT_PEOPLE
from .models import CandidateStatus, DifferentPeople, MatchCandidate, MatchRun, PersonMerge
from .tasks import run_matching


def _ordered(a: Person, b: Person) -> tuple[int, int]:
    return (a.pk, b.pk) if a.pk < b.pk else (b.pk, a.pk)


def _person_column(rows: merging.MovedRows) -> str:
    field = rows.model._meta.get_field(rows.field)
    assert isinstance(field, models.ForeignKey)
    return field.attname


def _open_candidates(*people: Person) -> list[MatchCandidate]:
    ids = [p.pk for p in people]
    return list(
        MatchCandidate.objects.select_for_update()
        .filter(Q(person_a_id__in=ids) | Q(person_b_id__in=ids), status=CandidateStatus.OPEN)
        .order_by("pk")
    )


@transaction.atomic
def run_request(*, actor: User) -> MatchRun:
    """Ask for a matching run over the whole registry; a background worker takes it."""
    policy.require_right(actor, Right.RUN_MATCHING)
    if MatchRun.objects.filter(status__in=["queued", "running"]).exists():
        raise ValidationError(_("A matching run is already under way."))
    run = MatchRun.objects.create(started_by=actor)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=run)
    transaction.on_commit(lambda: run_matching.enqueue(run_id=run.pk))
    return run


@transaction.atomic
def people_mark_different(
    *,
    actor: User,
    person_a: Person,
    person_b: Person,
    reason: str,
    candidate: MatchCandidate | None = None,
) -> DifferentPeople:
    """Record that two records are different people. The decision keeps the pair from
    ever being proposed again, so it must say why: an unexplained decision cannot be
    reviewed when the pair turns out to be one person after all."""
    policy.require_right(actor, Right.DECIDE_DUPLICATES)
    if not reason.strip():
        raise ValidationError(_("Give the reason why these are different people."))
    low, high = _ordered(person_a, person_b)
    if low == high:
        raise ValidationError(_("A person cannot be different from themselves."))
    decision, created = DifferentPeople.objects.get_or_create(
        person_a_id=low, person_b_id=high, defaults={"decided_by": actor, "reason": reason.strip()}
    )
    closed = MatchCandidate.objects.filter(
        person_a_id=low, person_b_id=high, status=CandidateStatus.OPEN
    ).update(status=CandidateStatus.DIFFERENT)
    if created:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=decision,
            label=audit_label(PEOPLE_PAIR, first=low, second=high),
            changes={
                "decision": {"old": None, "new": DIFFERENT_PEOPLE},
                "reason": {"old": None, "new": decision.reason},
                "candidates_closed": {"old": 0, "new": closed},
            },
        )
    return decision


def _merge_blockers(survivor: Person, merged: Person) -> list[str]:
    cases = (
        Application.objects.filter(applicant=survivor)
        .exclude(status=Status.WITHDRAWN)
        .values_list("case_id", flat=True)
    )
    clashes = (
        Application.objects.filter(applicant=merged, case_id__in=cases)
        .exclude(status=Status.WITHDRAWN)
        .select_related("case")
    )
    return [
        _(
            "Both records have an application in %(case)s (%(number)s): withdraw the duplicate "
            "filing first, giving this merge as the reason."
        )
        % {"case": clash.case, "number": clash.vss_number or _("draft")}
        for clash in clashes
    ]


@transaction.atomic
def persons_merge(
    *,
    actor: User,
    survivor: Person,
    merged: Person,
    reason: str,
    candidate: MatchCandidate | None = None,
) -> PersonMerge:
    """Fold `merged` into `survivor`: the survivor takes every kinship, name (as other
    spellings) and the rows the apps registered as following a person (forms,
    applications, harms naming them, conflicts of interest, support consents and
    referrals, logged contacts, ...); `merged` is archived, not deleted."""
    policy.require_right(actor, Right.DECIDE_DUPLICATES)
    # Folding one person's records into another's is a decision someone must be able to
    # account for (and undo): it names its reason.
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason why these are the same person.")})
    locked = {
        p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[survivor.pk, merged.pk])
    }
    survivor, merged = locked[survivor.pk], locked[merged.pk]
    if survivor.pk == merged.pk:
        raise ValidationError(_("A person cannot be merged with themselves."))
    if survivor.archived_at or merged.archived_at:
        raise ValidationError(_("One of these records is archived (perhaps merged already)."))
    blockers = _merge_blockers(survivor, merged)
    if blockers:
        raise ValidationError(blockers)

    moved: dict[str, object] = {}
    # What the apps record about a person follows them to the record kept: a conflict of
    # interest declared on either record must stop a mandate for the one kept; support
    # and the contact log belong on the page staff and partners open.
    for rows in merging.moved_rows():
        manager, column = rows.model._default_manager, _person_column(rows)
        pks = list(manager.filter(**{column: merged.pk}).values_list("pk", flat=True))
        manager.filter(pk__in=pks).update(**{column: survivor.pk})
        moved[rows.key] = pks

    # A kinship moves unless the survivor already has it, or it links the two records.
    survivor_relatives = set(
        Kinship.objects.filter(person=survivor).values_list("relative_id", flat=True)
    )
    as_person = [
        k.pk
        for k in Kinship.objects.filter(person=merged)
        if k.relative_id != survivor.pk and k.relative_id not in survivor_relatives
    ]
    Kinship.objects.filter(pk__in=as_person).update(person=survivor)
    survivor_people = set(
        Kinship.objects.filter(relative=survivor).values_list("person_id", flat=True)
    )
    as_relative = [
        k.pk
        for k in Kinship.objects.filter(relative=merged)
        if k.person_id != survivor.pk and k.person_id not in survivor_people
    ]
    Kinship.objects.filter(pk__in=as_relative).update(relative=survivor)
    moved["kinships_as_person"] = as_person
    moved["kinships_as_relative"] = as_relative
    for rule in merging.merge_rules():
        moved[rule.key] = rule.merge(actor, survivor.pk, merged.pk)

    names = list(PersonName.objects.filter(person=merged).values_list("pk", "is_alias"))
    PersonName.objects.filter(pk__in=[pk for pk, _alias in names]).update(
        person=survivor, is_alias=True
    )
    moved["names"] = [[pk, alias] for pk, alias in names]

    candidates = _open_candidates(merged)
    for c in candidates:
        c.status = CandidateStatus.MERGED if c == candidate else CandidateStatus.SUPERSEDED
    MatchCandidate.objects.bulk_update(candidates, ["status"])
    moved["candidates"] = [c.pk for c in candidates]

    merged.archived_at = timezone.now()
    merged.archived_by = actor
    merged.archive_reason = _("Merged into person %(id)s.") % {"id": survivor.pk}
    merged.save(update_fields=["archived_at", "archived_by", "archive_reason"])

    # A protected identity stays protected: the person kept takes the protection (and
    # pseudonym) of the record folded in, and gives it back on an unmerge. Taken once
    # the record is archived: a pseudonym is held by one record in use at a time.
    moved["protection"] = [survivor.is_protected, survivor.pseudonym]
    if merged.is_protected and not survivor.is_protected:
        survivor.is_protected, survivor.pseudonym = True, merged.pseudonym
        survivor.save(update_fields=["is_protected", "pseudonym"])

    merge = PersonMerge.objects.create(
        survivor=survivor,
        merged=merged,
        merged_by=actor,
        reason=reason.strip(),
        candidate=candidate,
        moved=moved,
    )
    summary = {key: len(value) for key, value in moved.items() if isinstance(value, list)}
    audit_record(
        actor=actor,
        action=AuditAction.MERGE,
        obj=merged,
        changes={
            "merged_into": {"old": None, "new": survivor.pk},
            "moved": {"old": None, "new": summary},
        },
    )
    audit_record(
        actor=actor,
        action=AuditAction.MERGE,
        obj=survivor,
        changes={
            "received_from": {"old": None, "new": merged.pk},
            "moved": {"old": None, "new": summary},
        },
    )
    return merge


def _protection_give_back(survivor_id: int, merged_id: int, moved: dict) -> bool:
    """The protection (and pseudonym) the person kept took from the record folded in
    goes back with it. Protection it had of its own, or was given since under another
    pseudonym, stays."""
    was_protected, was_pseudonym = moved.get("protection", [True, ""])
    if was_protected:
        return False
    taken = (
        Person.objects.filter(pk=merged_id, is_protected=True)
        .values_list("pseudonym", flat=True)
        .first()
    )
    if not taken:
        return False
    return bool(
        Person.objects.filter(pk=survivor_id, is_protected=True, pseudonym=taken).update(
            is_protected=False, pseudonym=was_pseudonym
        )
    )


@transaction.atomic
def persons_unmerge(*, actor: User, merge: PersonMerge, reason: str) -> PersonMerge:
    """Put back exactly what the merge moved, and bring the merged record back."""
    policy.require_right(actor, Right.DECIDE_DUPLICATES)
    merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise ValidationError(_("This merge has already been undone."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the merge is undone.")})
    survivor_id, merged_id = merge.survivor_id, merge.merged_id
    moved = merge.moved
    # What was made on the person kept since the merge, resting on what goes back (a
    # referral on a consent of the record folded in), goes back with it. Found before
    # anything moves back, as the merge left them.
    followers: dict[str, list[int]] = {}
    going_back: dict[str, set[int]] = {}
    for rows in merging.moved_rows():
        # A merge made before a table was registered has no key for it: nothing of that
        # table was moved, so nothing goes back.
        going_back[rows.key] = set(moved.get(rows.key, []))
        if rows.followers is not None:
            following = rows.followers.rows(survivor_id, moved) - going_back[rows.key]
            going_back[rows.key] |= following
            if following:
                followers[rows.followers.audit_key] = sorted(following)
    for rows in merging.moved_rows():
        column = _person_column(rows)
        rows.model._default_manager.filter(
            pk__in=going_back[rows.key], **{column: survivor_id}
        ).update(**{column: merged_id})
    Kinship.objects.filter(pk__in=moved["kinships_as_person"], person_id=survivor_id).update(
        person_id=merged_id
    )
    Kinship.objects.filter(pk__in=moved["kinships_as_relative"], relative_id=survivor_id).update(
        relative_id=merged_id
    )
    for pk, was_alias in moved["names"]:
        PersonName.objects.filter(pk=pk, person_id=survivor_id).update(
            person_id=merged_id, is_alias=was_alias
        )
    for rule in merging.merge_rules():
        rule.unmerge(actor, survivor_id, merged_id, moved.get(rule.key, []))
    protection_given_back = _protection_give_back(survivor_id, merged_id, moved)
    MatchCandidate.objects.filter(pk__in=moved["candidates"]).update(status=CandidateStatus.OPEN)
    Person.objects.filter(pk=merged_id).update(
        archived_at=None, archived_by=None, archive_reason=""
    )

    merge.undone_at = timezone.now()
    merge.undone_by = actor
    merge.undo_reason = reason.strip()
    merge.save(update_fields=["undone_at", "undone_by", "undo_reason"])
    for person_id, role in ((merged_id, "separated_from"), (survivor_id, "gave_back_to")):
        other = survivor_id if person_id == merged_id else merged_id
        audit_record(
            actor=actor,
            action=AuditAction.UNMERGE,
            object_type="people.person",
            object_id=str(person_id),
            changes={
                role: {"old": None, "new": other},
                "reason": {"old": None, "new": reason.strip()},
                **{key: {"old": None, "new": pks} for key, pks in followers.items()},
                **(
                    {"protected_identity": {"old": True, "new": False}}
                    if protection_given_back and person_id == survivor_id
                    else {}
                ),
            },
        )
    return merge

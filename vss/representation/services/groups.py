"""Civil Party groups (Rule 23ter) and the grouping tool that moves many Civil Parties at
once into a group under a common lawyer. Every write runs in one transaction with its
audit entries; the grouping tool writes in bulk, so moving 3,000 people costs the same
statements as moving 30."""

import hashlib
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vss import policy
from vss.accounts.models import Organisation, User
from vss.applications.models import Application, ApplicationKind
from vss.applications.workflow import CIVIL_PARTIES
from vss.audit.models import AuditAction
from vss.audit.services import (
    audit_entry,
    audit_record,
    audit_record_all,
    audited_update,
    check_version,
    diff,
    snapshot,
)
from vss.geo.models import CrimeSite, Province
from vss.people.models import Person
from vss.policy import Right
from vss.proceedings.models import Case

from ..models import (
    CivilPartyGroup,
    GroupBasis,
    GroupMembership,
    Lawyer,
    LawyerStatus,
    Representation,
)
from ..selectors.conflicts import conflicts_with
from .notifications import notify_lawyers_of_ended_mandates, notify_lawyers_of_new_clients

AUDITED_GROUP_FIELDS = [
    "name",
    "basis",
    "legal_team",
    "crime_site",
    "intermediary",
    "province",
    "lawyer",
]


# What the grouping tool's moves record about the people moved: a stale edit's refusal
# names these without their values (person ids and a reason about them).
_GROUPING_DETAILS = frozenset({"conflicts_overridden", "conflict_override_reason"})


def _check_lawyer(lawyer: Lawyer | None) -> None:
    if lawyer is not None and lawyer.status != LawyerStatus.RECOGNISED:
        raise ValidationError(
            {"lawyer": _("Only a lawyer on the list may be given Civil Parties.")}
        )


def _check_name_free(case: Case, name: str, exclude_pk: int | None = None) -> None:
    taken = CivilPartyGroup.objects.filter(case=case, name=name)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError({"name": _("This case already has a group of that name.")})


@transaction.atomic
def group_create(
    *,
    actor: User,
    case: Case,
    name: str,
    basis: str,
    legal_team: str = "",
    crime_site: CrimeSite | None = None,
    intermediary: Organisation | None = None,
    province: Province | None = None,
    lawyer: Lawyer | None = None,
) -> CivilPartyGroup:
    policy.require_right(actor, Right.MANAGE_REPRESENTATION)
    required = {
        GroupBasis.LEGAL_TEAM: ("legal_team", legal_team),
        GroupBasis.CRIME_SITE: ("crime_site", crime_site),
        GroupBasis.INTERMEDIARY: ("intermediary", intermediary),
        GroupBasis.PROVINCE: ("province", province),
    }.get(GroupBasis(basis))
    if required is not None and not required[1]:
        raise ValidationError({required[0]: _("Name what the group is formed by.")})
    _check_lawyer(lawyer)
    _check_name_free(case, name)
    group = CivilPartyGroup.objects.create(
        case=case,
        name=name,
        basis=basis,
        legal_team=legal_team,
        crime_site=crime_site,
        intermediary=intermediary,
        province=province,
        lawyer=lawyer,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=group,
        label=case.number,
        changes=diff({}, snapshot(group, AUDITED_GROUP_FIELDS)),
    )
    return group


@transaction.atomic
def group_update(
    *,
    actor: User,
    group: CivilPartyGroup,
    name: str,
    lawyer: Lawyer | None,
    expected_version: int | None = None,
) -> CivilPartyGroup:
    """Renames the group or changes its common lawyer. The mandates of its members are
    not touched: moving them to the new lawyer is the grouping tool's work, with its
    preview and its conflict checks. `expected_version` is the group's version when the
    form was opened: a save over a later one (an edit, a move by the grouping tool) is
    refused (`StaleEdit`)."""
    policy.require_right(actor, Right.MANAGE_REPRESENTATION)
    group = CivilPartyGroup.objects.select_for_update().select_related("case").get(pk=group.pk)
    check_version(group, expected_version, hidden=_GROUPING_DETAILS)
    if group.archived_at is not None:
        raise ValidationError(_("An archived group cannot be changed."))
    if lawyer is not None and lawyer.pk != group.lawyer_id:
        _check_lawyer(lawyer)
    _check_name_free(group.case, name, exclude_pk=group.pk)
    audited_update(
        group,
        actor=actor,
        values={"name": name, "lawyer": lawyer},
        label=group.case.number,
        expected_version=expected_version,
    )
    return group


@transaction.atomic
def group_archive(*, actor: User, group: CivilPartyGroup, reason: str) -> CivilPartyGroup:
    """Archives a group no longer used. Its members keep their history; a group that still
    has members must be emptied first, so that no Civil Party is left in a closed group."""
    policy.require_right(actor, Right.MANAGE_REPRESENTATION)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the group is archived.")})
    if group.archived_at is not None:
        raise ValidationError(_("This group is already archived."))
    if group.memberships.filter(ended_on__isnull=True).exists():
        raise ValidationError(
            _("The group still has members: move them to another group before archiving it.")
        )
    group.archived_at = timezone.now()
    group.archived_by = actor
    group.archive_reason = reason
    group.save(update_fields=["archived_at", "archived_by", "archive_reason"])
    audit_record(
        actor=actor,
        action=AuditAction.ARCHIVE,
        obj=group,
        label=group.case.number,
        changes={"archive_reason": {"old": "", "new": reason}},
    )
    return group


# --- the grouping tool -------------------------------------------------------------------

# The ids travel as statement parameters: SQLite takes 32,766 per statement and
# PostgreSQL 65,535. The largest cases known (ECCC 002: about 3,900 Civil Parties; ICC
# cases: up to about 5,000) stay far below.
MAX_MOVED_AT_ONCE = 20_000

# Named when the tool lived in `grouping`: a new salt would refuse the previews signed
# under the old one.
_DIGEST_SALT = "vss.representation.grouping.selection"


def selection_digest(application_ids: list[int]) -> str:
    """A signed fingerprint of a previewed selection: the confirmation applies only if
    the selection is still exactly the one the user saw."""
    ids = sorted(application_ids)
    fingerprint = hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()
    return signing.dumps({"n": len(ids), "sha256": fingerprint}, salt=_DIGEST_SALT)


def selection_unchanged(digest: str, application_ids: list[int]) -> bool:
    try:
        previewed = signing.loads(digest, salt=_DIGEST_SALT)
    except signing.BadSignature:
        return False
    current = signing.loads(selection_digest(application_ids), salt=_DIGEST_SALT)
    return bool(previewed == current)


class ConflictsBlock(ValidationError):
    """The common lawyer has declared conflicts with some of the selected people."""

    def __init__(self, people: list[Person]) -> None:
        super().__init__(_("The lawyer has a declared conflict of interest with some of them."))
        self.people = people


@dataclass
class GroupingResult:
    moved: int
    new_mandates: int
    ended_mandates: int
    ended_memberships: int


@transaction.atomic
def group_assign(
    *,
    actor: User,
    group: CivilPartyGroup,
    lawyer: Lawyer,
    application_ids: list[int],
    end_other_mandates: bool = True,
    conflict_override_reason: str = "",
) -> GroupingResult:
    """Moves the applications into `group` under `lawyer`: their current memberships of
    other groups end, each gets a membership of this group and a mandate of this lawyer
    unless already current, and (unless told not to) their other lawyers' mandates end.
    All or nothing; the statements issued do not grow with the number moved."""
    policy.require_right(actor, Right.MANAGE_REPRESENTATION)
    if group.archived_at is not None:
        raise ValidationError(_("Civil Parties cannot be added to an archived group."))
    _check_lawyer(lawyer)
    if not application_ids:
        raise ValidationError(_("No Civil Party is selected."))
    ids = sorted(set(application_ids))
    if len(ids) > MAX_MOVED_AT_ONCE:
        raise ValidationError(
            _("At most %(max)s Civil Parties can be moved at once: narrow the selection.")
            % {"max": MAX_MOVED_AT_ONCE}
        )
    # Recorded values, never names: the audit log must not become a second place where
    # protected identities can be read.
    rows = list(Application.objects.filter(pk__in=ids).values_list("id", "case_id", "vss_number"))
    if len(rows) != len(ids) or any(case_id != group.case_id for _id, case_id, _n in rows):
        raise ValidationError(_("Only Civil Parties of the group's case can join it."))

    conflicted = conflicts_with(lawyer, ids)
    override_reason = conflict_override_reason.strip()
    if conflicted:
        if not policy.has_right(actor, Right.OVERRIDE_CONFLICT) or not override_reason:
            raise ConflictsBlock(conflicted)
    else:
        override_reason = ""
    conflicted_person_ids = {p.pk for p in conflicted}

    old_groups: dict[int, tuple[int, str]] = {
        app_id: (group_id, name)
        for app_id, group_id, name in GroupMembership.objects.filter(
            application_id__in=ids, ended_on__isnull=True
        ).values_list("application_id", "group_id", "group__name")
    }
    old_lawyers: dict[int, list[int]] = {}
    for app_id, lawyer_id in Representation.objects.filter(
        application_id__in=ids, ended_on__isnull=True
    ).values_list("application_id", "lawyer_id"):
        old_lawyers.setdefault(app_id, []).append(lawyer_id)
    applicant_of = dict(Application.objects.filter(pk__in=ids).values_list("id", "applicant_id"))

    today = timezone.localdate()
    ended_memberships = (
        GroupMembership.objects.filter(application_id__in=ids, ended_on__isnull=True)
        .exclude(group=group)
        .update(
            ended_on=today,
            end_reason=_("moved to group %(name)s") % {"name": group.name},
            ended_by=actor,
        )
    )
    GroupMembership.objects.bulk_create(
        GroupMembership(group=group, application_id=app_id, started_on=today, assigned_by=actor)
        for app_id in ids
        if old_groups.get(app_id, (None,))[0] != group.pk
    )
    ended_mandates = 0
    if end_other_mandates:
        ended_mandates = (
            Representation.objects.filter(application_id__in=ids, ended_on__isnull=True)
            .exclude(lawyer=lawyer)
            .update(
                ended_on=today,
                end_reason=_("reassigned with group %(name)s") % {"name": group.name},
                ended_by=actor,
            )
        )
    new_mandates = Representation.objects.bulk_create(
        Representation(
            application_id=app_id,
            lawyer=lawyer,
            started_on=today,
            created_by=actor,
            conflict_override_reason=(
                override_reason if applicant_of[app_id] in conflicted_person_ids else ""
            ),
        )
        for app_id in ids
        if lawyer.pk not in old_lawyers.get(app_id, [])
    )

    # The group's common lawyer is the one its members were just given. Its version moves
    # on, so that an edit of the group opened before cannot put back the old lawyer.
    group = CivilPartyGroup.objects.select_for_update().select_related("case").get(pk=group.pk)
    old_group_lawyer = group.lawyer_id
    old_version = group.version
    group.lawyer = lawyer
    group.version = old_version + 1
    group.save(update_fields=["lawyer", "version"])

    entries = []
    for app_id, _case_id, vss_number in rows:
        before_lawyers = sorted(old_lawyers.get(app_id, []))
        after_lawyers = [lawyer.pk] if end_other_mandates else sorted({*before_lawyers, lawyer.pk})
        changes: dict[str, Any] = {
            "group": {"old": old_groups.get(app_id, (None,))[0], "new": group.pk},
            "lawyers": {"old": before_lawyers, "new": after_lawyers},
        }
        if applicant_of[app_id] in conflicted_person_ids:
            changes["conflict_override_reason"] = {"old": None, "new": override_reason}
        entries.append(
            audit_entry(
                actor=actor,
                action=AuditAction.UPDATE,
                object_type="applications.application",
                object_id=str(app_id),
                label=vss_number or "",
                changes=changes,
            )
        )
    entries.append(
        audit_entry(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=group,
            label=group.case.number,
            changes={
                "members_added": {"old": None, "new": len(ids)},
                "lawyer": {"old": old_group_lawyer, "new": lawyer.pk},
                "other_mandates_ended": {"old": None, "new": ended_mandates},
                "end_other_mandates": {"old": None, "new": end_other_mandates},
                "conflicts_overridden": {"old": None, "new": sorted(conflicted_person_ids)},
                "conflict_override_reason": {"old": None, "new": override_reason},
                "version": {"old": old_version, "new": group.version},
            },
        )
    )
    audit_record_all(entries)
    if new_mandates:
        notify_lawyers_of_new_clients(counts={lawyer.pk: len(new_mandates)}, group_name=group.names)
    if ended_mandates:
        displaced: dict[int, int] = {}
        for before in old_lawyers.values():
            for other in before:
                if other != lawyer.pk:
                    displaced[other] = displaced.get(other, 0) + 1
        notify_lawyers_of_ended_mandates(counts=displaced, group_name=group.names)
    return GroupingResult(
        moved=len(ids),
        new_mandates=len(new_mandates),
        ended_mandates=ended_mandates,
        ended_memberships=ended_memberships,
    )


@transaction.atomic
def group_add_selected(
    *, actor: User, group: CivilPartyGroup, application_ids: list[int]
) -> GroupingResult:
    """Civil Parties ticked on a list join `group` under its common lawyer, through
    `group_assign`: its checks hold for each of them (the group's case, the lawyer on the
    list, no declared conflict of interest) and each gets its audit entry.

    All or nothing, as a move with the grouping tool: joining a group gives its members
    their common lawyer, and that lawyer is told of the clients received in one count,
    so half a selection joined would leave the officer to find out who is in and the
    lawyer told of a group that is not. A refusal says what stops it (a Civil Party of
    another case, the names the lawyer has a conflict with) and nothing changes: the
    officer unticks those and sends the rest again."""
    policy.require_right(actor, Right.MANAGE_REPRESENTATION)
    if group.lawyer is None:
        raise ValidationError(_("The group has no common lawyer: give it one first."))
    ids = sorted(set(application_ids))
    civil_parties = Application.objects.filter(
        pk__in=ids, kind=ApplicationKind.CIVIL_PARTY, status__in=CIVIL_PARTIES
    )
    if civil_parties.count() != len(ids):
        raise ValidationError(_("Only Civil Parties can join a group."))
    return group_assign(actor=actor, group=group, lawyer=group.lawyer, application_ids=ids)

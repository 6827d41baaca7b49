"""Reads for Civil Party groups, the grouping tool and the consolidated group of a case:
each list is read in a fixed number of queries, whatever its length."""

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

from vss import policy
from vss.accounts.models import User
from vss.applications.models import Application, CrimeSuffered
from vss.applications.workflow import CIVIL_PARTIES
from vss.audit.labels import audit_label
from vss.audit.models import AuditAction
from vss.audit.services import audit_list_read, audit_record
from vss.policy import Right
from vss.proceedings.models import Case
from vss.representation.audit_labels import CONSOLIDATED_GROUP, GROUP_MEMBERS, GROUPING_PREVIEW
from vss.tallies.selectors import kept_counts

from ..models import CivilPartyGroup, GroupMembership, Representation
from .figures import GROUPED, IN_NO_GROUP
from .lead_co_lawyers import current_lead_co_lawyers

# Values of the "current group" and "current lawyer" filters meaning "none at all".
NONE = "none"


def civil_parties_of(case: Case) -> QuerySet[Application]:
    return Application.objects.filter(case=case, status__in=CIVIL_PARTIES)


def groups_of_case(case: Case, *, include_archived: bool = False) -> QuerySet[CivilPartyGroup]:
    groups = CivilPartyGroup.objects.filter(case=case).select_related(
        "lawyer", "crime_site", "intermediary", "province"
    )
    if not include_archived:
        groups = groups.filter(archived_at__isnull=True)
    return groups.annotate(
        member_count=Count("memberships", filter=Q(memberships__ended_on__isnull=True))
    ).order_by("archived_at", "name")


def group_get_for_user(user: User, pk: int) -> CivilPartyGroup:
    policy.require_right(user, Right.VIEW_REPRESENTATION)
    return get_object_or_404(
        CivilPartyGroup.objects.select_related(
            "case", "lawyer", "crime_site", "intermediary", "province", "archived_by"
        ),
        pk=pk,
    )


def group_members(group: CivilPartyGroup) -> QuerySet[Application]:
    """The applications currently in the group, with their applicants for display."""
    return (
        Application.objects.filter(
            group_memberships__group=group,
            group_memberships__ended_on__isnull=True,
            # Said though implied: only Civil Parties of the group's case join it
            # (services.groups), and an application stays in its case. It lets the
            # planner read a large group's first page from the case's VSS numbers.
            case_id=group.case_id,
        )
        .select_related("applicant")
        .order_by("vss_number", "id")
    )


def group_members_for_user(user: User, group: CivilPartyGroup) -> QuerySet[Application]:
    """The members of a group read through `group_get_for_user`, as its page lists them:
    the names shown make the read one of personal data, so it is audited."""
    audit_record(actor=user, action=AuditAction.VIEW, obj=group, label=audit_label(GROUP_MEMBERS))
    return group_members(group)


def with_current_representation(applications: QuerySet[Application]) -> QuerySet[Application]:
    """Each application with `current_groups` and `current_mandates` (lists), for a page of
    rows: two more queries per page, never one per row."""
    return applications.select_related("applicant").prefetch_related(
        Prefetch(
            "group_memberships",
            queryset=GroupMembership.objects.filter(ended_on__isnull=True).select_related("group"),
            to_attr="current_groups",
        ),
        Prefetch(
            "representations",
            queryset=Representation.objects.filter(ended_on__isnull=True).select_related("lawyer"),
            to_attr="current_mandates",
        ),
    )


@dataclass
class GroupingFilters:
    statuses: list[str] = field(default_factory=list)
    province_code: str = ""
    crime_site_id: int | None = None
    intermediary_id: int | None = None
    # A group id, NONE for "in no group", or "" for any.
    group: str = ""
    # A lawyer id, NONE for "without a lawyer", or "" for any.
    lawyer: str = ""


def grouping_selection(case: Case, filters: GroupingFilters) -> QuerySet[Application]:
    """The Civil Parties of a case the grouping tool would move, ordered for display."""
    selection = civil_parties_of(case)
    if filters.statuses:
        selection = selection.filter(status__in=filters.statuses)
    if filters.province_code:
        selection = selection.filter(province_code=filters.province_code)
    if filters.crime_site_id:
        # A subquery rather than a join: a form naming the site twice must not list twice.
        selection = selection.filter(
            form_id__in=CrimeSuffered.objects.filter(crime_site_id=filters.crime_site_id).values(
                "form_id"
            )
        )
    if filters.intermediary_id:
        selection = selection.filter(form__intermediary_id=filters.intermediary_id)
    current_groups = GroupMembership.objects.filter(ended_on__isnull=True)
    if filters.group == NONE:
        selection = selection.exclude(pk__in=current_groups.values("application_id"))
    elif filters.group:
        selection = selection.filter(
            pk__in=current_groups.filter(group_id=int(filters.group)).values("application_id")
        )
    current_mandates = Representation.objects.filter(ended_on__isnull=True)
    if filters.lawyer == NONE:
        selection = selection.exclude(pk__in=current_mandates.values("application_id"))
    elif filters.lawyer:
        selection = selection.filter(
            pk__in=current_mandates.filter(lawyer_id=int(filters.lawyer)).values("application_id")
        )
    return selection.order_by("vss_number", "id")


def consolidated_case_for_user(user: User, pk: int) -> Case:
    """A case whose consolidated group the user may read: staff with the right, and the
    Lead Co-Lawyers of that case (their scope holds its Civil Parties); any other lawyer
    is told the page does not exist."""
    case = get_object_or_404(Case, pk=pk)
    if policy.has_right(user, Right.VIEW_REPRESENTATION):
        return case
    lawyer_id = policy.lawyer_id_of(user)
    if lawyer_id is not None or policy.has_right(user, Right.WORK_FOR_CLIENTS):
        if (
            lawyer_id is None
            or not current_lead_co_lawyers(case).filter(lawyer_id=lawyer_id).exists()
        ):
            raise Http404
        return case
    policy.require_right(user, Right.VIEW_REPRESENTATION)
    return case


def consolidated_members(user: User, case: Case) -> QuerySet[Application]:
    """Every Civil Party of the case; for a trial segment, those of the case it was
    severed from, who are Civil Parties in each of its trials."""
    civil_parties = Application.objects.filter(
        case_id=case.filing_case_id, status__in=CIVIL_PARTIES
    )
    audit_record(
        actor=user, action=AuditAction.VIEW, obj=case, label=audit_label(CONSOLIDATED_GROUP)
    )
    return policy.applications_in_scope(user, civil_parties).order_by("vss_number", "id")


@dataclass(frozen=True)
class CaseGroups:
    case: Case
    group_count: int
    civil_party_count: int
    ungrouped_count: int


def cases_with_group_counts() -> list[CaseGroups]:
    """Each case with its number of open groups, counted now (they are few), and of Civil
    Parties and those in no group as last counted (vss.tallies): counting these at each
    request read every membership of the registry, seconds at a million applicants."""
    kept: dict[int, dict[str, int]] = {}
    for row in kept_counts(GROUPED, case_ids=None, by=("case_id", "value")):
        kept.setdefault(row["case_id"], {})[row["value"]] = row["counted"]
    cases = Case.objects.annotate(
        group_count=Subquery(
            CivilPartyGroup.objects.filter(case=OuterRef("pk"), archived_at__isnull=True)
            .order_by()
            .values("case")
            .annotate(n=Count("pk"))
            .values("n")
        ),
    ).order_by("number")
    return [
        CaseGroups(
            case=case,
            group_count=case.group_count or 0,  # type: ignore[attr-defined]
            civil_party_count=sum(kept.get(case.pk, {}).values()),
            ungrouped_count=kept.get(case.pk, {}).get(IN_NO_GROUP, 0),
        )
        for case in cases
    ]


def grouping_preview_read(user: User, case: Case, filters: GroupingFilters, *, shown: int) -> None:
    """The grouping tool's preview names the civil parties it would move: audited as one
    read of the case's civil parties, with the selection asked."""
    audit_list_read(
        actor=user,
        object_type="proceedings.case",
        label=audit_label(GROUPING_PREVIEW),
        filters=filters,
        shown=shown,
    )

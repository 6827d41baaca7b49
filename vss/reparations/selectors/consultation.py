"""Reads of the consultation through the policy: proposals (a Civil Party's own words,
with the applicant's name) for the Section's staff, audited; tallies (counts only) for
whoever reads them, a Lead Co-Lawyer for the cases they lead."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    CharField,
    Count,
    Prefetch,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat
from django.shortcuts import get_object_or_404

from vss import policy
from vss.accounts.models import Organisation, User
from vss.audit.labels import audit_label
from vss.audit.models import AuditAction
from vss.audit.services import audit_list_read, audit_read, audit_record
from vss.geo.models import Province
from vss.policy import Right
from vss.proceedings.models import Case
from vss.representation.models import CivilPartyGroup
from vss.tallies.registry import kept_rows
from vss.tallies.selectors import CountingState, kept_counts
from vss.tallies.services import counting_for_reader

from ..audit_labels import PROJECT_PROPOSALS, PROPOSALS_LIST, THEME_PROPOSALS
from ..models import (
    Category,
    Project,
    ProjectStatus,
    Proposal,
    ProposalImport,
    ProposalTag,
    ProposalTally,
    ProposalTheme,
)

# The category filter's value for the proposals staff have not sorted yet.
NOT_SORTED = "none"
ANSWERED = "yes"
NOT_ANSWERED = "no"


def _require_proposals(user: User) -> None:
    policy.require_right(user, Right.VIEW_PROPOSALS)


def _current(user: User) -> QuerySet[Proposal]:
    return policy.proposals_in_scope(user, Proposal.objects.filter(archived_at__isnull=True))


# --- the list --------------------------------------------------------------------------------


@dataclass
class ProposalFilters:
    case_id: int | None = None
    category: str = ""
    source: str = ""
    province_id: str = ""
    tag_id: int | None = None
    theme_id: int | None = None
    answered: str = ""
    # Those a project answers.
    project_id: int | None = None


def proposal_list_for_user(user: User, filters: ProposalFilters) -> QuerySet[Proposal]:
    """The proposals the user may read, filtered, each with what its row shows read at
    once (the applicant, the tags, the projects answering): a constant number of queries
    whatever the page's length."""
    _require_proposals(user)
    # The small tables a row names (province, theme, group, organisation) are read by
    # their ids after the page: joined too, eight tables took PostgreSQL 10 to 19 ms to
    # plan, where the page's rows take 1 ms to read.
    proposals = _current(user).select_related("case", "application__applicant")
    if filters.case_id:
        proposals = proposals.filter(case_id=filters.case_id)
    if filters.category == NOT_SORTED:
        proposals = proposals.filter(category="")
    elif filters.category:
        proposals = proposals.filter(category=filters.category)
    if filters.source:
        proposals = proposals.filter(source=filters.source)
    if filters.province_id:
        proposals = proposals.filter(province_id=filters.province_id)
    if filters.tag_id:
        proposals = proposals.filter(tags=filters.tag_id)
    if filters.theme_id:
        proposals = proposals.filter(theme_id=filters.theme_id)
    if filters.answered in (ANSWERED, NOT_ANSWERED):
        proposals = proposals.filter(answered=filters.answered == ANSWERED)
    # The newest first: of one project's, in the order of the index of its links (the
    # links' copy of the moment), not sorted from the 80,000 a project may answer.
    order = ["-recorded_at", "-id"]
    if filters.project_id:
        proposals = proposals.filter(answer_links__project_id=filters.project_id)
        order = ["-answer_links__proposal_recorded_at", "-answer_links__proposal_id"]
    return proposals.prefetch_related(
        "province",
        "theme",
        "group",
        "organisation",
        "tags",
        # A row names its projects by their references alone.
        Prefetch("answered_by", queryset=Project.objects.only("reference").order_by("reference")),
    ).order_by(*order)


def proposal_list_read(user: User, filters: ProposalFilters, *, shown: int) -> None:
    """A page of proposals names Civil Parties and gives their words: audited."""
    audit_list_read(
        actor=user,
        object_type="reparations.proposal",
        label=audit_label(PROPOSALS_LIST),
        filters=filters,
        shown=shown,
    )


def proposals_ticked(user: User, ids: list[int]) -> QuerySet[Proposal]:
    """The proposals ticked on a list, those the user may read (others are ignored)."""
    _require_proposals(user)
    return _current(user).filter(pk__in=ids)


def proposal_for_action(user: User, pk: int) -> Proposal:
    _require_proposals(user)
    return get_object_or_404(_current(user).select_related("case"), pk=pk)


def proposal_get_for_user(user: User, pk: int) -> Proposal:
    """A proposal's page: its words and, for a VIF's wish, the applicant; audited."""
    _require_proposals(user)
    proposal = get_object_or_404(
        _current(user)
        .select_related(
            "case", "province", "theme", "group", "organisation", "application__applicant"
        )
        .prefetch_related("tags", "answered_by"),
        pk=pk,
    )
    audit_record(actor=user, action=AuditAction.VIEW, obj=proposal)
    return proposal


# --- choices for the forms -------------------------------------------------------------------


def cases() -> QuerySet[Case]:
    return Case.objects.order_by("number")


def tally_cases_for_user(user: User) -> QuerySet[Case]:
    return policy.tally_cases_in_scope(user, Case.objects.order_by("number"))


def provinces() -> QuerySet[Province]:
    return Province.objects.order_by("code")


def tags() -> QuerySet[ProposalTag]:
    return ProposalTag.objects.order_by("name")


def themes() -> QuerySet[ProposalTheme]:
    return ProposalTheme.objects.select_related("case").order_by("case__number", "name")


def groups() -> QuerySet[CivilPartyGroup]:
    return CivilPartyGroup.objects.filter(archived_at__isnull=True).select_related("case")


def organisations() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("name")


def projects_answering_for_user(user: User) -> QuerySet[Project]:
    """The projects the list of proposals may be narrowed to: those in the user's scope."""
    return policy.projects_in_scope(user, Project.objects.all()).order_by("reference")


def projects_for_linking(user: User) -> QuerySet[Project]:
    """The projects the user may link proposals to: in scope and not abandoned."""
    return policy.projects_in_scope(
        user, Project.objects.exclude(status=ProjectStatus.ABANDONED)
    ).order_by("reference")


# --- themes ----------------------------------------------------------------------------------


# The current proposals of each theme (the value), kept by count (vss.tallies).
THEMED_FIGURE = "reparations.themed"


def themed_rows() -> QuerySet[Any]:
    return kept_rows(
        Proposal.objects.filter(archived_at__isnull=True, theme__isnull=False),
        case="case_id",
        value=Cast("theme_id", output_field=CharField()),
        n=Count("id"),
    )


@dataclass
class ThemeList:
    # Each with `proposal_count` set and `counted_as_kept` when it is the last count's.
    themes: list[ProposalTheme]
    # Where the counting stands, when a count shown is the last count's.
    counting: CountingState | None


def theme_list_for_user(user: User) -> ThemeList:
    """The themes with their current proposals: counted now for a theme that had up to
    COUNTED_NOW_UP_TO at the last count (or is newer than it), as last counted beyond,
    where counting a theme's 100,000 proposals at each request read each of them."""
    _require_proposals(user)
    listed = list(themes())
    kept = {
        int(row["value"]): row["counted"]
        for row in kept_counts(THEMED_FIGURE, case_ids=None, by=("value",))
    }
    counted_now = {theme.pk for theme in listed if kept.get(theme.pk, 0) <= COUNTED_NOW_UP_TO}
    now = dict(
        Proposal.objects.filter(theme__in=counted_now, archived_at__isnull=True)
        .values("theme")
        .annotate(n=Count("*"))
        .values_list("theme", "n")
        .order_by()
    )
    for theme in listed:
        as_kept = theme.pk not in counted_now
        theme.counted_as_kept = as_kept  # type: ignore[attr-defined]
        theme.proposal_count = kept[theme.pk] if as_kept else now.get(theme.pk, 0)  # type: ignore[attr-defined]
    counting = None
    if len(counted_now) < len(listed):
        counting = counting_for_reader(user=user)
    return ThemeList(themes=listed, counting=counting)


@dataclass
class ThemePage:
    theme: ProposalTheme
    proposals: list[Proposal]
    projects: list[Project]


def theme_for_action(user: User, pk: int) -> ProposalTheme:
    _require_proposals(user)
    return get_object_or_404(themes(), pk=pk)


def theme_get_for_user(user: User, pk: int) -> ThemePage:
    """A theme's proposals (with the applicants' names: audited) and the projects
    answering any of them."""
    theme = theme_for_action(user, pk)
    proposals = list(
        _current(user)
        .filter(theme=theme)
        .select_related("application__applicant", "province", "group", "organisation")
        .prefetch_related("tags", "answered_by")
        .order_by("-recorded_at", "-id")
    )
    projects = list(
        Project.objects.filter(proposals__theme=theme, proposals__archived_at__isnull=True)
        .distinct()
        .order_by("reference")
    )
    audit_read(
        actor=user,
        object_type="reparations.proposaltheme",
        label=audit_label(THEME_PROPOSALS, theme=theme.pk),
        obj=theme,
        shown=len(proposals),
    )
    return ThemePage(theme=theme, proposals=proposals, projects=projects)


# --- bringing in -----------------------------------------------------------------------------


def import_job_for_user(user: User, pk: int) -> ProposalImport:
    policy.require_right(user, Right.RECORD_PROPOSALS)
    return get_object_or_404(ProposalImport.objects.select_related("case", "requested_by"), pk=pk)


def recent_imports(user: User) -> list[ProposalImport]:
    policy.require_right(user, Right.RECORD_PROPOSALS)
    return list(ProposalImport.objects.select_related("case", "requested_by")[:10])


# --- the tally -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TallyRow:
    case_number: str
    category: str
    province_id: str | None
    proposals: int
    civil_parties: int
    answered: int
    civil_parties_answered: int

    @property
    def share_answered(self) -> Decimal:
        """The share of the proposals answered, in per cent to one decimal."""
        if not self.proposals:
            return Decimal(0)
        return (Decimal(100 * self.answered) / self.proposals).quantize(Decimal("0.1"))


def tally_for_user(user: User, case_id: int | None = None) -> list[TallyRow]:
    """What Civil Parties asked for and how much of it the programme answers, by case,
    category and province: counts only, read from the rows the services keep
    (services.consultation.proposal_tally_refresh), one per group. A proposal counts as
    answered when a project not abandoned answers it (the flag the services keep, see
    services.consultation.answered_flags_refresh), whatever the case of that project: the
    wishes of Case 002 are answered by projects of its segments 002/01 and 002/02 (see
    services.consultation.cases_answerable_by), and are counted under the case where they
    were filed. Only a VIF's wish names an application, one per application, and one
    application per applicant and case: within a case the applications counted are the
    Civil Parties."""
    policy.require_right(user, Right.VIEW_TALLIES)
    cases_seen = tally_cases_for_user(user)
    if case_id:
        cases_seen = cases_seen.filter(pk=case_id)
    # A dozen cases, read first: the counts then need no join at all.
    numbers = dict(cases_seen.values_list("pk", "number"))
    tally = [
        TallyRow(
            case_number=numbers[row.case_id],
            category=row.category,
            province_id=row.province_id,
            proposals=row.proposals,
            civil_parties=row.civil_parties,
            answered=row.answered,
            civil_parties_answered=row.civil_parties_answered,
        )
        for row in ProposalTally.objects.filter(case_id__in=numbers)
    ]
    return sorted(tally, key=lambda r: (r.case_number, r.category, r.province_id or ""))


def category_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Category.choices}


def provinces_by_code() -> dict[str, Province]:
    return {province.code: province for province in Province.objects.all()}


# --- the project's page ----------------------------------------------------------------------


# The newest proposals a project's page quotes; the list of proposals, narrowed to the
# project, gives them all.
PROPOSALS_ON_PROJECT_PAGE = 10


@dataclass
class ProjectProposals:
    counts: list[dict[str, object]]
    total: int
    # None for a user who may not read proposals' words (a Lead Co-Lawyer).
    proposals: list[Proposal] | None
    # Where the counting of the kept figures stands when the counts were read from them
    # (the page says when they were counted); None when they were counted now.
    counting: CountingState | None = None


def may_see_project_proposals(user: User, project: Project) -> bool:
    return policy.has_right(user, Right.VIEW_PROPOSALS) or policy.has_right(
        user, Right.VIEW_TALLIES
    )


# The proposals a project answers, by case, category and province (kept together as the
# row's status) and project (the value), kept by count (vss.tallies).
ANSWERED_FIGURE = "reparations.answered"

# A project answering up to this many proposals has them counted at each request; beyond,
# they are read as last counted: counting the 80,000 a project answers at a million
# applicants read each of them at each request (0.6 s), which no index spares.
COUNTED_NOW_UP_TO = 5000


def answered_rows() -> QuerySet[Any]:
    return kept_rows(
        Proposal.answered_by.through.objects.filter(proposal__archived_at__isnull=True),
        case="proposal__case_id",
        status=Concat(
            "proposal__category",
            Value(":"),
            Coalesce("proposal__province_id", Value("")),
            output_field=CharField(),
        ),
        value=Cast("project_id", output_field=CharField()),
        n=Count("id"),
    )


def _answered_as_kept(user: User, project: Project, case_ids: list[int] | None) -> Any:
    """The kept counts of the proposals the project answers, and where the counting
    stands; None when they are few enough to count now."""
    kept = kept_counts(ANSWERED_FIGURE, case_ids=case_ids, by=("status",), values=[str(project.pk)])
    if sum(row["counted"] for row in kept) <= COUNTED_NOW_UP_TO:
        return None
    counts = []
    for row in kept:
        category, _colon, province_id = row["status"].partition(":")
        counts.append(
            {"category": category, "province_id": province_id or None, "proposals": row["counted"]}
        )
    counts.sort(key=lambda row: (row["category"], row["province_id"] or ""))
    return counts, counting_for_reader(user=user)


def project_proposals(user: User, project: Project) -> ProjectProposals:
    """The proposals the project answers: counts by category and province for whoever
    reads tallies (as last counted when they are many), and the words (audited) for
    whoever reads proposals."""
    answered = Proposal.objects.filter(answered_by=project, archived_at__isnull=True)
    case_ids = None
    if not policy.has_right(user, Right.VIEW_PROPOSALS):
        case_ids = list(tally_cases_for_user(user).values_list("pk", flat=True))
        answered = answered.filter(case__in=case_ids)
    counting = None
    kept = _answered_as_kept(user, project, case_ids)
    if kept is not None:
        counts, counting = kept
    else:
        counts = list(
            answered.values("category", "province_id")
            .annotate(proposals=Count("pk"))
            .order_by("category", "province_id")
        )
    proposals = None
    if policy.has_right(user, Right.VIEW_PROPOSALS):
        proposals = list(
            _current(user)
            .filter(answer_links__project=project)
            .select_related("application__applicant", "case")
            # The links' copy of the moment, in the order of their index by project.
            .order_by("-answer_links__proposal_recorded_at", "-answer_links__proposal_id")[
                :PROPOSALS_ON_PROJECT_PAGE
            ]
        )
        audit_read(
            actor=user,
            object_type="reparations.project",
            label=audit_label(PROJECT_PROPOSALS, project=project.reference),
            obj=project,
            shown=len(proposals),
        )
    return ProjectProposals(
        counts=counts,
        total=sum(int(row["proposals"]) for row in counts),
        proposals=proposals,
        counting=counting,
    )

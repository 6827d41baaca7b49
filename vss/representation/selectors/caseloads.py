"""Caseloads: a set of applications counted by status and by province, a lawyer's current
clients counted, and every lawyer's Civil Parties by case for the report of caseloads
(vss.reports)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vss import policy
from vss.accounts.models import User
from vss.applications.figures import BY_PROVINCE, EVERY, cases_counted_with
from vss.applications.models import Application, ApplicationKind, Status
from vss.applications.workflow import CIVIL_PARTIES
from vss.audit.labels import audit_label
from vss.audit.models import AuditAction
from vss.audit.services import audit_record
from vss.geo.models import Province
from vss.policy import Right
from vss.proceedings.models import Case
from vss.representation.audit_labels import CASELOAD
from vss.tallies.selectors import CountingState, kept_counts
from vss.tallies.services import counting_for_reader

from ..models import LAWYER_NAME_ORDER, CivilPartyGroup, Lawyer, LawyerStatus, Representation
from .figures import CIVIL_PARTIES_REPRESENTED, CIVIL_PARTY_MANDATES, CLIENTS, status_and_province


@dataclass(frozen=True)
class CountRow:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Caseload:
    by_status: list[CountRow] = field(default_factory=list)
    by_province: list[CountRow] = field(default_factory=list)
    # Where the counting of the kept figures stands when the counts are read from them
    # (the page says when they were counted); None when they were counted now.
    counting: CountingState | None = None

    @property
    def total(self) -> int:
        return sum(row.count for row in self.by_status)


def caseload_counts(applications: QuerySet[Application]) -> Caseload:
    """Applications counted by status and by province, in two queries whatever their
    number: one counts them by both at once (a set of a hundred thousand is read once,
    not once for each), the other reads the names of the provinces counted."""
    return _caseload_of(
        applications.order_by().values_list("status", "province_code").annotate(n=Count("*"))
    )


def _caseload_of(
    counts: Iterable[tuple[str | None, str | None, int]], counting: CountingState | None = None
) -> Caseload:
    """A caseload from (status, province code, number) rows; a row without a status (or a
    province) counts by province (or status) alone."""
    labels = dict(Status.choices)
    statuses: dict[str, int] = {}
    provinces: dict[str, int] = {}
    for status, code, n in counts:
        if status is not None:
            statuses[status] = statuses.get(status, 0) + n
        if code is not None:
            provinces[code] = provinces.get(code, 0) + n
    # The names are read apart: selected beside the count, they join the GROUP BY and
    # are looked up once per application (2 s for the 800,000 of Case 002 at a million).
    names = {
        p.code: p for p in Province.objects.filter(code__in=[code for code in provinces if code])
    }
    # Statuses in the order of the workflow, not of the alphabet.
    order = {value: index for index, value in enumerate(Status.values)}
    by_status = [
        CountRow(status, str(labels.get(status, status)), n)
        for status, n in sorted(
            statuses.items(), key=lambda item: (order.get(item[0], len(order)), item[0])
        )
    ]
    by_province = [
        CountRow(code, _province_label(code, names), n) for code, n in sorted(provinces.items())
    ]
    return Caseload(by_status=by_status, by_province=by_province, counting=counting)


# A group or a lawyer's clients up to this many are counted at each request (a few
# milliseconds); beyond, from the kept figures (vss.tallies): counting a group of 145,000
# read them all from the registry at each request (0.8 s at a million applicants), and no
# index spares reading each member's application.
COUNTED_NOW_UP_TO = 5000


def caseload_of_record(
    user: User, figure: str, record_id: int, applications: QuerySet[Application]
) -> Caseload:
    """The caseload of a group (figure MEMBERS) or a lawyer (CLIENTS), whose current
    `applications` these are: counted now when they were few at the last count, else as
    then counted."""
    kept = kept_counts(figure, case_ids=None, by=("status",), values=[str(record_id)])
    if sum(row["counted"] for row in kept) <= COUNTED_NOW_UP_TO:
        return caseload_counts(applications)
    # A lawyer reading their own caseload is told when it was counted.
    return _caseload_of(
        ((*status_and_province(row["status"]), row["counted"]) for row in kept),
        counting_for_reader(user=user),
    )


def caseload_of_case(user: User, case: Case, civil_parties: QuerySet[Application]) -> Caseload:
    """The caseload of a case's consolidated group, whose Civil Parties in the user's
    scope these are: for a user whose scope holds every Civil Party of the case (a reader
    of the whole registry, a Lead Co-Lawyer of the case), when they are many, the
    applications' kept figures of the case (vss.applications.figures), which count every
    application of a case by status, and those that made a Civil Party by province;
    counted now otherwise (800,000 in Case 002 at a million applicants, read at each
    request: 1 s)."""
    if not policy.sees_every_civil_party_of(user, case.filing_case_id):
        return caseload_counts(civil_parties)
    statuses = [
        (row["status"], row["counted"])
        for row in kept_counts(EVERY.kept_name, case_ids=[case.filing_case_id], by=("status",))
        if row["status"] in CIVIL_PARTIES
    ]
    if sum(n for _status, n in statuses) <= COUNTED_NOW_UP_TO:
        return caseload_counts(civil_parties)
    provinces = [
        (row["value"] or "", row["apart"])
        for row in kept_counts(
            BY_PROVINCE.kept_name,
            case_ids=[case.filing_case_id],
            by=("value",),
            apart=BY_PROVINCE.apart,
        )
        if row["apart"]
    ]
    counting = counting_for_reader(user=user)
    # Two sets of rows, each adding up to the whole: the statuses once, the provinces once.
    return _caseload_of(
        [
            *((status, None, n) for status, n in statuses),
            *((None, code, n) for code, n in provinces),
        ],
        counting,
    )


def _province_label(code: str, names: dict[str, Province]) -> str:
    province = names.get(code)
    if not code:
        return _("Province not known")
    if province is None:
        return code
    if get_language() == "km" and province.name_km:
        return province.name_km
    return province.name_en or code


def lawyer_caseload_for_user(user: User, pk: int) -> tuple[Lawyer, Caseload]:
    """A lawyer's current clients counted. Staff who read representation see any
    lawyer's; a lawyer sees their own only (another's is not found)."""
    policy.require_caseload_access(user, pk)
    lawyer = get_object_or_404(Lawyer, pk=pk)
    clients = Application.objects.filter(
        pk__in=Representation.objects.filter(lawyer=lawyer, ended_on__isnull=True).values(
            "application_id"
        )
    )
    audit_record(actor=user, action=AuditAction.VIEW, obj=lawyer, label=audit_label(CASELOAD))
    return lawyer, caseload_of_record(user, CLIENTS, lawyer.pk, clients)


@dataclass(frozen=True)
class CaseloadsFilters:
    """The lawyers' caseloads of one case (with its trial segments and the case they were
    severed from), or of every case."""

    case_id: int | None = None


@dataclass(frozen=True)
class LawyerCaseload:
    lawyer: Lawyer
    # On the list now: a suspended or withdrawn lawyer's mandates still show, since they
    # are the Civil Parties left to give another lawyer.
    practising: bool
    # (case number, Civil Parties), the cases in their order.
    by_case: list[tuple[str, int]]
    groups: list[CivilPartyGroup]

    @property
    def civil_parties(self) -> int:
        return sum(n for _case, n in self.by_case)


@dataclass(frozen=True)
class CaseloadsTotals:
    lawyers: int
    practising: int
    # A Civil Party with two lawyers is one Civil Party and two mandates.
    civil_parties: int
    mandates: int


def _caseload_cases(case_id: int | None) -> tuple[list[int], list[int]] | None:
    """The cases whose Civil Parties, and whose groups, a case's caseloads count: its
    Civil Parties are those filed in it or the case it was severed from (and in its
    segments that take applications); its groups are those formed in any of these or in
    its segments."""
    if case_id is None:
        return None
    case = get_object_or_404(Case, pk=case_id)
    filing = cases_counted_with(case)
    segments = Case.objects.filter(parent_id__in={case.pk, *filing}).values_list("pk", flat=True)
    return list(filing), sorted({case.pk, *filing, *segments})


def _represented_civil_parties(user: User, case_ids: list[int] | None) -> QuerySet[Representation]:
    civil_parties = Application.objects.filter(
        kind=ApplicationKind.CIVIL_PARTY, status__in=CIVIL_PARTIES
    )
    if case_ids is not None:
        civil_parties = civil_parties.filter(case_id__in=case_ids)
    return Representation.objects.filter(
        ended_on__isnull=True,
        application__in=policy.applications_in_scope(user, civil_parties).values("pk"),
    )


def _may_read_caseloads(user: User) -> None:
    if not policy.can_run_report(user, Right.VIEW_REPRESENTATION):
        raise PermissionDenied


def _common_lawyers_groups(cases: list[int] | None) -> QuerySet[CivilPartyGroup]:
    groups = CivilPartyGroup.objects.filter(archived_at__isnull=True, lawyer__isnull=False)
    return groups if cases is None else groups.filter(case_id__in=cases)


def caseloads_are_kept(user: User) -> bool:
    """Whether the reader's caseloads are counted as last counted (vss.tallies): a reader
    whose scope is the whole registry reads the counts kept of it, which at a million
    applicants are read in milliseconds where a count of every current mandate takes
    seconds; a reader of part of it has their part counted at each request."""
    return policy.sees_every_application(user) and policy.sees_every_lawyer(user)


def _kept_mandates(filing: list[int] | None) -> dict[int, dict[int, int]]:
    """{lawyer: {case: the current mandates of Civil Parties}}, as last counted."""
    counts: dict[int, dict[int, int]] = {}
    for row in kept_counts(CIVIL_PARTY_MANDATES, case_ids=filing, by=("value", "case_id")):
        counts.setdefault(int(row["value"]), {})[row["case_id"]] = row["counted"]
    return counts


@dataclass(frozen=True)
class _Caseloads:
    # The cases whose Civil Parties are counted (every case when None).
    filing: list[int] | None
    groups: QuerySet[CivilPartyGroup]
    lawyers: QuerySet[Lawyer]
    # The mandates counted now; None when the counts are the kept ones.
    mandates: QuerySet[Representation] | None
    kept: dict[int, dict[int, int]] | None


def _caseloads(user: User, filters: CaseloadsFilters) -> _Caseloads:
    """Of every case: every lawyer on the list, and any other who still holds a mandate
    or a group; of one case, the lawyers with a Civil Party or a group in it."""
    _may_read_caseloads(user)
    cases = _caseload_cases(filters.case_id)
    filing = cases[0] if cases else None
    groups = _common_lawyers_groups(cases[1] if cases else None)
    mandates: QuerySet[Representation] | None = None
    kept: dict[int, dict[int, int]] | None = None
    if caseloads_are_kept(user):
        # The lawyers who held a mandate when counted: the list agrees with its counts.
        kept = _kept_mandates(filing)
        holding = Q(pk__in=list(kept))
    else:
        mandates = _represented_civil_parties(user, filing)
        # EXISTS stops at a lawyer's first mandate; `pk IN (...)` OR-ed with the rest
        # read every current mandate once per lawyer (30 s at a million applicants).
        holding = Q(Exists(mandates.filter(lawyer_id=OuterRef("pk"))))
    listed = holding | Q(Exists(groups.filter(lawyer_id=OuterRef("pk"))))
    if cases is None:
        listed |= Q(status=LawyerStatus.RECOGNISED)
    lawyers = policy.lawyers_in_scope(user, Lawyer.objects.filter(listed))
    return _Caseloads(filing=filing, groups=groups, lawyers=lawyers, mandates=mandates, kept=kept)


def _mandate_counts(caseloads: _Caseloads) -> dict[int, dict[int, int]]:
    if caseloads.kept is not None:
        return caseloads.kept
    assert caseloads.mandates is not None
    counts: dict[int, dict[int, int]] = {}
    for lawyer_id, case_id, n in (
        caseloads.mandates.values_list("lawyer_id", "application__case_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts.setdefault(lawyer_id, {})[case_id] = n
    return counts


def lawyer_caseloads_for_user(user: User, filters: CaseloadsFilters) -> list[LawyerCaseload]:
    """Each lawyer with the Civil Parties they represent now (as last counted, for a reader
    of the whole registry), by case and in all, and the groups whose common lawyer they
    are; the busiest first. Four queries however many lawyers; no Civil Party is named."""
    caseloads = _caseloads(user, filters)
    counts = _mandate_counts(caseloads)
    groups_of: dict[int | None, list[CivilPartyGroup]] = {}
    for group in caseloads.groups.select_related("case").order_by("case__number", "name"):
        groups_of.setdefault(group.lawyer_id, []).append(group)
    numbers = dict(
        Case.objects.filter(pk__in={pk for by in counts.values() for pk in by}).values_list(
            "pk", "number"
        )
    )
    rows = [
        LawyerCaseload(
            lawyer=lawyer,
            practising=lawyer.status == LawyerStatus.RECOGNISED,
            by_case=sorted(
                (numbers[case_id], n) for case_id, n in counts.get(lawyer.pk, {}).items()
            ),
            groups=groups_of.get(lawyer.pk, []),
        )
        for lawyer in caseloads.lawyers.order_by(*LAWYER_NAME_ORDER)
    ]
    # The busiest first; a stable sort keeps the lawyers of one caseload in name order.
    return sorted(rows, key=lambda row: -row.civil_parties)


def lawyer_caseloads_totals(
    user: User, filters: CaseloadsFilters, listed: Sequence[LawyerCaseload] | None = None
) -> CaseloadsTotals:
    """The report's figures: its lawyers, those practising, their mandates, and the Civil
    Parties they represent, each once however many lawyers they have (as last counted,
    for a reader of the whole registry). `listed`, the report's rows when they are already
    read, gives the lawyers and their mandates without reading them again."""
    _may_read_caseloads(user)
    if listed is None:
        listed = lawyer_caseloads_for_user(user, filters)
    cases = _caseload_cases(filters.case_id)
    filing = cases[0] if cases else None
    if caseloads_are_kept(user):
        # Every lawyer counted is listed: the kept counts are the report's whole.
        civil_parties = sum(
            row["counted"]
            for row in kept_counts(CIVIL_PARTIES_REPRESENTED, case_ids=filing, by=("case_id",))
        )
    else:
        civil_parties = (
            _represented_civil_parties(user, filing)
            .filter(lawyer_id__in=[row.lawyer.pk for row in listed])
            .aggregate(n=Count("application_id", distinct=True))["n"]
        )
    return CaseloadsTotals(
        lawyers=len(listed),
        practising=sum(1 for row in listed if row.practising),
        civil_parties=civil_parties,
        # A row's Civil Parties are its lawyer's mandates, one per Civil Party.
        mandates=sum(row.civil_parties for row in listed),
    )

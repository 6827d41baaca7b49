import datetime
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Func, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from vss import policy
from vss.accounts.models import User
from vss.audit.labels import audit_label
from vss.audit.models import AuditAction
from vss.audit.services import audit_list_read, audit_read, audit_record
from vss.people.selectors import person_filter_by_name
from vss.policy import Right
from vss.proceedings.models import Case
from vss.tallies.selectors import CountingState, kept_counts
from vss.tallies.services import counting_for_reader

from .audit_labels import (
    APPLICATIONS_BATCH,
    APPLICATIONS_LIST,
    FORM,
    FORM_TO_EDIT,
)
from .figures import (
    RECEIVED_BY_PROVINCE,
    civil_party_applications_by_case_and_status,
    civil_party_applications_filed_through,
    civil_party_applications_of_cases,
)
from .models import (
    Application,
    ApplicationKind,
    CrimeSuffered,
    Harm,
    Status,
    StatusChange,
    SupportingDocument,
    VictimInformationForm,
)
from .workflow import CIVIL_PARTIES

VILLAGE_NAMES = "village__commune__district__province"


@dataclass
class ApplicationFilters:
    query: str = ""
    case_id: int | None = None
    status: str = ""
    province_code: str = ""
    channel: str = ""
    intermediary_id: int | None = None
    received_from: datetime.date | None = None
    received_to: datetime.date | None = None


def application_list_read(user: User, filters: ApplicationFilters, *, shown: int) -> None:
    """A page of the list names its applicants: the filters, the name or number searched
    and how many rows were shown are audited, never who was found."""
    audit_list_read(
        actor=user,
        object_type="applications.application",
        label=audit_label(APPLICATIONS_LIST),
        filters=filters,
        shown=shown,
    )


def application_export_for_user(user: User, filters: ApplicationFilters) -> QuerySet[Application]:
    """Every application of the list with these filters, for a file (vss.exports audits
    it with its filters and its number of rows)."""
    return application_list_for_user(user, filters).select_related("form__intermediary")


def application_batch_for_user(user: User, ids: Collection[int]) -> list[Application]:
    """The applications ticked for a batch action, every one in the user's scope: if one
    is not, none is given and the batch is not found, as a record out of scope is not
    (which of them is not is not told)."""
    policy.require_right(user, Right.RECORD_INTAKE)
    wanted = set(ids)
    applications = list(
        policy.applications_in_scope(user, Application.objects.select_related("applicant")).filter(
            pk__in=wanted
        )
    )
    if len(applications) != len(wanted):
        raise Http404
    # The batch's report names the applicants of the forms it could not receive.
    audit_read(
        actor=user,
        object_type="applications.application",
        label=audit_label(APPLICATIONS_BATCH),
        asked={"applications": sorted(wanted)},
        shown=len(applications),
    )
    return applications


def application_list_for_user(user: User, filters: ApplicationFilters) -> QuerySet[Application]:
    policy.require_right(user, Right.VIEW_APPLICATIONS)
    applications = policy.applications_in_scope(
        user, Application.objects.select_related("applicant", "case", "form")
    )
    if filters.case_id:
        applications = applications.filter(case_id=filters.case_id)
    if filters.status:
        applications = applications.filter(status=filters.status)
    if filters.province_code:
        applications = applications.filter(province_code=filters.province_code)
    if filters.channel:
        applications = applications.filter(form__channel=filters.channel)
    if filters.intermediary_id:
        applications = applications.filter(form__intermediary_id=filters.intermediary_id)
    if filters.received_from:
        applications = applications.filter(form__received_on__gte=filters.received_from)
    if filters.received_to:
        applications = applications.filter(form__received_on__lte=filters.received_to)
    query = filters.query.strip()
    if query.upper().startswith("VSS-"):
        applications = applications.filter(vss_number__istartswith=query)
    elif query:
        applications = person_filter_by_name(user, applications, query, person_field="applicant_id")
    return applications.order_by("-id")


def application_get_for_user(user: User, pk: int) -> Application:
    """An application with all its detail page shows; the read is audited."""
    policy.require_right(user, Right.VIEW_APPLICATIONS)
    application = _application_with_its_page(user, pk)
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        obj=application,
        label=application.vss_number or "",
    )
    return application


def application_get_for_print(
    user: User,
    pk: int,
    *,
    what: str,
    received_only: bool = False,
    label_values_of: Callable[[Application], Mapping[str, object]] | None = None,
    **label_values: object,
) -> Application:
    """An application drawn as a file to take away (the VIF as entered, the receipt):
    like a stored document, it needs the right to download documents (else 403) and the
    application in the user's scope (else 404), and is audited as a download of `what`
    (a wording of vss.applications.audit_labels; `label_values` fill it beyond the VSS
    number, and so does `label_values_of` with what only the application tells, such as
    the language its receipt is made in by default).
    A protected applicant's identity is masked in it as on the page. `received_only`:
    a draft, which the Section has not received, has no such file (404)."""
    policy.require_right(user, Right.VIEW_APPLICATIONS)
    policy.require_right(user, Right.DOWNLOAD_DOCUMENTS)
    application = _application_with_its_page(user, pk)
    if received_only and not application.vss_number:
        raise Http404
    if label_values_of is not None:
        label_values = {**label_values, **label_values_of(application)}
    audit_record(
        actor=user,
        action=AuditAction.DOWNLOAD,
        obj=application,
        label=audit_label(
            what, application=application.vss_number or application.pk, **label_values
        ),
    )
    return application


def _application_with_its_page(user: User, pk: int) -> Application:
    application = get_object_or_404(
        policy.applications_in_scope(
            user,
            Application.objects.select_related(
                "case",
                "applicant__village__commune__district__province",
                "form__intermediary",
                "form__created_by",
                "deadline_override_by",
            ).prefetch_related(
                Prefetch("status_changes", queryset=StatusChange.objects.select_related("actor")),
                Prefetch(
                    "form__crimes",
                    queryset=CrimeSuffered.objects.select_related(
                        "crime_type", "crime_site", "village"
                    ),
                ),
                Prefetch("form__harms", queryset=Harm.objects.select_related("relative")),
                Prefetch(
                    "form__documents",
                    queryset=SupportingDocument.objects.filter(
                        archived_at__isnull=True
                    ).select_related("uploaded_by"),
                ),
                Prefetch("form__applications", queryset=Application.objects.select_related("case")),
                "applicant__names",
            ),
        ),
        pk=pk,
    )
    # The form's applicant is the application's (copied when it was opened): reuse the
    # person already read rather than read it again for the access checks.
    if application.form.applicant_id == application.applicant_id:
        application.form.applicant = application.applicant
    return application


def form_get_for_user(user: User, pk: int, *, for_edit: bool = False) -> VictimInformationForm:
    policy.require_right(user, Right.EDIT_FORMS if for_edit else Right.VIEW_APPLICATIONS)
    form = get_object_or_404(
        policy.forms_in_scope(
            user,
            # The villages with their commune, district and province: the form opened to
            # edit names them (geo.fields.village_value).
            VictimInformationForm.objects.select_related(
                f"applicant__{VILLAGE_NAMES}", "intermediary"
            ).prefetch_related(
                "applications__case",
                Prefetch("crimes", queryset=CrimeSuffered.objects.select_related(VILLAGE_NAMES)),
                "harms__relative",
                "documents",
                "applicant__names",
            ),
        ),
        pk=pk,
    )
    if for_edit and not policy.can_edit_form(user, form):
        raise PermissionDenied
    return form


def form_record_opened_to_edit(user: User, form: VictimInformationForm) -> None:
    """The edit form shows the whole of the stored form, the account and the applicant's
    names: opening it is a read of personal data. (A form sent back with errors shows what
    the user typed, not a new read.)"""
    audit_record(actor=user, action=AuditAction.VIEW, obj=form, label=audit_label(FORM_TO_EDIT))


def document_get_for_user(user: User, pk: int) -> SupportingDocument:
    """A document to download: the right to download (else 403), the form in scope (else
    404), and of a protected applicant only for those who may see the identity (else
    403); the download is audited."""
    policy.require_right(user, Right.DOWNLOAD_DOCUMENTS)
    forms = policy.forms_in_scope(user, VictimInformationForm.objects.all())
    document = get_object_or_404(
        SupportingDocument.objects.filter(form__in=forms, archived_at__isnull=True).select_related(
            "form__applicant"
        ),
        pk=pk,
    )
    if not policy.can_download_files_of(user, document.form.applicant):
        raise PermissionDenied
    audit_record(
        actor=user,
        action=AuditAction.DOWNLOAD,
        obj=document,
        label=audit_label(FORM, form=document.form_id),
    )
    return document


# The statuses the cases page counts in columns of their own, in this order.
CASE_TABLE_STATUSES = (
    Status.RECEIVED,
    Status.TRANSMITTED,
    Status.ADMITTED,
    Status.ADMITTED_ON_APPEAL,
    Status.REJECTED,
)


@dataclass
class CaseCounts:
    """A case's Civil Party applications in the user's scope, counted by status."""

    by_status: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def civil_parties(self) -> int:
        return sum(n for status, n in self.by_status.items() if status in CIVIL_PARTIES)

    @property
    def shown_counts(self) -> list[int | None]:
        return [self.by_status.get(status) for status in CASE_TABLE_STATUSES]


def _kept_case_counts(user: User) -> Callable[[], list[tuple[int, str, int]]] | None:
    """Where the cases page reads its counts as last counted: for a reader of figures
    whose scope is every application (counting them at each request read the whole
    registry, 0.6 s at a million applicants), for an intermediary, whose scope is their
    organisation's forms (0.55 s for the largest), and for a Lead Co-Lawyer the Civil
    Parties of the cases they lead (0.26 s), their other clients counted now; None for a
    scope counted now."""
    if policy.can_view_statistics(user) and policy.sees_every_application(user):
        return lambda: civil_party_applications_by_case_and_status(user)
    organisation_id = policy.filing_organisation_of_scope(user)
    if organisation_id is not None:
        return lambda: civil_party_applications_filed_through(organisation_id)
    led = policy.led_civil_parties_of_scope(
        user, Application.objects.filter(kind=ApplicationKind.CIVIL_PARTY)
    )
    if led is not None:
        return lambda: [
            *civil_party_applications_of_cases(led.cases, CIVIL_PARTIES),
            *_counted_by_case_and_status(led.rest),
        ]
    return None


def _counted_by_case_and_status(applications: QuerySet[Application]) -> list[tuple[int, str, int]]:
    return list(applications.values_list("case_id", "status").annotate(n=Count("id")).order_by())


def civil_party_counts_by_case(user: User, cases: Sequence[Case]) -> dict[int, CaseCounts]:
    """The counts of every case of the cases page, in one query whatever the size: as
    last counted (`civil_party_counts_counting` says when) for the scopes that are kept,
    else counted now in the user's scope."""
    counts = {case.pk: CaseCounts() for case in cases}
    rows: Iterable[tuple[int, str, int]]
    kept = _kept_case_counts(user)
    if kept is not None:
        rows = kept()
    else:
        rows = _counted_by_case_and_status(
            policy.applications_in_scope(
                user, Application.objects.filter(kind=ApplicationKind.CIVIL_PARTY)
            )
        )
    for case_id, status, n in rows:
        if case_id in counts:
            counts[case_id].by_status[status] = n
    return counts


def civil_party_counts_counting(user: User) -> CountingState | None:
    """When the counts of the cases page were counted, for a user who reads them as kept
    (None for one whose are counted now); a reader of figures asks for a count when they
    are old (the others' are counted by the schedule and by those readers)."""
    if _kept_case_counts(user) is None:
        return None
    return counting_for_reader(user=user)


# What an audit entry on a form may reveal of a protected applicant: the account they gave.
# Where and when the applicant suffered the crimes, and who the relatives named in the
# harms are, point to one family as surely as a name does.
FORM_IDENTITY_FIELDS = frozenset({"account", "reparation_wishes", "crimes", "harms"})


def forms_of_protected_applicants_among(ids: Collection[str]) -> set[str]:
    """Which of these form ids (as the audit log keeps them) have a protected applicant
    now."""
    protected = VictimInformationForm.objects.filter(
        pk__in=ids, applicant__is_protected=True
    ).values_list("pk", flat=True)
    return {str(pk) for pk in protected}


def _received_in_scope(user: User, case_id: int | None) -> QuerySet[Application]:
    """The applications the Section received (each has had a VSS number since), in one
    case or all: the figures of the reports, for a reader of statistics."""
    policy.require_right(user, Right.VIEW_STATISTICS)
    applications = policy.applications_in_scope(
        user, Application.objects.filter(vss_number__isnull=False)
    )
    if case_id:
        applications = applications.filter(case_id=case_id)
    return applications


def application_counts_are_kept(user: User) -> bool:
    """Whether `application_counts_by_province` reads the counts kept of the whole
    registry (vss.tallies): for a reader whose scope is all of it. A count of now reads
    every application received (0.3 s at a million)."""
    return policy.sees_every_application(user)


def application_counts_by_province(user: User, *, case_id: int | None = None) -> dict[str, int]:
    """Applications received, by the province their form gave ("" for none), in one
    query: the province the list of applications filters by, so that a province's count
    opens a list of as many (as last counted, for a reader of the whole registry)."""
    if not application_counts_are_kept(user):
        return province_tally(_received_in_scope(user, case_id), counted=Count("id"))
    policy.require_right(user, Right.VIEW_STATISTICS)
    rows = kept_counts(RECEIVED_BY_PROVINCE, case_ids=[case_id] if case_id else None, by=("value",))
    return {row["value"] or "": row["counted"] for row in rows}


def civil_party_counts_by_province(user: User, *, case_id: int | None = None) -> dict[str, int]:
    """Civil Parties (people, counted once in a province however many of their
    applications it holds), by the province their applications gave, in one query."""
    civil_parties = _received_in_scope(user, case_id).filter(
        kind=ApplicationKind.CIVIL_PARTY, status__in=CIVIL_PARTIES
    )
    return province_tally(civil_parties, counted=Count("applicant_id", distinct=True))


def province_tally(applications: QuerySet[Application], *, counted: Count) -> dict[str, int]:
    """`applications` counted by the province each gave, in one GROUP BY on the column
    the lists filter by: {province code: count}, "" for those that gave none.

    One rule for every figure by province of applications or Civil Parties (the figures,
    the map, the annex, the public page, the lists): the province the application gave,
    where the applicant lived when they applied. A person's later move changes their
    record, not the applications they made."""
    rows = (
        applications.order_by()
        .values("province_code")
        .annotate(n=counted)
        .values_list("province_code", "n")
    )
    return {code or "": n for code, n in rows}


@dataclass(frozen=True)
class PublicCount:
    """Applications and Civil Parties of one case in one group (a province's code, "" when
    the applicant's village is not known, or a sex)."""

    case_id: int
    group: str
    applications: int
    civil_parties: int


def _public_counts(group: Func | F) -> list[PublicCount]:
    """Counts for the public site: every application the Section received (a number was
    given; Civil Party applications and complaints alike), and those whose applicant is
    a Civil Party, in real cases (the demo's practice case is left out). No scope
    narrows them and no read is audited: they are sums that name no one, and the page
    that shows them hides the small ones (vss/reports/suppression.py)."""
    rows = (
        Application.objects.filter(vss_number__isnull=False, case__is_demo=False)
        .annotate(group=group)
        .values("case_id", "group")
        .annotate(
            applications=Count("id"),
            civil_parties=Count("id", filter=Q(status__in=CIVIL_PARTIES)),
        )
        .order_by()
    )
    return [
        PublicCount(
            case_id=row["case_id"],
            group=row["group"] or "",
            applications=row["applications"],
            civil_parties=row["civil_parties"],
        )
        for row in rows
    ]


def public_counts_by_case_and_province() -> list[PublicCount]:
    """By the province the application gave, as every figure by province of applications
    counts them (`province_tally`)."""
    return _public_counts(F("province_code"))


def public_counts_by_case_and_sex() -> list[PublicCount]:
    return _public_counts(F("applicant__sex"))

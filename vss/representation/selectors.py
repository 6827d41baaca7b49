"""Access-aware reads of lawyers, mandates and caseloads."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from vss import policy
from vss.accounts.models import User
from vss.applications.models import Application, ApplicationKind, Status
from vss.applications.workflow import CIVIL_PARTIES
from vss.audit.models import AuditAction
from vss.audit.services import audit_record
from vss.geo.models import Province
from vss.people.models import Person
from vss.policy import Right
from vss.proceedings.models import Case

from .models import (
    ConflictOfInterest,
    Lawyer,
    LawyerDocument,
    LawyerStatus,
    LawyerStatusChange,
    LeadCoLawyerAppointment,
    Representation,
)


@dataclass(frozen=True)
class CountRow:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Caseload:
    by_status: list[CountRow] = field(default_factory=list)
    by_province: list[CountRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(row.count for row in self.by_status)


def caseload_counts(applications: QuerySet[Application]) -> Caseload:
    """Applications counted by status and by province, in three queries whatever their
    number (the third reads the names of the provinces counted)."""
    labels = dict(Status.choices)
    by_status = [
        CountRow(row["status"], str(labels.get(row["status"], row["status"])), row["n"])
        for row in applications.order_by()
        .values("status")
        .annotate(n=Count("id"))
        .order_by("status")
    ]
    # The names are read apart: selected beside the count, they join the GROUP BY and
    # are looked up once per application (2 s for the 800,000 of Case 002 at a million).
    counts = list(
        applications.order_by()
        .values_list("province_code")
        .annotate(n=Count("id"))
        .order_by("province_code")
    )
    names = {
        p.code: p for p in Province.objects.filter(code__in=[code for code, _n in counts if code])
    }
    by_province = [CountRow(code, _province_label(code, names), n) for code, n in counts]
    # Statuses in the order of the workflow, not of the alphabet.
    order = {value: index for index, value in enumerate(Status.values)}
    by_status.sort(key=lambda row: order.get(row.key, len(order)))
    return Caseload(by_status=by_status, by_province=by_province)


def _province_label(code: str, names: dict[str, Province]) -> str:
    from django.utils.translation import get_language
    from django.utils.translation import gettext as _

    province = names.get(code)
    if not code:
        return _("Province not known")
    if province is None:
        return code
    if get_language() == "km" and province.name_km:
        return province.name_km
    return province.name_en or code


# --- the list of lawyers -------------------------------------------------------------------


@dataclass
class LawyerFilters:
    query: str = ""
    status: str = ""
    kind: str = ""
    language: str = ""


def lawyer_list_for_user(user: User, filters: LawyerFilters) -> QuerySet[Lawyer]:
    policy.require_right(user, Right.VIEW_REPRESENTATION)
    lawyers = Lawyer.objects.all()
    if filters.status:
        lawyers = lawyers.filter(status=filters.status)
    if filters.kind:
        lawyers = lawyers.filter(kind=filters.kind)
    if filters.language.strip():
        lawyers = lawyers.filter(languages__icontains=filters.language.strip())
    for word in filters.query.split():
        lawyers = lawyers.filter(
            Q(family_name__icontains=word)
            | Q(given_name__icontains=word)
            | Q(name_km__icontains=word)
            | Q(bar_number__iexact=word)
        )
    return lawyers.order_by("family_name", "given_name", "id")


def lawyer_get_for_user(user: User, pk: int) -> Lawyer:
    """A lawyer with the history, documents, seats and conflicts the page shows; the
    read is audited."""
    policy.require_right(user, Right.VIEW_REPRESENTATION)
    lawyer = get_object_or_404(
        _lawyers_in_scope(user)
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "status_changes",
                queryset=LawyerStatusChange.objects.select_related("decided_by"),
            ),
            Prefetch("documents", queryset=LawyerDocument.objects.select_related("uploaded_by")),
            Prefetch(
                "lead_mandates",
                queryset=LeadCoLawyerAppointment.objects.select_related("case").order_by(
                    "-appointed_on", "-id"
                ),
            ),
            Prefetch(
                "conflicts",
                queryset=ConflictOfInterest.objects.select_related(
                    "person", "declared_by", "lifted_by"
                ),
            ),
        ),
        pk=pk,
    )
    audit_record(actor=user, action=AuditAction.VIEW, obj=lawyer, label=str(lawyer))
    return lawyer


def _lawyers_in_scope(user: User) -> QuerySet[Lawyer]:
    return policy.lawyers_in_scope(user, Lawyer.objects.all())


def lawyer_get_for_manager(user: User, pk: int) -> Lawyer:
    """A lawyer whose record the user changes (else 403); what changes is audited by the
    service that changes it."""
    policy.require_right(user, Right.MANAGE_LAWYERS)
    return get_object_or_404(_lawyers_in_scope(user), pk=pk)


def lawyer_current_client_count(lawyer: Lawyer) -> int:
    return Representation.objects.filter(lawyer=lawyer, ended_on__isnull=True).count()


def lawyer_document_get_for_user(user: User, pk: int) -> LawyerDocument:
    """A document of a lawyer's file to download; the download is audited."""
    policy.require_right(user, Right.VIEW_REPRESENTATION)
    policy.require_right(user, Right.DOWNLOAD_DOCUMENTS)
    document = get_object_or_404(LawyerDocument.objects.select_related("lawyer"), pk=pk)
    audit_record(
        actor=user,
        action=AuditAction.DOWNLOAD,
        obj=document,
        label=f"{document.lawyer}: document {document.pk}",
    )
    return document


def _seats_held_now() -> QuerySet[LeadCoLawyerAppointment]:
    return (
        LeadCoLawyerAppointment.objects.filter(ended_on__isnull=True)
        .select_related("lawyer")
        .order_by("seat")
    )


def current_lead_co_lawyers(case: Case) -> QuerySet[LeadCoLawyerAppointment]:
    """The seats of the case's Lead Co-Lawyers held now, with their lawyers."""
    return _seats_held_now().filter(case=case)


@dataclass
class CaseLeads:
    """A case's Lead Co-Lawyers as the cases page shows them."""

    leads: list[LeadCoLawyerAppointment] = field(default_factory=list)
    # Appointments are made from the case's page of seats, for those who read representation.
    can_see_leads: bool = False


def lead_co_lawyers_by_case(user: User, cases: Sequence[Case]) -> dict[int, CaseLeads]:
    """The current Lead Co-Lawyers of every case of the cases page, in one query."""
    can_see_leads = policy.has_right(user, Right.VIEW_REPRESENTATION)
    by_case = {case.pk: CaseLeads(can_see_leads=can_see_leads) for case in cases}
    for appointment in _seats_held_now().filter(case__in=list(by_case)):
        by_case[appointment.case_id].leads.append(appointment)
    return by_case


def current_lead_mandates(lawyer: Lawyer | int) -> QuerySet[LeadCoLawyerAppointment]:
    """The cases whose consolidated group the lawyer leads, as seats they hold now."""
    return (
        LeadCoLawyerAppointment.objects.filter(lawyer=lawyer, ended_on__isnull=True)
        .select_related("case")
        .order_by("case__number")
    )


def lead_appointment_get_for_manager(user: User, pk: int) -> LeadCoLawyerAppointment:
    """A Lead Co-Lawyer's seat that the user ends (else 403)."""
    policy.require_right(user, Right.MANAGE_LAWYERS)
    return get_object_or_404(
        LeadCoLawyerAppointment.objects.filter(lawyer__in=_lawyers_in_scope(user)), pk=pk
    )


def case_lead_co_lawyers_for_user(
    user: User, pk: int
) -> tuple[Case, list[LeadCoLawyerAppointment]]:
    """A case with every Lead Co-Lawyer appointment it has had, newest first."""
    policy.require_right(user, Right.VIEW_REPRESENTATION)
    case = get_object_or_404(Case, pk=pk)
    appointments = list(
        LeadCoLawyerAppointment.objects.filter(case=case)
        .select_related("lawyer", "recorded_by")
        .order_by("ended_on", "seat", "-appointed_on", "-id")
    )
    return case, appointments


# --- mandates and Rule 23ter ----------------------------------------------------------------


def _practising_mandates() -> QuerySet[Representation]:
    """Mandates that count under Rule 23ter: current, and held by a lawyer who may
    practise (a suspended or withdrawn lawyer represents nobody)."""
    return Representation.objects.filter(
        ended_on__isnull=True, lawyer__status=LawyerStatus.RECOGNISED
    )


def is_represented(application: Application) -> bool:
    return _practising_mandates().filter(application=application).exists()


def rule_23ter_applies(application: Application, on: datetime.date) -> bool:
    """From the Closing Order of its case, a Civil Party must have a lawyer."""
    closing_order = application.case.closing_order_on
    return (
        application.kind == ApplicationKind.CIVIL_PARTY
        and closing_order is not None
        and closing_order <= on
    )


@dataclass
class WithoutLawyerFilters:
    case_id: int | None = None
    province_code: str = ""


def civil_parties_without_lawyer(
    user: User, filters: WithoutLawyerFilters
) -> QuerySet[Application]:
    """Civil Parties of cases past their Closing Order who have no practising lawyer."""
    policy.require_right(user, Right.MANAGE_REPRESENTATION)
    applications = policy.applications_in_scope(
        user,
        Application.objects.filter(
            kind=ApplicationKind.CIVIL_PARTY,
            status__in=CIVIL_PARTIES,
            case__closing_order_on__lte=timezone.localdate(),
        ),
    ).filter(~Exists(_practising_mandates().filter(application=OuterRef("pk"))))
    if filters.case_id:
        applications = applications.filter(case_id=filters.case_id)
    if filters.province_code:
        applications = applications.filter(province_code=filters.province_code)
    # By VSS number, as the consolidated group: both read `application_civil_party_idx`.
    return applications.select_related("applicant", "case").order_by("vss_number", "id")


@dataclass
class RepresentationPanel:
    """What the application page shows of its lawyers, and the forms of those who
    manage them."""

    current: list[Representation]
    past: list[Representation]
    conflicts: list[ConflictOfInterest]
    can_manage: bool
    can_override: bool
    rule_23ter: bool
    represented: bool
    add_form: object = None
    conflict_form: object = None
    # The mandate whose end was refused, and the form holding what was typed for it.
    failed_end: int | None = None
    end_form: object = None
    # Whether the user may open the powers of attorney on file.
    can_download_powers: bool = False
    # The mandate whose power of attorney was refused, and the form with the reason.
    failed_attach: int | None = None
    attach_form: object = None


def may_see_application_representation(user: User, application: Application) -> bool:
    """Staff who read representation and lawyers; not intermediaries nor partners."""
    return policy.has_right(user, Right.VIEW_REPRESENTATION) or policy.has_right(
        user, Right.WORK_FOR_CLIENTS
    )


def application_representation_for_user(
    user: User, application: Application
) -> RepresentationPanel:
    """The representation part of an application page, for a user who may see it
    (`may_see_application_representation`). Three queries at most."""
    mandates = list(
        Representation.objects.filter(application=application).select_related(
            "lawyer", "created_by", "ended_by"
        )
    )
    can_manage = policy.has_right(user, Right.MANAGE_REPRESENTATION)
    conflicts: list[ConflictOfInterest] = []
    if can_manage:
        conflicts = list(
            ConflictOfInterest.objects.filter(
                person_id=application.applicant_id, lifted_on__isnull=True
            ).select_related("lawyer", "declared_by")
        )
    current = [m for m in mandates if m.ended_on is None]
    panel = RepresentationPanel(
        current=current,
        past=[m for m in mandates if m.ended_on is not None],
        conflicts=conflicts,
        can_manage=can_manage and application.kind == ApplicationKind.CIVIL_PARTY,
        can_override=policy.has_right(user, Right.OVERRIDE_CONFLICT),
        rule_23ter=rule_23ter_applies(application, timezone.localdate()),
        represented=any(m.lawyer.status == LawyerStatus.RECOGNISED for m in current),
        can_download_powers=policy.can_download_power_of_attorney(user, application),
    )
    if panel.can_manage:
        from .forms import ConflictForm, RepresentationAddForm

        panel.add_form = RepresentationAddForm(prefix="rep", can_override=panel.can_override)
        panel.conflict_form = ConflictForm(prefix="conflict")
    return panel


def power_of_attorney_get_for_user(user: User, pk: int) -> Representation:
    """A mandate with a power of attorney on file, for download: the right to download
    documents (else 403), the application in scope (else 404); the download is audited."""
    policy.require_right(user, Right.DOWNLOAD_DOCUMENTS)
    in_scope = policy.applications_in_scope(user, Application.objects.all())
    representation = get_object_or_404(
        Representation.objects.filter(application__in=in_scope)
        .exclude(power_of_attorney="")
        .select_related("application__applicant"),
        pk=pk,
    )
    if not policy.can_download_power_of_attorney(user, representation.application):
        raise Http404
    audit_record(
        actor=user,
        action=AuditAction.DOWNLOAD,
        obj=representation,
        label=f"power of attorney of {representation}",
    )
    return representation


def application_get_for_manager(user: User, pk: int) -> Application:
    """An application in scope (else 404) whose lawyers the user manages (else 403)."""
    policy.require_right(user, Right.MANAGE_REPRESENTATION)
    return get_object_or_404(policy.applications_in_scope(user, Application.objects.all()), pk=pk)


def conflict_get_for_manager(user: User, pk: int) -> ConflictOfInterest:
    """A conflict of interest with a person in scope (else 404), for the user who manages
    representation (else 403)."""
    policy.require_right(user, Right.MANAGE_REPRESENTATION)
    people = policy.people_in_scope(user, Person.objects.all())
    return get_object_or_404(ConflictOfInterest.objects.filter(person__in=people), pk=pk)


def conflict_application_for_manager(
    user: User, conflict: ConflictOfInterest, pk: int
) -> Application:
    """An application of the person in the conflict, in scope (else 404): the page a
    conflict lifted from an application's page returns to."""
    policy.require_right(user, Right.MANAGE_REPRESENTATION)
    return get_object_or_404(
        policy.applications_in_scope(user, Application.objects.all()),
        pk=pk,
        applicant_id=conflict.person_id,
    )


def representation_get_for_manager(user: User, pk: int) -> Representation:
    policy.require_right(user, Right.MANAGE_REPRESENTATION)
    in_scope = policy.applications_in_scope(user, Application.objects.all())
    return get_object_or_404(
        Representation.objects.filter(application__in=in_scope).select_related("application"),
        pk=pk,
    )


# --- caseloads -------------------------------------------------------------------------------


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
    return lawyer, caseload_counts(clients)

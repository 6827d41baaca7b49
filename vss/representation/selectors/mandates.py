"""Reads of mandates: who represents a Civil Party now and whether Rule 23ter requires it,
the Civil Parties left without a lawyer, the lawyers' panel of an application's page, and
the mandates and powers of attorney their managers open."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from vss import policy
from vss.accounts.models import User
from vss.applications.models import Application, ApplicationKind
from vss.applications.selectors import province_tally
from vss.applications.workflow import CIVIL_PARTIES
from vss.audit.labels import audit_label
from vss.audit.models import AuditAction
from vss.audit.services import audit_list_read, audit_record
from vss.policy import Right
from vss.representation.audit_labels import POWER_OF_ATTORNEY, WITHOUT_LAWYER, representation_label

from ..models import ConflictOfInterest, Lawyer, LawyerStatus, Representation


def practising_mandates() -> QuerySet[Representation]:
    """Mandates that count under Rule 23ter: current, and held by a lawyer who may
    practise (a suspended or withdrawn lawyer represents nobody)."""
    return Representation.objects.filter(
        ended_on__isnull=True, lawyer__status=LawyerStatus.RECOGNISED
    )


def is_represented(application: Application) -> bool:
    return practising_mandates().filter(application=application).exists()


def practising_lawyers_of(application: Application) -> list[Lawyer]:
    """The lawyers who represent the applicant in this application now."""
    return [
        mandate.lawyer
        for mandate in practising_mandates()
        .filter(application=application)
        .select_related("lawyer")
        .order_by("lawyer__family_name", "lawyer__given_name")
    ]


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


def _without_lawyer(user: User) -> QuerySet[Application]:
    """The user's Civil Parties of cases past their Closing Order with no practising
    lawyer: the list and its counts by province read the same rows."""
    return policy.applications_in_scope(
        user,
        Application.objects.filter(
            kind=ApplicationKind.CIVIL_PARTY,
            status__in=CIVIL_PARTIES,
            case__closing_order_on__lte=timezone.localdate(),
        ),
    ).filter(~Exists(practising_mandates().filter(application=OuterRef("pk"))))


def civil_parties_without_lawyer(
    user: User, filters: WithoutLawyerFilters
) -> QuerySet[Application]:
    """Civil Parties of cases past their Closing Order who have no practising lawyer."""
    policy.require_right(user, Right.MANAGE_REPRESENTATION)
    applications = _without_lawyer(user)
    if filters.case_id:
        applications = applications.filter(case_id=filters.case_id)
    if filters.province_code:
        applications = applications.filter(province_code=filters.province_code)
    # By VSS number, as the consolidated group: both read `application_civil_party_idx`.
    return applications.select_related("applicant", "case").order_by("vss_number", "id")


def without_lawyer_counts_by_province(user: User, *, case_id: int | None = None) -> dict[str, int]:
    """The Civil Parties the list of those without a lawyer holds (cases past their
    Closing Order, no practising lawyer), as people by the province their applications
    gave (the list's province filter), in one query: a figure for a reader of statistics,
    who needs no right to manage mandates since no one is named."""
    policy.require_right(user, Right.VIEW_STATISTICS)
    applications = _without_lawyer(user)
    if case_id:
        applications = applications.filter(case_id=case_id)
    return province_tally(applications, counted=Count("applicant_id", distinct=True))


def civil_parties_ticked(user: User, ids: list[int]) -> list[int]:
    """The applications ticked on a list for a group, every one in the user's scope: if
    one is not, none is given and the selection is not found, as a record out of scope
    is not (which of them is not is not told)."""
    policy.require_right(user, Right.MANAGE_REPRESENTATION)
    wanted = set(ids)
    found = list(
        policy.applications_in_scope(user, Application.objects.filter(pk__in=wanted)).values_list(
            "pk", flat=True
        )
    )
    if len(found) != len(wanted):
        raise Http404
    return sorted(found)


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
    # The forms of those who manage: the panel's context in hooks.py gives them.
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
    return RepresentationPanel(
        current=current,
        past=[m for m in mandates if m.ended_on is not None],
        conflicts=conflicts,
        can_manage=can_manage and application.kind == ApplicationKind.CIVIL_PARTY,
        can_override=policy.has_right(user, Right.OVERRIDE_CONFLICT),
        rule_23ter=rule_23ter_applies(application, timezone.localdate()),
        represented=any(m.lawyer.status == LawyerStatus.RECOGNISED for m in current),
        can_download_powers=policy.can_download_power_of_attorney(user, application)
        and policy.can_download_files_of(user, application.applicant),
    )


def power_of_attorney_get_for_user(user: User, pk: int) -> Representation:
    """A mandate with a power of attorney on file, for download: the right to download
    documents (else 403), the application in scope (else 404); of a protected person, only
    for those who may see the identity (else 403); the download is audited."""
    policy.require_right(user, Right.DOWNLOAD_DOCUMENTS)
    in_scope = policy.applications_in_scope(user, Application.objects.all())
    representation = get_object_or_404(
        Representation.objects.filter(application__in=in_scope)
        .exclude(power_of_attorney="")
        .select_related("application__applicant"),
        pk=pk,
    )
    if not policy.can_download_files_of(user, representation.application.applicant):
        raise PermissionDenied
    if not policy.can_download_power_of_attorney(user, representation.application):
        raise Http404
    audit_record(
        actor=user,
        action=AuditAction.DOWNLOAD,
        obj=representation,
        label=audit_label(
            POWER_OF_ATTORNEY,
            representation=representation_label(
                lawyer=representation.lawyer, application=representation.application
            ),
        ),
    )
    return representation


def application_get_for_manager(user: User, pk: int) -> Application:
    """An application in scope (else 404) whose lawyers the user manages (else 403)."""
    policy.require_right(user, Right.MANAGE_REPRESENTATION)
    return get_object_or_404(policy.applications_in_scope(user, Application.objects.all()), pk=pk)


def representation_get_for_manager(user: User, pk: int) -> Representation:
    policy.require_right(user, Right.MANAGE_REPRESENTATION)
    in_scope = policy.applications_in_scope(user, Application.objects.all())
    return get_object_or_404(
        Representation.objects.filter(application__in=in_scope).select_related("application"),
        pk=pk,
    )


def without_lawyer_read(user: User, filters: WithoutLawyerFilters, *, shown: int) -> None:
    """A page of the civil parties without a lawyer names them: audited as one read."""
    audit_list_read(
        actor=user,
        object_type="applications.application",
        label=audit_label(WITHOUT_LAWYER),
        filters=filters,
        shown=shown,
    )

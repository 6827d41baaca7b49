"""Reads of the VSS list of Civil Party Lawyers and of a lawyer's file."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from vss import policy
from vss.accounts.models import User
from vss.audit.models import AuditAction
from vss.audit.services import audit_list_read, audit_record
from vss.policy import Right

from ..models import (
    LAWYER_NAME_ORDER,
    ConflictOfInterest,
    Lawyer,
    LawyerDocument,
    LawyerStatusChange,
    LeadCoLawyerAppointment,
    Representation,
)


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
    return lawyers.order_by(*LAWYER_NAME_ORDER)


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


def lawyer_list_read(user: User, filters: LawyerFilters, *, shown: int) -> None:
    """A search of the lawyers' list by name is audited (what was typed and how many were
    shown); a page without a search is the public list of the bar, and is not."""
    if filters.query.strip():
        audit_list_read(
            actor=user,
            object_type="representation.lawyer",
            label="search of lawyers",
            filters=filters,
            shown=shown,
        )

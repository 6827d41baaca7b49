"""Reads of the VSS list of Civil Party Lawyers and of a lawyer's file."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from vss import policy
from vss.accounts.models import User
from vss.audit.labels import audit_label
from vss.audit.models import AuditAction
from vss.audit.services import audit_list_read, audit_record
from vss.names.search import names_read_as, readings
from vss.policy import Right
from vss.representation.audit_labels import LAWYERS_SEARCH

from ..models import (
    LAWYER_NAME_ORDER,
    ConflictOfInterest,
    Lawyer,
    LawyerDocument,
    LawyerStatus,
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
    if filters.query.strip():
        lawyers = lawyers.filter(pk__in=_lawyers_found(lawyers, filters.query))
    return lawyers.order_by(*LAWYER_NAME_ORDER)


def _lawyers_found(lawyers: QuerySet[Lawyer], query: str) -> list[int]:
    """The lawyers a search names: by bar number, by any part of a name as typed, or by
    their names read as the registry's name search reads them (a given name split or
    joined, romanisation variants). The list holds hundreds, so it is read in memory."""
    found = readings(query)
    words = [word.casefold() for word in query.split()]
    chosen = []
    for pk, family, given, khmer, bar in lawyers.values_list(
        "pk", "family_name", "given_name", "name_km", "bar_number"
    ):
        typed = f"{family} {given} {khmer}".casefold()
        if (
            query.strip().casefold() == bar.casefold()
            or all(word in typed or word == bar.casefold() for word in words)
            or names_read_as(found, [family, given, khmer])
        ):
            chosen.append(pk)
    return chosen


# The lawyers a form may choose among, by what the choice is for; a chooser shows the
# first of those its search finds.
CHOOSABLE_LAWYERS: dict[str, Callable[[], QuerySet[Lawyer]]] = {
    "mandate": lambda: Lawyer.objects.on_the_list(),
    "conflict": lambda: Lawyer.objects.exclude(status=LawyerStatus.REFUSED),
}
LAWYERS_CHOSEN_AMONG = 10


def lawyers_to_choose(user: User, *, among: str, query: str) -> list[Lawyer]:
    """The first lawyers a search finds among those a form may choose for `among` (a key
    of CHOOSABLE_LAWYERS), for someone who gives lawyers to Civil Parties; the search is
    audited as a search of the list is."""
    policy.require_right(user, Right.MANAGE_REPRESENTATION)
    if not query.strip():
        return []
    lawyers = CHOOSABLE_LAWYERS[among]()
    found = list(
        lawyers.filter(pk__in=_lawyers_found(lawyers, query)).order_by(*LAWYER_NAME_ORDER)[
            :LAWYERS_CHOSEN_AMONG
        ]
    )
    lawyer_list_read(user, LawyerFilters(query=query), shown=len(found))
    return found


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


def current_client_count() -> Coalesce:
    """A lawyer's current clients counted, as an annotation of lawyers: a subquery of each
    row, so that a page of the list counts the mandates of its own lawyers only (and the
    list's count, which leaves it out, none); joined and grouped, the list read every
    mandate of the registry (3 s at a million applicants)."""
    counted = Subquery(
        Representation.objects.filter(lawyer_id=OuterRef("pk"), ended_on__isnull=True)
        .order_by()
        .values("lawyer_id")
        # COUNT(*), not of a column the index lacks, is read from the index alone.
        .annotate(n=Count("*"))
        .values("n"),
        output_field=IntegerField(),
    )
    # A lawyer without a client has no group to count.
    return Coalesce(counted, 0)


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
        label=str(document.lawyer),
    )
    return document


def lawyer_list_read(user: User, filters: LawyerFilters, *, shown: int) -> None:
    """A search of the lawyers' list by name is audited (what was typed and how many were
    shown); a page without a search is the public list of the bar, and is not."""
    if filters.query.strip():
        audit_list_read(
            actor=user,
            object_type="representation.lawyer",
            label=audit_label(LAWYERS_SEARCH),
            filters=filters,
            shown=shown,
        )

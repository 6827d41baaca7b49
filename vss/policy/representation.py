"""Lawyers: a lawyer's account reaches the Civil Parties of its current mandates and, for
a Lead Co-Lawyer, reads the consolidated group of the case it leads; it writes only to
its own clients' files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from .rights import Right
from .roles import has_right, is_lawyer_account, require_right
from .scope import ScopeFunction, in_scope, sees_every_record

if TYPE_CHECKING:
    from vss.accounts.models import User
    from vss.applications.models import Application
    from vss.representation.models import Lawyer, Representation


def lawyer_id_of(user: User) -> int | None:
    """The list entry of a lawyer's account while the lawyer may practise (on the list,
    not suspended or withdrawn); None for everyone else. Read once per request."""
    if not is_lawyer_account(user):
        return None
    cached = getattr(user, "_vss_lawyer_id", ...)
    if cached is ...:
        from vss.representation.models import Lawyer

        cached = Lawyer.objects.on_the_list().filter(user=user).values_list("id", flat=True).first()
        user._vss_lawyer_id = cached  # type: ignore[attr-defined]
    return cached


def practises_as_lawyer(user: User) -> bool:
    """A lawyer's account whose lawyer may practise: it has clients and a caseload."""
    return lawyer_id_of(user) is not None


def current_mandates(lawyer_id: int) -> QuerySet[Representation]:
    """The lawyer's clients as mandates: not ended."""
    from vss.representation.models import Representation

    return Representation.objects.filter(lawyer_id=lawyer_id, ended_on__isnull=True)


def led_case_ids(lawyer_id: int) -> set[int]:
    """The cases whose Civil Parties a Lead Co-Lawyer leads: those of their appointments
    and, for a trial segment (002/02), the case it was severed from (002), where its
    Civil Parties filed."""
    from vss.representation.models import LeadCoLawyerAppointment

    cases: set[int] = set()
    for case_id, takes_applications, parent_id in LeadCoLawyerAppointment.objects.filter(
        lawyer_id=lawyer_id, ended_on__isnull=True
    ).values_list("case_id", "case__accepts_applications", "case__parent_id"):
        cases.add(case_id)
        if not takes_applications and parent_id is not None:
            cases.add(parent_id)
    return cases


# A Lead Co-Lawyer's clients up to this many are given to the queries as their ids.
CLIENTS_AS_IDS = 5_000


def clients_and_consolidated_groups(
    user: User, applications: QuerySet[Application]
) -> QuerySet[Application]:
    """A lawyer's scope: the applications of their clients, and every Civil Party of a
    case whose consolidated group they lead.

    The led cases are read first and given as numbers: as subqueries OR-ed with the
    clients', the planner could use no index and read every application (a second at a
    million applicants, for a lawyer who leads none)."""
    from vss.applications.workflow import CIVIL_PARTIES

    lawyer_id = lawyer_id_of(user)
    if lawyer_id is None:
        return applications.none()
    mandates = current_mandates(lawyer_id).values("application_id")
    led = led_case_ids(lawyer_id)
    if not led:
        return applications.filter(pk__in=mandates)
    # Beside a led case's Civil Parties, the clients are given as numbers too when they are
    # few: a subquery in the OR made the planner check each row against a hash of them
    # that it prices once per row, and read every application rather than an index.
    client_ids = list(mandates.values_list("application_id", flat=True)[: CLIENTS_AS_IDS + 1])
    clients = Q(pk__in=client_ids if len(client_ids) <= CLIENTS_AS_IDS else mandates)
    return applications.filter(clients | Q(status__in=CIVIL_PARTIES, case_id__in=sorted(led)))


# The VSS list of Civil Party Lawyers is read whole by the staff who read representation,
# and by no one else.
LAWYER_SCOPE: dict[str, ScopeFunction[Lawyer]] = {}


def lawyers_in_scope(user: User, lawyers: QuerySet[Lawyer]) -> QuerySet[Lawyer]:
    return in_scope(LAWYER_SCOPE, user, lawyers, right=Right.VIEW_REPRESENTATION)


def sees_every_lawyer(user: User) -> bool:
    return sees_every_record(LAWYER_SCOPE, user, right=Right.VIEW_REPRESENTATION)


def mandates_to_work_on(user: User) -> QuerySet[Representation] | None:
    """The mandates whose files a lawyer may write to (None for anyone else): their own
    clients'; a Lead Co-Lawyer reads the rest of the consolidated group without writing."""
    lawyer_id = lawyer_id_of(user)
    if lawyer_id is None or not has_right(user, Right.WORK_FOR_CLIENTS):
        return None
    return current_mandates(lawyer_id)


def can_work_for_client(user: User, application: Application) -> bool:
    """A lawyer adds notes and documents to the files of their own clients only."""
    mandates = mandates_to_work_on(user)
    return mandates is not None and mandates.filter(application=application).exists()


def can_download_power_of_attorney(user: User, application: Application) -> bool:
    """As a supporting document of an application in scope; but a Lead Co-Lawyer reading
    the consolidated group opens only the powers their own clients gave."""
    if not has_right(user, Right.DOWNLOAD_DOCUMENTS):
        return False
    return not is_lawyer_account(user) or can_work_for_client(user, application)


def require_caseload_access(user: User, lawyer_id: int) -> None:
    """Staff who read representation see any lawyer's caseload (else 403); a lawyer sees
    their own only (another's is not found)."""
    if is_lawyer_account(user):
        if lawyer_id_of(user) != lawyer_id:
            raise Http404
    else:
        require_right(user, Right.VIEW_REPRESENTATION)

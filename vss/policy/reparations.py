"""Reparations: the Section's staff read the whole programme; a Lead Co-Lawyer the
projects and tallies of the cases they lead; an implementing partner the projects it
implements; a donor the projects it funds. Proposals (a Civil Party's own words) stay
with the Section's staff."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from vss.accounts.models import Role

from .representation import lawyer_id_of
from .rights import Right
from .roles import SECTION_STAFF, has_right
from .scope import ScopeFunction, in_scope

if TYPE_CHECKING:
    from vss.accounts.models import User
    from vss.proceedings.models import Case
    from vss.reparations.models import Pledge, Project, Proposal


def lead_case_ids(user: User) -> QuerySet[Case]:
    """The cases a lawyer's account leads as a Lead Co-Lawyer, with the segments of a
    case it leads and the case a segment it leads was severed from."""
    from vss.proceedings.models import Case
    from vss.representation.models import LeadCoLawyerAppointment

    lawyer_id = lawyer_id_of(user)
    if lawyer_id is None:
        return Case.objects.none()
    led = LeadCoLawyerAppointment.objects.filter(lawyer_id=lawyer_id, ended_on__isnull=True).values(
        "case_id"
    )
    return Case.objects.filter(
        Q(pk__in=led) | Q(parent_id__in=led) | Q(sub_cases__in=led)
    ).distinct()


def _of_lead_cases(user: User, projects: QuerySet[Project]) -> QuerySet[Project]:
    return projects.filter(cases__in=lead_case_ids(user)).distinct()


def _implemented_by_own_organisation(user: User, projects: QuerySet[Project]) -> QuerySet[Project]:
    # A user of the partner role always has an organisation (a database constraint).
    return projects.filter(
        Q(partnerships__organisation_id=user.organisation_id),
        partnerships__ended_at__isnull=True,
    ).distinct()


def _funded_by_own_organisation(user: User, projects: QuerySet[Project]) -> QuerySet[Project]:
    return projects.filter(
        pledges__donor_id=user.organisation_id, pledges__cancelled_at__isnull=True
    ).distinct()


PROJECT_SCOPE: dict[str, ScopeFunction[Project]] = {
    Role.LAWYER: _of_lead_cases,
    Role.PARTNER: _implemented_by_own_organisation,
    Role.DONOR: _funded_by_own_organisation,
}


def projects_in_scope(user: User, projects: QuerySet[Project]) -> QuerySet[Project]:
    return in_scope(PROJECT_SCOPE, user, projects, right=Right.VIEW_PROJECTS)


def proposals_in_scope(user: User, proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    return in_scope({}, user, proposals, right=Right.VIEW_PROPOSALS)


def _cases_led(user: User, cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.filter(pk__in=lead_case_ids(user))


TALLY_SCOPE: dict[str, ScopeFunction[Case]] = {Role.LAWYER: _cases_led}


def tally_cases_in_scope(user: User, cases: QuerySet[Case]) -> QuerySet[Case]:
    """The cases whose consultation tallies (counts, no words, no names) the user reads."""
    return in_scope(TALLY_SCOPE, user, cases, right=Right.VIEW_TALLIES)


def _is_project_partner(user: User, project: Project) -> bool:
    return project.partnerships.filter(
        Q(organisation_id=user.organisation_id), ended_at__isnull=True
    ).exists()


def can_report_progress(user: User, project: Project) -> bool:
    """A partner reports on the projects it implements; the officer and the Chief on any."""
    if not has_right(user, Right.REPORT_PROGRESS):
        return False
    return user.role != Role.PARTNER or _is_project_partner(user, project)


def can_see_participants(user: User, project: Project) -> bool:
    """The Civil Parties taking part: the Section's staff, and the project's partners, who
    work with them; never a donor."""
    if not has_right(user, Right.VIEW_PARTICIPANTS):
        return False
    return user.role != Role.PARTNER or _is_project_partner(user, project)


def can_request_in_claim(user: User, project: Project) -> bool:
    """A Lead Co-Lawyer marks a project of a case they lead as requested in its claim."""
    if not has_right(user, Right.REQUEST_IN_CLAIM):
        return False
    return project.cases.filter(pk__in=lead_case_ids(user)).exists()


def _of_the_section_or_a_lawyer(user: User) -> bool:
    return has_right(user, Right.VIEW_PROJECTS) and (
        user.role in SECTION_STAFF or user.role == Role.LAWYER
    )


def can_read_project_documents(user: User) -> bool:
    """A project's documents (concept notes, budgets, claim and judgment excerpts,
    agreements) are the Section's working papers and the Lead Co-Lawyers' before the
    court: an implementing partner or a donor reads the project's page and its reports,
    not the papers behind its claim."""
    return _of_the_section_or_a_lawyer(user)


def can_see_claim_requests(user: User) -> bool:
    """Which Lead Co-Lawyer requested a project in the claim is a matter between the
    lawyers and the Section: partners and donors see the project's status only."""
    return _of_the_section_or_a_lawyer(user)


# The Section's users who may be responsible for a project: those who run the programme.
PROJECT_OFFICER_ROLES = (Role.REPARATIONS, Role.CHIEF)


def project_officers(users: QuerySet[User]) -> QuerySet[User]:
    return users.filter(role__in=PROJECT_OFFICER_ROLES, is_active=True)


def may_be_project_officer(user: User) -> bool:
    return user.is_active and user.role in PROJECT_OFFICER_ROLES


def can_see_partner_contacts(user: User) -> bool:
    """The person to reach at an implementing partner: the Section, the lawyers and the
    partners work with them; a donor reads the project with no one's personal data."""
    return has_right(user, Right.VIEW_PROJECTS) and user.role != Role.DONOR


def _own_organisations_pledges(user: User, pledges: QuerySet[Pledge]) -> QuerySet[Pledge]:
    return pledges.filter(donor_id=user.organisation_id)


def _no_pledge(user: User, pledges: QuerySet[Pledge]) -> QuerySet[Pledge]:
    return pledges.none()


# As `can_see_pledge` decides for one pledge: the Section's staff keep the accounts, a
# donor reads its own pledges, a Lead Co-Lawyer or an implementing partner the totals only.
PLEDGE_SCOPE: dict[str, ScopeFunction[Pledge]] = {
    Role.DONOR: _own_organisations_pledges,
    Role.LAWYER: _no_pledge,
    Role.PARTNER: _no_pledge,
}


def pledges_in_scope(user: User, pledges: QuerySet[Pledge]) -> QuerySet[Pledge]:
    """The pledges whose donor, amounts and payments the user reads."""
    return in_scope(PLEDGE_SCOPE, user, pledges, right=Right.VIEW_PROJECTS)


def can_see_pledge(user: User, pledge: Pledge) -> bool:
    """A pledge's donor, currency, amount and rate, and the payments made against it.

    The Section's staff see every pledge: they keep the programme's accounts. A donor
    sees its own organisation's pledges and no other donor's: what one donor promised is
    its own business with the Section, and each reads the project's totals (budget,
    secured, received, gap) to know what is still needed without being told who gave
    the rest. A Lead Co-Lawyer or an implementing partner reads the totals only."""
    if not has_right(user, Right.VIEW_PROJECTS):
        return False
    if user.role == Role.DONOR:
        return pledge.donor_id == user.organisation_id
    return user.role in SECTION_STAFF

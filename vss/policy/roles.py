"""The role table: which rights each role holds, and the kinds of account a rule may
name (the Section's staff, an intermediary's or a partner's user, a lawyer)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from vss.accounts.models import Role

from .rights import Right

if TYPE_CHECKING:
    from vss.accounts.models import User

ROLE_RIGHTS: dict[str, frozenset[Right]] = {
    Role.CHIEF: frozenset(
        {
            Right.VIEW_STATISTICS,
            Right.VIEW_APPLICATIONS,
            Right.ENTER_FORMS,
            Right.IMPORT_APPLICATIONS,
            Right.EDIT_FORMS,
            Right.RECORD_INTAKE,
            Right.DECIDE,
            Right.OVERRIDE_DEADLINE,
            Right.SEE_PROTECTED_IDENTITIES,
            Right.DOWNLOAD_DOCUMENTS,
            Right.EXPORT_LISTS,
            Right.VIEW_PEOPLE,
            Right.MANAGE_CASES,
            Right.REVIEW_DUPLICATES,
            Right.DECIDE_DUPLICATES,
            Right.RUN_MATCHING,
            Right.VIEW_REPRESENTATION,
            Right.MANAGE_LAWYERS,
            Right.MANAGE_REPRESENTATION,
            Right.OVERRIDE_CONFLICT,
            Right.REFER_SUPPORT,
            Right.VIEW_SUPPORT,
            Right.READ_HEALTH_NOTES,
            Right.LOG_CONTACTS,
            Right.MANAGE_ACCOUNTS,
            Right.VIEW_PROJECTS,
            Right.MANAGE_PROJECTS,
            Right.APPROVE_CLAIMS,
            Right.REPORT_PROGRESS,
            Right.VIEW_PARTICIPANTS,
            Right.VIEW_PROPOSALS,
            Right.RECORD_PROPOSALS,
            Right.VIEW_TALLIES,
            Right.VIEW_EVENTS,
            Right.MANAGE_EVENTS,
            Right.RECORD_ATTENDANCE,
            Right.VIEW_CALENDAR,
            Right.MANAGE_COURT_DATES,
            Right.SEND_MESSAGES,
            Right.VIEW_MESSAGES,
            Right.MANAGE_CONTACT_PREFERENCES,
            Right.EDIT_PUBLIC_CONTENT,
        }
    ),
    # Intake meets duplicates first, at the desk: it sees the review queue (with
    # pseudonyms) but the decision to merge belongs to legal officers and the Chief.
    Role.INTAKE: frozenset(
        {
            Right.VIEW_STATISTICS,
            Right.VIEW_APPLICATIONS,
            Right.ENTER_FORMS,
            Right.IMPORT_APPLICATIONS,
            Right.EDIT_FORMS,
            Right.RECORD_INTAKE,
            Right.DOWNLOAD_DOCUMENTS,
            Right.EXPORT_LISTS,
            Right.VIEW_PEOPLE,
            Right.REVIEW_DUPLICATES,
            Right.VIEW_REPRESENTATION,
            Right.REFER_SUPPORT,
            Right.VIEW_SUPPORT,
            Right.LOG_CONTACTS,
            Right.VIEW_PROJECTS,
            Right.VIEW_PARTICIPANTS,
            Right.VIEW_TALLIES,
            Right.VIEW_EVENTS,
            Right.VIEW_CALENDAR,
            Right.VIEW_MESSAGES,
            Right.MANAGE_CONTACT_PREFERENCES,
        }
    ),
    Role.LEGAL: frozenset(
        {
            Right.VIEW_STATISTICS,
            Right.VIEW_APPLICATIONS,
            Right.EDIT_FORMS,
            Right.RECORD_INTAKE,
            Right.DECIDE,
            Right.OVERRIDE_DEADLINE,
            Right.SEE_PROTECTED_IDENTITIES,
            Right.DOWNLOAD_DOCUMENTS,
            Right.EXPORT_LISTS,
            Right.VIEW_PEOPLE,
            Right.MANAGE_CASES,
            Right.REVIEW_DUPLICATES,
            Right.DECIDE_DUPLICATES,
            Right.RUN_MATCHING,
            Right.VIEW_REPRESENTATION,
            Right.MANAGE_LAWYERS,
            Right.MANAGE_REPRESENTATION,
            Right.REFER_SUPPORT,
            Right.VIEW_SUPPORT,
            Right.LOG_CONTACTS,
            Right.VIEW_PROJECTS,
            Right.VIEW_PARTICIPANTS,
            Right.VIEW_TALLIES,
            Right.VIEW_PROPOSALS,
            Right.VIEW_EVENTS,
            Right.VIEW_CALENDAR,
            Right.MANAGE_COURT_DATES,
            Right.VIEW_MESSAGES,
        }
    ),
    # Reparations and outreach work with Civil Parties as a population: they read
    # applications but neither change them nor open the documents. The reparations
    # officer runs the programme; what goes into a claim is the Chief's to approve.
    # Outreach meets victims in the provinces, hears their proposals at forums, and
    # refers them to psychosocial support; it runs the events (who comes, how they travel,
    # the day itself), the focal persons in the villages, the newsletters and the
    # messages that reach each person, and records the court's dates.
    Role.REPARATIONS: frozenset(
        {
            Right.VIEW_STATISTICS,
            Right.VIEW_APPLICATIONS,
            Right.VIEW_PEOPLE,
            Right.VIEW_REPRESENTATION,
            Right.LOG_CONTACTS,
            Right.VIEW_PROJECTS,
            Right.MANAGE_PROJECTS,
            Right.REPORT_PROGRESS,
            Right.VIEW_PARTICIPANTS,
            Right.VIEW_PROPOSALS,
            Right.RECORD_PROPOSALS,
            Right.VIEW_TALLIES,
            Right.VIEW_EVENTS,
            Right.VIEW_CALENDAR,
            Right.VIEW_MESSAGES,
        }
    ),
    Role.OUTREACH: frozenset(
        {
            Right.VIEW_STATISTICS,
            Right.VIEW_APPLICATIONS,
            Right.VIEW_PEOPLE,
            Right.VIEW_REPRESENTATION,
            Right.REFER_SUPPORT,
            Right.VIEW_SUPPORT,
            Right.LOG_CONTACTS,
            Right.VIEW_PROJECTS,
            Right.VIEW_PARTICIPANTS,
            Right.VIEW_TALLIES,
            Right.VIEW_PROPOSALS,
            Right.RECORD_PROPOSALS,
            Right.VIEW_EVENTS,
            Right.MANAGE_EVENTS,
            Right.RECORD_ATTENDANCE,
            Right.VIEW_CALENDAR,
            Right.MANAGE_COURT_DATES,
            Right.SEND_MESSAGES,
            Right.VIEW_MESSAGES,
            Right.MANAGE_CONTACT_PREFERENCES,
            Right.EDIT_PUBLIC_CONTENT,
        }
    ),
    # The auditor checks who read and changed what, which the log shows by account,
    # record id, pseudonym and request without a protected person's identity; so the
    # auditor does not hold SEE_PROTECTED_IDENTITIES and reads the log masked like any
    # other role without it. Were the auditor to see identities, the one account that
    # reads every entry would become the widest window on the people the court protects.
    # The auditor takes the log away as a file (masked as the page masks it) to study it.
    Role.AUDITOR: frozenset({Right.VIEW_AUDIT_LOG, Right.EXPORT_LISTS}),
    Role.INTERMEDIARY: frozenset(
        {
            Right.VIEW_APPLICATIONS,
            Right.ENTER_FORMS,
            Right.EDIT_FORMS,
            Right.DOWNLOAD_DOCUMENTS,
            Right.EXPORT_LISTS,
            Right.VIEW_PEOPLE,
        }
    ),
    # A lawyer's scope is their clients (and, for a Lead Co-Lawyer, the consolidated
    # group of their case, read-only): see applications_in_scope. A lawyer exports the
    # lists of that scope alone, to keep their own caseload. A Lead Co-Lawyer reads the
    # projects and consultation tallies of the cases they lead and requests projects in
    # the claim (vss.policy.reparations: a lawyer who leads no case sees none).
    Role.LAWYER: frozenset(
        {
            Right.VIEW_APPLICATIONS,
            Right.VIEW_PEOPLE,
            Right.DOWNLOAD_DOCUMENTS,
            Right.EXPORT_LISTS,
            Right.WORK_FOR_CLIENTS,
            Right.LOG_CONTACTS,
            Right.VIEW_PROJECTS,
            Right.VIEW_TALLIES,
            Right.REQUEST_IN_CLAIM,
            Right.VIEW_CALENDAR,
            Right.VIEW_MESSAGES,
        }
    ),
    # A partner organisation sees the people referred to it, and nothing of their
    # applications; as an implementing partner, the projects it implements, the Civil
    # Parties taking part in them, and it reports on its work; at the events it
    # co-organises with the Section, who is coming, and it checks them in
    # (vss.policy.outreach).
    Role.PARTNER: frozenset(
        {
            Right.VIEW_PEOPLE,
            Right.VIEW_SUPPORT,
            Right.RECORD_SUPPORT,
            Right.READ_HEALTH_NOTES,
            Right.LOG_CONTACTS,
            Right.VIEW_PROJECTS,
            Right.REPORT_PROGRESS,
            Right.VIEW_PARTICIPANTS,
            Right.VIEW_EVENTS,
            Right.RECORD_ATTENDANCE,
            Right.VIEW_CALENDAR,
        }
    ),
    # A donor reads the projects it funds and their reports, with no personal data.
    Role.DONOR: frozenset({Right.VIEW_PROJECTS}),
}


# The Section's own staff, as opposed to the auditor and the users of other organisations.
SECTION_STAFF = (Role.CHIEF, Role.INTAKE, Role.LEGAL, Role.REPARATIONS, Role.OUTREACH)


def has_right(user: User, right: Right) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return right in ROLE_RIGHTS.get(user.role, frozenset())


def require_right(user: User, right: Right) -> None:
    if not has_right(user, right):
        raise PermissionDenied


def holds_right(right: Right) -> Callable[[User], bool]:
    """Whether a user holds the right, as a test the menu and the home page can keep."""

    def test(user: User) -> bool:
        return has_right(user, right)

    return test


def acts_for_intermediary(user: User) -> bool:
    """A user of an intermediary organisation: the forms they enter are collected
    through, and belong to, their organisation."""
    return user.role == Role.INTERMEDIARY


def acts_for_partner(user: User) -> bool:
    """A user of a partner organisation: its work is the referrals made to it."""
    return user.role == Role.PARTNER


def acts_for_donor(user: User) -> bool:
    """A user of a donor: what it reads is the projects its organisation funds."""
    return user.role == Role.DONOR


def is_lawyer_account(user: User) -> bool:
    """An account of the lawyer role: linked to a lawyer on the list, it sees what that
    lawyer's mandates give."""
    return user.role == Role.LAWYER


def lawyer_accounts(users: QuerySet[User]) -> QuerySet[User]:
    return users.filter(role=Role.LAWYER)

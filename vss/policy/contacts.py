"""The contact log: whose entries a user reads, about whom they write, and whom an entry
may name as its author or the one to follow it up."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from vss.accounts.models import Role

from .people import people_in_scope
from .representation import mandates_to_work_on
from .rights import Right
from .roles import ROLE_RIGHTS, SECTION_STAFF
from .scope import ScopeFunction, in_scope

if TYPE_CHECKING:
    from vss.accounts.models import User
    from vss.people.models import Person
    from vss.support.models import Contact

# A lawyer's talks with a client are privileged and a partner's visits touch on health:
# each reads the entries of VSS staff and its own (the lawyer's, the partner
# organisation's), not the other's.
PRIVATE_AUTHORS = (Role.LAWYER, Role.PARTNER)


def _staff_and_own(user: User, contacts: QuerySet[Contact]) -> QuerySet[Contact]:
    return contacts.filter(~Q(recorded_by__role__in=PRIVATE_AUTHORS) | Q(recorded_by=user))


def _staff_and_own_organisation(user: User, contacts: QuerySet[Contact]) -> QuerySet[Contact]:
    return contacts.filter(
        ~Q(recorded_by__role__in=PRIVATE_AUTHORS)
        | Q(recorded_by__role=Role.PARTNER, recorded_by__organisation=user.organisation_id)
    )


CONTACT_SCOPE: dict[str, ScopeFunction[Contact]] = {
    Role.LAWYER: _staff_and_own,
    Role.PARTNER: _staff_and_own_organisation,
}


def contacts_in_scope(user: User, contacts: QuerySet[Contact]) -> QuerySet[Contact]:
    """The contact log of a person the user may see, less the entries private to others."""
    return in_scope(CONTACT_SCOPE, user, contacts, right=Right.LOG_CONTACTS)


def _current_clients(user: User, people: QuerySet[Person]) -> QuerySet[Person]:
    # A Lead Co-Lawyer reads the rest of the consolidated group without writing about it.
    mandates = mandates_to_work_on(user)
    if mandates is None:
        return people.none()
    return people.filter(pk__in=mandates.values("application__applicant_id"))


# The people a role writes about: those it may see (people_in_scope) unless named here.
CONTACT_PEOPLE: dict[str, ScopeFunction[Person]] = {
    Role.LAWYER: _current_clients,
}


def contact_people(user: User, people: QuerySet[Person]) -> QuerySet[Person]:
    """The people the user may write contact-log entries about."""
    return in_scope(CONTACT_PEOPLE, user, people, right=Right.LOG_CONTACTS, default=people_in_scope)


def can_log_contact(user: User, person: Person) -> bool:
    from vss.people.models import Person

    return contact_people(user, Person.objects.filter(pk=person.pk)).exists()


def _own_organisations_users(actor: User, users: QuerySet[User]) -> QuerySet[User]:
    return users.filter(role=Role.PARTNER, organisation=actor.organisation)


def _themself(actor: User, users: QuerySet[User]) -> QuerySet[User]:
    return users.filter(pk=actor.pk)


def _staff_who_log_contacts(actor: User, users: QuerySet[User]) -> QuerySet[User]:
    staff = [role for role in SECTION_STAFF if Right.LOG_CONTACTS in ROLE_RIGHTS[role]]
    return users.filter(role__in=staff, is_service=False)


CONTACT_AUTHORS: dict[str, ScopeFunction[User]] = {
    Role.PARTNER: _own_organisations_users,
    Role.LAWYER: _themself,
}


def contact_authors(actor: User, users: QuerySet[User]) -> QuerySet[User]:
    """Whom an entry the actor writes can name as its author or the follow-up's: staff
    choose among staff; a partner's user among its organisation's users; a lawyer only
    themself. Each must be able to log contacts with the person (checked again when
    recording)."""
    return CONTACT_AUTHORS.get(actor.role, _staff_who_log_contacts)(actor, users)

"""One persona per role, as the access tests meet them."""

from vss.accounts.models import Role, User

from .factories import OrganisationFactory, UserFactory

STAFF_ROLES = [Role.CHIEF, Role.INTAKE, Role.LEGAL, Role.REPARATIONS, Role.OUTREACH]


def persona(role: str, organisation_name: str = "ADHOC") -> User:
    if role == Role.INTERMEDIARY:
        organisation = OrganisationFactory.create(name=organisation_name, acronym=organisation_name)
        return UserFactory.create(
            username=f"{role}-{organisation_name.lower()}", role=role, organisation=organisation
        )
    return UserFactory.create(username=role, role=role)

"""One persona per role, as the access tests meet them."""

from vss.accounts.models import OrganisationKind, Role, User

from .factories import (
    CaseFactory,
    LawyerFactory,
    LeadCoLawyerFactory,
    OrganisationFactory,
    UserFactory,
)

STAFF_ROLES = [Role.CHIEF, Role.INTAKE, Role.LEGAL, Role.REPARATIONS, Role.OUTREACH]

# The persona fixtures of conftest.py, by name, as the access matrices list them: the
# Section's staff, then the auditor and the intermediary, then those outside the Section
# who see only their own clients, referrals or funded projects.
STAFF = ["chief", "intake", "legal", "reparations", "outreach"]
OUTSIDE = ["lawyer", "lead_co_lawyer", "partner", "donor"]
PERSONAS = [*STAFF, "auditor", "intermediary", *OUTSIDE]


def persona(role: str, organisation_name: str = "ADHOC") -> User:
    if role == Role.INTERMEDIARY:
        organisation = OrganisationFactory.create(name=organisation_name, acronym=organisation_name)
        return UserFactory.create(
            username=f"{role}-{organisation_name.lower()}", role=role, organisation=organisation
        )
    if role == Role.PARTNER:
        organisation = OrganisationFactory.create(
            name=organisation_name,
            acronym=organisation_name,
            kind=OrganisationKind.PARTNER,
            offers_support=True,
        )
        return UserFactory.create(
            username=f"{role}-{organisation_name.lower()}", role=role, organisation=organisation
        )
    if role == Role.DONOR:
        return donor_persona()
    return UserFactory.create(username=role, role=role)


def donor_persona(name: str = "Germany (BMZ/GIZ)", acronym: str = "BMZ") -> User:
    """A user of a donor organisation: it reads the projects its organisation funds."""
    organisation = OrganisationFactory.create(
        name=name, acronym=acronym, kind=OrganisationKind.DONOR
    )
    return UserFactory.create(
        username=f"donor-{acronym.lower()}", role=Role.DONOR, organisation=organisation
    )


def lawyer_persona(username: str = "lawyer", family_name: str = "CHET") -> User:
    """A Civil Party Lawyer on the list, with an account; clients are given per test."""
    user = UserFactory.create(username=username, role=Role.LAWYER, email=f"{username}@example.org")
    LawyerFactory.create(user=user, family_name=family_name)
    return user


def lead_co_lawyer_persona(case_number: str = "002/02") -> User:
    """The national Lead Co-Lawyer of a case (Case 002/02 unless told)."""
    user = lawyer_persona("lead-co-lawyer", "PICH")
    LeadCoLawyerFactory.create(case=CaseFactory.create(number=case_number), lawyer=user.lawyer)
    return user

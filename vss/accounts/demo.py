"""The demo's organisations and its accounts: one per role, all with one known password
(vss.demo.DEMO_PASSWORD, handed over by the run).

Created only by `generate_demo_data`, and only in a database that holds no form yet, so that
a known password never lands in a database with real records.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from vss.accounts.models import Organisation, OrganisationKind, Role, User
from vss.core.demo.steps import DemoStep


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    can: str  # what the role may do, in one sentence (for `manage.py demo_logins`)
    # The holder's name, as a Section's national and international staff write theirs in
    # Latin letters (the family name of a Cambodian in capitals); a lawyer account takes
    # the name of its lawyer on the list (vss.representation.demo).
    given_name: str
    family_name: str
    organisation: str = ""  # acronym, for an intermediary, a partner or a donor


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "chief",
        Role.CHIEF,
        "Everything staff can do: enters forms, decides, accepts late filings, sees protected "
        "identities, gives Civil Parties lawyers and groups, overrides a conflict of interest "
        "with a reason, and approves the reparation projects requested into the claim.",
        "Malis",
        "PRAK",
    ),
    DemoAccount(
        "intake",
        Role.INTAKE,
        "Enters and corrects forms and records receipt, gaps, withdrawals and deaths; refers "
        "people to psychosocial support and logs contacts; no decisions, no protected identities.",
        "Dara",
        "SENG",
    ),
    DemoAccount(
        "legal",
        Role.LEGAL,
        "Screens applications, records the judges' decisions, accepts late filings, sees "
        "protected identities, keeps the list of lawyers and gives Civil Parties lawyers and "
        "groups.",
        "Johanna",
        "Lindqvist",
    ),
    DemoAccount(
        "reparations",
        Role.REPARATIONS,
        "Runs the reparations programme: proposals, projects and their lifecycle (not into "
        "the claim), funding and implementation; reads applications, people, lawyers and "
        "groups and logs contacts; changes no application and opens no documents.",
        "Sophal",
        "OUK",
    ),
    DemoAccount(
        "outreach",
        Role.OUTREACH,
        "Runs outreach: events and who comes to them (the draw, invitations, logistics, "
        "check-in), the court's calendar, newsletters and messages, and focal persons; "
        "reads applications and people, refers people to psychosocial support and logs "
        "contacts; changes no application and opens no documents.",
        "Chanthy",
        "MOM",
    ),
    DemoAccount(
        "auditor", Role.AUDITOR, "Reads the audit log and nothing else.", "Ingrid", "Halvorsen"
    ),
    DemoAccount(
        "intermediary",
        Role.INTERMEDIARY,
        "Enters forms for ADHOC and sees only ADHOC's forms, editable until they go to the judges.",
        "Vibol",
        "TOUCH",
        organisation="ADHOC",
    ),
    DemoAccount(
        "lawyer",
        Role.LAWYER,
        "A Civil Party Lawyer: sees only their own clients, adds notes and documents to their "
        "files, and is told when a client's status changes.",
        "",
        "",
    ),
    DemoAccount(
        "leadlawyer",
        Role.LAWYER,
        "The national Civil Party Lead Co-Lawyer of Case 002 and its trials 002/01 and 002/02: "
        "reads the whole consolidated group of the case, its reparation projects and tallies, "
        "and requests projects in the claim.",
        "",
        "",
    ),
    DemoAccount(
        "partner",
        Role.PARTNER,
        "Psychosocial support at TPO Cambodia: sees only the people referred to TPO, records "
        "sessions and health notes; reads the reparation projects TPO implements and files "
        "their progress reports.",
        "Sreyneang",
        "KHIM",
        organisation="TPO Cambodia",
    ),
    DemoAccount(
        "donor",
        Role.DONOR,
        "A donor's officer at Germany (BMZ/GIZ): reads the reparation projects Germany funds, "
        "their funding and reports, with no personal data.",
        "Katrin",
        "Vogel",
        organisation="BMZ",
    ),
)


@dataclass(frozen=True)
class Intermediary:
    acronym: str
    name: str
    name_km: str
    weight: int  # share of the forms collected, in percent
    offers_support: bool = False  # also a psychosocial support partner


# The NGOs that collected Victim Information Forms in the provinces, with the Khmer names
# they go by.
INTERMEDIARIES: tuple[Intermediary, ...] = (
    Intermediary(
        "ADHOC",
        "Cambodian Human Rights and Development Association",
        "សមាគមអាដហុក",
        30,
    ),
    Intermediary("DC-Cam", "Documentation Center of Cambodia", "មជ្ឈមណ្ឌលឯកសារកម្ពុជា", 16),
    Intermediary(
        "CHRAC",
        "Cambodian Human Rights Action Committee",
        "គណៈកម្មាធិការសកម្មភាពសិទ្ធិមនុស្សកម្ពុជា",
        10,
    ),
    Intermediary(
        "TPO Cambodia",
        "Transcultural Psychosocial Organization Cambodia",
        "អង្គការសុខភាពផ្លូវចិត្តសង្គមឆ្លងវប្បធម៌",
        9,
        offers_support=True,
    ),
    Intermediary("Kdei Karuna", "Kdei Karuna", "ក្តីករុណា", 8, offers_support=True),
    Intermediary("YFP", "Youth for Peace", "យុវជនដើម្បីសន្តិភាព", 7),
    Intermediary(
        "LICADHO",
        "Cambodian League for the Promotion and Defense of Human Rights",
        "សម្ព័ន្ធខ្មែរជំរឿន និងការពារសិទ្ធិមនុស្ស",
        6,
    ),
    Intermediary("CDP", "Cambodian Defenders Project", "គម្រោងការពារជនកម្ពុជា", 5),
    Intermediary("KID", "Khmer Institute of Democracy", "វិទ្យាស្ថានខ្មែរដើម្បីប្រជាធិបតេយ្យ", 4),
    Intermediary(
        "KKKHRA",
        "Khmer Kampuchea Krom Human Rights Association",
        "សមាគមសិទ្ធិមនុស្សខ្មែរកម្ពុជាក្រោម",
        5,
    ),
)


@dataclass(frozen=True)
class Donor:
    acronym: str
    name: str
    name_km: str


# Donors the published reports name as funders of the reparation projects of Case 002.
DONORS: tuple[Donor, ...] = (
    Donor("BMZ", "Germany (BMZ/GIZ)", "អាល្លឺម៉ង់ (BMZ/GIZ)"),
    Donor("SDC", "Switzerland (SDC)", "ស្វីស (SDC)"),
    Donor("DFAT", "Australia (DFAT)", "អូស្ត្រាលី (DFAT)"),
    Donor("EU", "European Union", "សហភាពអឺរ៉ុប"),
)


def ensure_donors() -> dict[str, Organisation]:
    """The donor organisations by acronym, created if missing (kept as they are if known)."""
    found: dict[str, Organisation] = {}
    for ref in DONORS:
        organisation = Organisation.objects.filter(acronym=ref.acronym).order_by("id").first()
        if organisation is None:
            organisation = Organisation.objects.create(
                name=ref.name, name_km=ref.name_km, acronym=ref.acronym, kind=OrganisationKind.DONOR
            )
        found[ref.acronym] = organisation
    return found


def ensure_intermediaries() -> dict[str, Organisation]:
    """The intermediary organisations by acronym, created if missing (an organisation
    already known under the acronym or the name is kept as it is)."""
    found: dict[str, Organisation] = {}
    for ref in INTERMEDIARIES:
        organisation = (
            Organisation.objects.filter(acronym=ref.acronym).order_by("id").first()
            or Organisation.objects.filter(name=ref.name).first()
        )
        if organisation is None:
            organisation = Organisation.objects.create(
                name=ref.name,
                name_km=ref.name_km,
                acronym=ref.acronym,
                kind=OrganisationKind.INTERMEDIARY,
                offers_support=ref.offers_support,
            )
        found[ref.acronym] = organisation
    return found


@transaction.atomic
def ensure_demo_accounts(
    organisations: dict[str, Organisation], *, password: str
) -> dict[str, User]:
    """The demo users by username; a missing one is created with `password`, an existing
    one is left untouched (its password included)."""
    users: dict[str, User] = {}
    hashed = ""  # hashed once: the hasher is slow on purpose, and the password is shared
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = User(
                username=account.username,
                role=account.role,
                first_name=account.given_name,
                last_name=account.family_name,
                organisation=organisations[account.organisation] if account.organisation else None,
            )
            hashed = hashed or make_password(password)
            user.password = hashed
            user.save()
        users[account.username] = user
    return users


def organisation_names(organisations: dict[str, Organisation]) -> dict[int, str]:
    """How the demo's texts name each organisation, by id."""
    return {o.pk: o.acronym or o.name for o in organisations.values()}


class AccountsDemo(DemoStep):
    """The organisations and accounts every other step records its rows by."""

    label = "organisations and accounts"

    def prepare(self) -> None:
        self.organisations = ensure_intermediaries() | ensure_donors()
        self.users = ensure_demo_accounts(self.organisations, password=self.run.password)

    def user_id(self, username: str) -> int:
        return self.users[username].pk

"""Civil Party Lawyers for the demo data: the VSS list (national and international
lawyers, their legal teams and the history of their place on the list), the Lead
Co-Lawyers of Case 002, and from each case's closing order (Rule 23ter) the mandates and
groups of its Civil Parties, with a few declared conflicts of interest.

The lawyers' names are made up from common name lists; none is meant to name a real
lawyer. Rows go through the run's writer like every other demo row; the Civil Parties are
read from the applications' step as compact arrays (see ApplicationsDemo._application), so
a million applicants cost one pass over them. The demo lawyer's clients become its caseload,
for the steps that give it contacts.
"""

from __future__ import annotations

import datetime
from array import array
from collections import Counter
from dataclasses import dataclass, field

from vss.accounts.demo import AccountsDemo, organisation_names
from vss.accounts.models import User
from vss.applications.demo.generator import ApplicationsDemo
from vss.applications.demo.plan import scaled_counts
from vss.core.demo.draw import plain
from vss.core.demo.steps import DemoStep
from vss.geo.models import CrimeSite, Province
from vss.people.demo import names as demo_names
from vss.representation import models as representation

Kind = plain(representation.LawyerKind)
LAWYER_STATUS = plain(representation.LawyerStatus)
Basis = plain(representation.GroupBasis)

LAWYER_COLUMNS = (
    "id", "family_name", "given_name", "name_km", "kind", "bar", "bar_number", "languages",
    "legal_team", "email", "phone", "address", "status", "applied_on", "user_id", "created_at",
    "created_by_id",
)  # fmt: skip
LAWYER_CHANGE_COLUMNS = (
    "id", "lawyer_id", "from_status", "to_status", "decided_on", "reason", "decided_by_id", "at",
)  # fmt: skip
LEAD_COLUMNS = (
    "id", "case_id", "lawyer_id", "seat", "appointed_on", "ended_on", "end_reason",
    "recorded_by_id", "recorded_at",
)  # fmt: skip
CONFLICT_COLUMNS = (
    "id", "lawyer_id", "person_id", "description", "declared_on", "declared_by_id", "lifted_on",
    "lift_reason", "lifted_by_id",
)  # fmt: skip
GROUP_COLUMNS = (
    "id", "case_id", "name", "name_km", "name_fr", "basis", "legal_team", "crime_site_id", "intermediary_id",
    "province_id", "lawyer_id", "created_at", "created_by_id", "archived_at", "archived_by_id",
    "archive_reason",
)  # fmt: skip
MEMBERSHIP_COLUMNS = (
    "id", "group_id", "application_id", "started_on", "ended_on", "end_reason",
    "assigned_by_id", "ended_by_id",
)  # fmt: skip
REPRESENTATION_COLUMNS = (
    "id", "application_id", "lawyer_id", "started_on", "ended_on", "end_reason",
    "power_of_attorney", "power_of_attorney_name", "power_of_attorney_sha256",
    "conflict_override_reason", "created_at", "created_by_id", "ended_by_id",
)  # fmt: skip

NATIONAL_BAR = "Bar Association of the Kingdom of Cambodia"
LEGAL_AID = "Legal Aid of Cambodia"
LEAD_SECTION = "Civil Party Lead Co-Lawyers Section"
TEAMS = (
    "Cambodian Defenders Project",
    LEGAL_AID,
    "Avocats Sans Frontières",
    "ADHOC Legal Unit",
    "Cambodian Human Rights Action Committee",
    "Khmer Kampuchea Krom Legal Team",
)
TEAM_WEIGHTS = (26, 22, 20, 14, 10, 8)
# The teams' names in English, Khmer and French (proper names that French keeps as they are).
TEAM_NAMES = {
    "Cambodian Defenders Project": (
        "Cambodian Defenders Project",
        "គម្រោងការពារជនកម្ពុជា",
        "Cambodian Defenders Project",
    ),
    LEGAL_AID: (LEGAL_AID, "ជំនួយផ្នែកច្បាប់នៃកម្ពុជា", "Aide juridique du Cambodge"),
    "Avocats Sans Frontières": (
        "Avocats Sans Frontières",
        "មេធាវីគ្មានព្រំដែន",
        "Avocats Sans Frontières",
    ),
    "ADHOC Legal Unit": ("ADHOC Legal Unit", "ផ្នែកច្បាប់អាដហុក", "Service juridique de l'ADHOC"),
    "Cambodian Human Rights Action Committee": (
        "Cambodian Human Rights Action Committee",
        "គណៈកម្មាធិការសកម្មភាពសិទ្ធិមនុស្សកម្ពុជា",
        "Comité cambodgien d'action pour les droits de l'homme",
    ),
    "Khmer Kampuchea Krom Legal Team": (
        "Khmer Kampuchea Krom Legal Team",
        "ក្រុមមេធាវីខ្មែរកម្ពុជាក្រោម",
        "Équipe juridique khmère Kampuchea Krom",
    ),
}
# How the demo names a group, in English, Khmer and French; the groups' names are data (a
# group is named once, by the VSS), so they are written in each language here rather than
# translated by the catalogues.
LANGUAGES = ("en", "km", "fr")
GROUP_OF_TEAM = ("{}", "{}", "{}")
GROUP_OF_INTERMEDIARY = (
    "Civil Parties assisted by {}",
    "ដើមបណ្តឹងរដ្ឋប្បវេណីដែលទទួលជំនួយពី {}",
    "Parties civiles assistées par {}",
)
GROUP_OF_SITE = ("Victims of {}", "ជនរងគ្រោះនៃ{}", "Victimes : {}")
GROUP_OF_PROVINCE = ("Civil Parties of {}", "ដើមបណ្តឹងរដ្ឋប្បវេណីមកពី{}", "Parties civiles de {}")
IN_CASE = {"en": "{} (Case {})", "km": "{} (សំណុំរឿង {})", "fr": "{} (dossier {})"}


def _group_names(patterns: tuple[str, str, str], en: str, km: str, fr: str) -> tuple[str, ...]:
    return tuple(p.format(n) for p, n in zip(patterns, (en, km, fr), strict=True))


def _in_case(name: str, number: str, language: str) -> str:
    return IN_CASE[language].format(name, number)


@dataclass(frozen=True)
class Nation:
    bars: tuple[str, ...]
    languages: tuple[str, ...]
    family: tuple[str, ...]
    given: tuple[str, ...]
    domain: str


NATIONS: tuple[tuple[Nation, int], ...] = (
    (
        Nation(
            ("Paris Bar", "Lyon Bar", "Bordeaux Bar"),
            ("French, English", "French, English, Khmer", "French"),
            (
                "Lefèvre",
                "Moreau",
                "Girard",
                "Bonnet",
                "Fontaine",
                "Chevalier",
                "Roussel",
                "Mercier",
                "Lambert",
                "Faure",
                "Perrin",
                "Vasseur",
                "Marchand",
                "Aubert",
            ),
            (
                "Claire",
                "Hélène",
                "Camille",
                "Julien",
                "Mathieu",
                "Sophie",
                "Antoine",
                "Céline",
                "Nicolas",
                "Aurélie",
                "Thomas",
                "Élise",
            ),
            "avocats.example.fr",
        ),
        40,
    ),
    (
        Nation(
            ("New York State Bar", "Bar of England and Wales"),
            ("English", "English, French", "English, Spanish"),
            (
                "Whitfield",
                "Harrington",
                "Caldwell",
                "Pemberton",
                "Ashworth",
                "Holloway",
                "Fairbanks",
                "Langley",
                "Sutherland",
                "Brennan",
            ),
            ("Emily", "Daniel", "Rachel", "Michael", "Laura", "James", "Hannah", "Peter"),
            "counsel.example.com",
        ),
        30,
    ),
    (
        Nation(
            ("Netherlands Bar (The Hague)",),
            ("Dutch, English, French", "English, Dutch"),
            ("van Dijk", "de Graaf", "Bakker", "Visser", "Smit", "Mulder"),
            ("Anouk", "Pieter", "Femke", "Joost", "Marieke", "Bram"),
            "advocaten.example.nl",
        ),
        15,
    ),
    (
        Nation(
            ("Brussels Bar", "Geneva Bar", "Barreau du Québec"),
            ("French, English", "French, German, English"),
            ("Dumont", "Lemaire", "Favre", "Gagnon", "Tremblay", "Peeters"),
            ("Isabelle", "Luc", "Nathalie", "Olivier", "Geneviève", "Marc"),
            "barreau.example.org",
        ),
        15,
    ),
)
NATIONAL_LANGUAGES = ("Khmer", "Khmer, English", "Khmer, French", "Khmer, English, French")
# The lawyers' addresses and the reasons on their records, in Khmer as the Section's
# national staff write them; bars, working languages and legal teams stay as typed in
# English, for vss.representation.labels shows each in the reader's language.
STREETS = ("ផ្លូវលេខ ៥១", "ផ្លូវលេខ ៦៣", "ផ្លូវលេខ ១៧៨", "ផ្លូវលេខ ២៤០", "មហាវិថីព្រះនរោត្តម",
           "មហាវិថីព្រះសីហនុ", "ផ្លូវលេខ ២៧១", "មហាវិថីព្រះមុនីវង្ស")  # fmt: skip
ADDRESS = "ផ្ទះលេខ {}, {}, រាជធានីភ្នំពេញ"
REFUSALS = (
    "មិនបានដាក់វិញ្ញាបនបត្របញ្ជាក់សមាជិកភាពនៃគណៈមេធាវី។",
    "មេធាវីមិនបំពេញលក្ខខណ្ឌបទពិសោធន៍វិជ្ជាជីវៈរយៈពេលដប់ឆ្នាំ។",
)
SUSPENSIONS = ("ត្រូវគណៈមេធាវីព្យួរ ក្នុងពេលរង់ចាំនីតិវិធីវិន័យ។",)
WITHDRAWALS = (
    "មេធាវីបានស្នើសុំដកឈ្មោះចេញពីបញ្ជី។",
    "មេធាវីបានឈប់ប្រកបវិជ្ជាជីវៈមេធាវី។",
    "មេធាវីបានចូលបម្រើការងារនៅតុលាការ។",
)
ENDED_OTHER = (
    "ត្រូវបានជំនួស តាមការស្នើសុំរបស់ដើមបណ្តឹងរដ្ឋប្បវេណី។",
    "មេធាវីបានចាកចេញពីក្រុមមេធាវី ហើយក្រុមបានទទួលបន្តអាណត្តិនេះ។",
    "មេធាវីរួមរបស់ក្រុមត្រូវបានផ្លាស់ប្តូរ។",
)
PASSED_ON = "មេធាវីបានដកឈ្មោះចេញពីបញ្ជី ហើយអាណត្តិត្រូវបានផ្ទេរទៅមេធាវីម្នាក់ទៀត។"
RESIGNED = "បានលាលែងពីតំណែង ហើយសហមេធាវីនាំមុខអន្តរជាតិបច្ចុប្បន្នបានស្នងតំណែង។"
CONFLICTS = (
    "មេធាវីធ្លាប់តំណាងឱ្យអតីតប្រធានសហករណ៍របស់អ្នកដាក់ពាក្យសុំ ក្នុងវិវាទដីធ្លីមួយ។",
    "មេធាវីជាក្មួយរបស់អតីតប្រធានកងម្នាក់ ដែលមានឈ្មោះក្នុងពាក្យរៀបរាប់របស់អ្នកដាក់ពាក្យសុំ។",
    "ការិយាល័យរបស់មេធាវីផ្តល់ប្រឹក្សាដល់ក្រុមហ៊ុនមួយ ដែលមានវិវាទដីធ្លីជាមួយគ្រួសារអ្នកដាក់ពាក្យសុំ។",
    "មេធាវីការពារក្តីឱ្យភាគីម្ខាងទៀត ក្នុងរឿងរដ្ឋប្បវេណីពាក់ព័ន្ធមួយ។",
)
LIFTS = ("អាណត្តិផ្សេងទៀតនោះបានបញ្ចប់ហើយ។", "ក្រោយការពិនិត្យឡើងវិញ រកឃើញថាគ្មានទំនាស់ផលប្រយោជន៍ទេ។")
# Known Civil Party lawyers' names, never drawn even by chance.
REAL_NAMES = frozenset({("PICH", "Ang"), ("TY", "Srinna"), ("HONG", "Kimsuon"), ("SIN", "Soworn")})
# Family names of the accused of the ECCC cases: no lawyer of the demo bears one.
ACCUSED_FAMILIES = frozenset({"KHIEU", "NUON", "IENG", "KAING", "MEAS", "IM", "AO", "YIM"})


@dataclass
class LawyerRow:
    id: int
    kind: str
    team: str
    status: str
    recognised: int | None = None  # day ordinal
    left: int | None = None  # day suspended or withdrawn


@dataclass
class Pool:
    """Recognised lawyers by team, for the mandates."""

    national: dict[str, list[LawyerRow]] = field(default_factory=dict)
    international: dict[str, list[LawyerRow]] = field(default_factory=dict)
    former: list[LawyerRow] = field(default_factory=list)  # suspended or withdrawn


def lawyer_count(applicants: int) -> int:
    return min(400, 40 + applicants // 2500)


class RepresentationDemo(DemoStep):
    label = "lawyers, groups and mandates"

    def prepare(self) -> None:
        run = self.run
        self.applications = run.step(ApplicationsDemo)
        self.rng = run.rng
        self.day = run.day
        self.today = run.today_ord
        self.accounts = run.step(AccountsDemo)
        self.legal = self.accounts.user_id("legal")
        self.chief = self.accounts.user_id("chief")
        self.organisation_names = organisation_names(self.accounts.organisations)
        self.site_names = {
            pk: (name, name_km or name, name_fr or name)
            for pk, name, name_km, name_fr in CrimeSite.objects.values_list(
                "id", "name", "name_km", "name_fr"
            )
        }
        self.province_names = {
            code: (name_en, name_km or name_en, name_en)
            for code, name_en, name_km in Province.objects.values_list("code", "name_en", "name_km")
        }
        w = run.writer
        self.t_lawyer = w.table(representation.Lawyer, LAWYER_COLUMNS)
        self.t_lawyer_change = w.table(representation.LawyerStatusChange, LAWYER_CHANGE_COLUMNS)
        self.t_lead = w.table(representation.LeadCoLawyerAppointment, LEAD_COLUMNS)
        self.t_group = w.table(representation.CivilPartyGroup, GROUP_COLUMNS)
        self.t_membership = w.table(representation.GroupMembership, MEMBERSHIP_COLUMNS)
        self.t_representation = w.table(representation.Representation, REPRESENTATION_COLUMNS)
        self.t_conflict = w.table(representation.ConflictOfInterest, CONFLICT_COLUMNS)
        self.pool = Pool()
        self.lawyer_clients: list[int] = []  # applicant indexes of the demo lawyer's clients
        self.lead_cases: set[int] = set()
        khmer_family = [
            f for f in demo_names.FAMILY_NAMES if f.km and f.latin[0] not in ACCUSED_FAMILIES
        ]
        self.khmer_family = khmer_family[:40]
        self.khmer_given = [g for g in demo_names.GIVEN_NAMES_MALE if g.km][:30] + [
            g for g in demo_names.GIVEN_NAMES_FEMALE if g.km
        ][:30]
        self.used_names: set[tuple[str, str]] = set(REAL_NAMES)

    def write(self) -> None:
        self.make_list(self.run.options.applicants)
        self.represent()
        self.run.caseload["lawyer"] = self.lawyer_clients

    # --- the list ---------------------------------------------------------------------

    def _at(self, day: int) -> object:
        return self.run.at(day)

    def _name(self, nation: Nation | None) -> tuple[str, str, str, str]:
        """(family, given, Khmer name, email) not yet used."""
        rng = self.rng
        for _ in range(200):
            if nation is None:
                family_form, given_form = rng.pick(self.khmer_family), rng.pick(self.khmer_given)
                family, given = family_form.latin[0], given_form.latin[0]
                km = f"{family_form.km} {given_form.km}"
                domain = "lawyers.example.com.kh"
            else:
                family, given, km = rng.pick(nation.family), rng.pick(nation.given), ""
                domain = nation.domain
            if (family, given) not in self.used_names:
                break
        self.used_names.add((family, given))
        local = f"{given}.{family}".lower().replace(" ", "")
        email = "".join(c for c in local if c.isascii()) + "@" + domain
        return family, given, km, email

    def _lawyer(
        self,
        kind: str,
        status: str,
        team: str,
        applied: int,
        *,
        user: int | None = None,
        nation: Nation | None = None,
        decided: int | None = None,
        left: int | None = None,
    ) -> LawyerRow:
        rng = self.rng
        t = self.t_lawyer
        lawyer_id = t.new_id()
        if kind == Kind.INTERNATIONAL and nation is None:
            nation = self._nation()
        family, given, km, email = self._name(nation if kind == Kind.INTERNATIONAL else None)
        if kind == Kind.NATIONAL:
            bar, number, languages = NATIONAL_BAR, f"BAKC-{600 + lawyer_id:04d}", ""
            languages = rng.pick(NATIONAL_LANGUAGES)
            phone = (
                f"+855 {rng.pick(('12', '17', '77', '92'))} {rng.ri(100, 999)} {rng.ri(100, 999)}"
            )
            address = ADDRESS.format(rng.ri(2, 180), rng.pick(STREETS))
        else:
            assert nation is not None
            bar, number = rng.pick(nation.bars), f"{rng.ri(10, 99)}-{lawyer_id:05d}"
            languages = rng.pick(nation.languages)
            phone = f"+{rng.pick(('33', '44', '31', '32'))} {rng.ri(100, 999)} {rng.ri(1000, 9999)}"
            address = ""
        t.rows.append(
            (
                lawyer_id, family.upper() if kind == Kind.NATIONAL else family, given, km, kind,
                bar, number, languages, team, email, phone, address, status,
                self.day(applied), user, self._at(applied), self.legal,
            )
        )  # fmt: skip
        row = LawyerRow(lawyer_id, kind, team, status)
        # The decisions on the application to the list, then a suspension or withdrawal.
        if status != LAWYER_STATUS.APPLIED:
            decided = decided or min(applied + rng.ri(20, 90), self.today)
            to = (
                LAWYER_STATUS.REFUSED
                if status == LAWYER_STATUS.REFUSED
                else LAWYER_STATUS.RECOGNISED
            )
            reason = rng.pick(REFUSALS) if to == LAWYER_STATUS.REFUSED else ""
            self._change(lawyer_id, LAWYER_STATUS.APPLIED, to, decided, reason)
            if to == LAWYER_STATUS.RECOGNISED:
                row.recognised = decided
        if status in (LAWYER_STATUS.SUSPENDED, LAWYER_STATUS.WITHDRAWN):
            left = left or min(decided + rng.ri(700, 3500), self.today - 30)  # type: ignore[operator]
            left = max(left, decided + 1)  # type: ignore[operator]
            reasons = SUSPENSIONS if status == LAWYER_STATUS.SUSPENDED else WITHDRAWALS
            self._change(lawyer_id, LAWYER_STATUS.RECOGNISED, status, left, rng.pick(reasons))
            row.left = left
        return row

    def _name_account(self, user: int) -> None:
        """The lawyer account bears the name of the lawyer just put on the list for it."""
        family, given = self.t_lawyer.rows[-1][1:3]
        User.objects.filter(pk=user).update(first_name=given, last_name=family)

    def _change(self, lawyer: int, from_: str, to: str, day: int, reason: str) -> None:
        t = self.t_lawyer_change
        decider = self.chief if self.rng.chance(0.3) else self.legal
        t.rows.append(
            (t.new_id(), lawyer, from_, to, self.day(day), reason, decider, self._at(day))
        )

    def _nation(self) -> Nation:
        rng = self.rng
        r, total = rng.random() * 100, 0
        for nation, weight in NATIONS:
            total += weight
            if r < total:
                return nation
        return NATIONS[0][0]

    def make_list(self, applicants: int) -> None:
        """The list of lawyers, the demo lawyers' own entries and the Lead Co-Lawyers."""
        rng = self.rng
        applications = self.applications
        users = self.accounts.users
        existing = dict(
            representation.Lawyer.objects.filter(
                user__in=[users["lawyer"], users["leadlawyer"]]
            ).values_list("user_id", "id")
        )
        # The demo accounts' entries (kept from an earlier run into the same database).
        demo = users["lawyer"].pk
        if demo in existing:
            self.demo_lawyer = LawyerRow(
                existing[demo], Kind.NATIONAL, LEGAL_AID, LAWYER_STATUS.RECOGNISED
            )
            self.demo_lawyer.recognised = datetime.date(2009, 1, 1).toordinal()
        else:
            self.demo_lawyer = self._lawyer(
                Kind.NATIONAL, LAWYER_STATUS.RECOGNISED, LEGAL_AID, datetime.date(2008, 11, 3).toordinal(),
                user=demo, decided=datetime.date(2009, 1, 12).toordinal(),
            )  # fmt: skip
            self._name_account(demo)
        lead = users["leadlawyer"].pk
        if lead in existing:
            national_lead = existing[lead]
        else:
            national_lead = self._lawyer(
                Kind.NATIONAL, LAWYER_STATUS.RECOGNISED, LEAD_SECTION, datetime.date(2008, 6, 2).toordinal(),
                user=lead, decided=datetime.date(2008, 7, 21).toordinal(),
            ).id  # fmt: skip
            self._name_account(lead)
        first_international = self._lawyer(
            Kind.INTERNATIONAL, LAWYER_STATUS.WITHDRAWN, LEAD_SECTION, datetime.date(2008, 9, 15).toordinal(),
            nation=NATIONS[0][0], decided=datetime.date(2008, 11, 4).toordinal(),
            left=datetime.date(2013, 2, 28).toordinal(),
        ).id  # fmt: skip
        international_lead = self._lawyer(
            Kind.INTERNATIONAL, LAWYER_STATUS.RECOGNISED, LEAD_SECTION, datetime.date(2009, 3, 2).toordinal(),
            nation=NATIONS[0][0], decided=datetime.date(2009, 4, 20).toordinal(),
        ).id  # fmt: skip
        taken = set(
            representation.LeadCoLawyerAppointment.objects.filter(
                ended_on__isnull=True
            ).values_list("case_id", "seat")
        )
        t = self.t_lead
        severance = datetime.date(2011, 9, 22).toordinal()  # the Trial Chamber's severance order
        handover = datetime.date(2013, 2, 1).toordinal()
        for number, appointed in (
            ("002", datetime.date(2010, 12, 10)),
            ("002/01", None),
            ("002/02", None),
        ):
            scope = applications.scopes.get(number)
            if scope is None:
                continue
            case_id = scope.case.pk
            start = appointed.toordinal() if appointed else severance
            if (case_id, Kind.NATIONAL) not in taken:
                t.rows.append(
                    (t.new_id(), case_id, national_lead, Kind.NATIONAL, self.day(start), None,
                     "", self.chief, self._at(start))
                )  # fmt: skip
                self.lead_cases.add(case_id)
            if (case_id, Kind.INTERNATIONAL) in taken:
                continue
            if start < handover:
                t.rows.append(
                    (t.new_id(), case_id, first_international, Kind.INTERNATIONAL,
                     self.day(start), self.day(handover - 1),
                     RESIGNED, self.chief, self._at(start))
                )  # fmt: skip
            start = max(start, handover)
            t.rows.append(
                (t.new_id(), case_id, international_lead, Kind.INTERNATIONAL, self.day(start),
                 None, "", self.chief, self._at(start))
            )  # fmt: skip

        # Everyone else on the list (or asking to be).
        count = max(0, lawyer_count(applicants) - 3)
        statuses = [
            LAWYER_STATUS.RECOGNISED,
            LAWYER_STATUS.APPLIED,
            LAWYER_STATUS.REFUSED,
            LAWYER_STATUS.SUSPENDED,
            LAWYER_STATUS.WITHDRAWN,
        ]
        drawn: list[str] = []
        for status, n in zip(statuses, scaled_counts([80, 5, 4, 3, 8], count), strict=True):
            drawn += [status] * n
        rng.shuffle(drawn)
        team_pick = [t for t, w in zip(TEAMS, TEAM_WEIGHTS, strict=True) for _ in range(w)]
        for k, status in enumerate(drawn):
            # Every team gets one national lawyer at least, then teams by weight.
            team = TEAMS[k] if k < len(TEAMS) else rng.pick(team_pick)
            kind = Kind.NATIONAL if k < len(TEAMS) or rng.chance(0.55) else Kind.INTERNATIONAL
            if k < len(TEAMS):
                status = LAWYER_STATUS.RECOGNISED
            if status == LAWYER_STATUS.APPLIED:
                applied = self.today - rng.ri(5, 120)
            elif rng.chance(0.75):
                applied = datetime.date(2008, 1, 1).toordinal() + rng.ri(
                    0, 900
                )  # Cases 001 and 002
            else:
                applied = datetime.date(2011, 1, 1).toordinal() + rng.ri(
                    0, 2900
                )  # Cases 003 and 004
            applied = min(applied, self.today - 5)
            row = self._lawyer(kind, status, team, applied)
            if status == LAWYER_STATUS.RECOGNISED:
                pool = self.pool.national if kind == Kind.NATIONAL else self.pool.international
                pool.setdefault(team, []).append(row)
            elif row.left is not None:
                self.pool.former.append(row)

    # --- mandates and groups ----------------------------------------------------------

    def represent(self) -> None:
        """From each case's closing order, a national lawyer (and often an international
        one) for nearly every Civil Party, in groups with a common lawyer."""
        applications = self.applications
        cases = array("q", applications.cp_case)
        by_case: dict[int, list[int]] = {}
        for k, case_id in enumerate(cases):
            by_case.setdefault(case_id, []).append(k)
        represented = sum(len(v) for v in by_case.values())
        self.demo_share = min(0.5, 48 / represented) if represented else 0.0
        options = self.run.options
        self.conflict_share = min(0.2, (3 + options.applicants // 1000) / max(1, represented))
        existing = self._existing_group_names()
        scopes = {s.case.pk: s for s in applications.scopes.values()}
        for case_id in sorted(by_case):
            self._case(scopes[case_id], by_case[case_id], existing.get(case_id, set()))
            if len(self.t_representation.rows) > options.batch_size * 4:
                self.run.writer.flush()

    def _existing_group_names(self) -> dict[int, set[str]]:
        names: dict[int, set[str]] = {}
        for case_id, name in representation.CivilPartyGroup.objects.values_list("case_id", "name"):
            names.setdefault(case_id, set()).add(name)
        return names

    def _case(self, scope: object, members: list[int], taken_names: set[str]) -> None:
        applications = self.applications
        rng = self.rng
        case = scope.case  # type: ignore[attr-defined]
        closing = case.closing_order_on.toordinal() if case.closing_order_on else None
        orgs, sites, provinces = applications.cp_org, applications.cp_site, applications.cp_province
        n = len(members)
        # Candidate groups: the large intermediaries, crime sites and provinces of the
        # case's Civil Parties; every other Civil Party goes to a legal team's group.
        least = max(8, n // 14)

        def largest(values: array, limit: int) -> list[int]:
            counts = Counter(values[k] for k in members)
            counts.pop(0, None)
            ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
            return [v for v, c in ranked[:limit] if c >= least]

        by_org = {v: (Basis.INTERMEDIARY, v) for v in largest(orgs, 4)}
        by_site = {v: (Basis.CRIME_SITE, v) for v in largest(sites, 3)}
        by_province = {v: (Basis.PROVINCE, v) for v in largest(provinces, 3)}
        keys: dict[tuple[str, object], int] = {}
        chosen = array("l")
        team_pick = [t for t, w in zip(TEAMS, TEAM_WEIGHTS, strict=True) for _ in range(w)]
        for k in members:
            r = rng.random()
            key: tuple[str, object]
            if r < 0.3 and orgs[k] in by_org:
                key = by_org[orgs[k]]
            elif r < 0.45 and sites[k] in by_site:
                key = by_site[sites[k]]
            elif r < 0.6 and provinces[k] in by_province:
                key = by_province[provinces[k]]
            else:
                key = (Basis.LEGAL_TEAM, rng.pick(team_pick))
            chosen.append(keys.setdefault(key, len(keys)))
        groups = self._groups(case, list(keys), taken_names, closing)

        t_rep, t_member = self.t_representation, self.t_membership
        new_rep, new_member = t_rep.new_id, t_member.new_id
        reps, memberships = t_rep.rows, t_member.rows
        legal, today, day = self.legal, self.today, self.day
        demo = self.demo_lawyer
        pool = self.pool
        any_international = [x for team in TEAMS for x in pool.international.get(team, [])]
        for k, g in zip(members, chosen, strict=True):
            if (closing is None and rng.chance(0.5)) or rng.chance(0.025):
                continue  # not (yet) represented: the "without a lawyer" list
            group_id, team, common = groups[g]
            start = max(closing or 0, applications.cp_since[k]) + rng.ri(0, 90)
            start = min(start, today)
            application = applications.cp_app[k]
            if rng.random() < self.demo_share:
                national = demo
                self.lawyer_clients.append(applications.cp_applicant[k])
            elif rng.chance(0.7):
                national = common
            else:
                national = rng.pick(pool.national.get(team) or pool.national[TEAMS[0]])
            began = max(start, national.recognised or start)
            if rng.chance(0.04):
                began = self._earlier_mandate(application, began, team, national)
            reps.append(
                (new_rep(), application, national.id, day(began), None, "", "", "", "", "",
                 self._at(began), legal, None)
            )  # fmt: skip
            international = None
            if rng.chance(0.65):
                international = rng.pick(pool.international.get(team) or any_international)
                began = max(start, international.recognised or start)
                reps.append(
                    (new_rep(), application, international.id, day(began), None, "", "", "",
                     "", "", self._at(began), legal, None)
                )  # fmt: skip
            memberships.append((new_member(), group_id, application, day(start), None, "",
                                legal, None))  # fmt: skip
            if rng.random() < self.conflict_share:
                self._conflict(k, start, {national.id, international.id if international else 0})

    def _groups(
        self, case: object, keys: list[tuple[str, object]], taken: set[str], closing: int | None
    ) -> list[tuple[int, str, LawyerRow]]:
        """Write the case's groups; returns (id, legal team, common lawyer) per key."""
        rng = self.rng
        t = self.t_group
        number = case.number  # type: ignore[attr-defined]
        created = min(closing or self.today, self.today)
        out = []
        for k, (basis, value) in enumerate(keys):
            team = value if basis == Basis.LEGAL_TEAM else TEAMS[k % len(TEAMS)]
            lawyers = self.pool.national.get(str(team)) or self.pool.national[TEAMS[0]]
            common = rng.pick(lawyers)
            site = org = province = None
            if basis == Basis.LEGAL_TEAM:
                names = _group_names(GROUP_OF_TEAM, *TEAM_NAMES[str(team)])
            elif basis == Basis.INTERMEDIARY:
                org = value
                organisation = self.organisation_names[value]  # type: ignore[index]
                names = _group_names(
                    GROUP_OF_INTERMEDIARY, organisation, organisation, organisation
                )
            elif basis == Basis.CRIME_SITE:
                site = value
                names = _group_names(GROUP_OF_SITE, *self.site_names[value])  # type: ignore[index]
            else:
                province = f"{value:02d}"
                shown = self.province_names.get(province, (province, province, province))
                names = _group_names(GROUP_OF_PROVINCE, *shown)
            names = tuple(
                _in_case(n, number, language) for n, language in zip(names, LANGUAGES, strict=True)
            )
            while names[0] in taken:
                names = tuple(n + "*" for n in names)
            name, name_km, name_fr = names
            taken.add(name)
            group_id = t.new_id()
            t.rows.append(
                (group_id, case.pk, name, name_km, name_fr, basis, team, site, org, province, common.id,  # type: ignore[attr-defined]
                 self._at(created), self.legal, None, None, "")
            )  # fmt: skip
            out.append((group_id, str(team), common))
        return out

    def _earlier_mandate(self, application: int, began: int, team: str, current: LawyerRow) -> int:
        """A lawyer who had the mandate before: returns the day the current one began."""
        rng = self.rng
        former = [x for x in self.pool.former if (x.left or 0) > began + 30]
        if former and rng.chance(0.6):
            before = rng.pick(former)
            switch = before.left or began
            reason = rng.pick((PASSED_ON,))
        else:
            candidates = [
                x for x in self.pool.national.get(team, []) if x.id != current.id
            ] or self.pool.national[TEAMS[0]]
            before = rng.pick(candidates)
            if before.id == current.id:
                return began
            switch = min(began + rng.ri(60, 2000), self.today - 1)
            reason = rng.pick(ENDED_OTHER)
        start = max(began, before.recognised or began)
        if switch <= start:
            return began
        t = self.t_representation
        t.rows.append(
            (t.new_id(), application, before.id, self.day(start), self.day(switch), reason, "",
             "", "", "", self._at(start), self.legal, self.legal)
        )  # fmt: skip
        return switch

    def _conflict(self, k: int, start: int, not_with: set[int]) -> None:
        rng = self.rng
        candidates = [
            x for team in TEAMS for x in self.pool.national.get(team, []) if x.id not in not_with
        ]
        if not candidates:
            return
        lawyer = rng.pick(candidates)
        if self.demo_lawyer.id not in not_with and rng.chance(0.3):
            lawyer = self.demo_lawyer
        declared = min(start + rng.ri(0, 400), self.today)
        lifted, reason, by = None, "", None
        if rng.chance(0.3) and declared < self.today - 30:
            lifted, reason, by = (
                self.day(rng.ri(declared + 1, self.today)),
                rng.pick(LIFTS),
                self.chief,
            )
        t = self.t_conflict
        t.rows.append(
            (t.new_id(), lawyer.id, self.applications.people.person_of[self.applications.cp_applicant[k]],
             rng.pick(CONFLICTS), self.day(declared), self.legal, lifted, reason, by)
        )  # fmt: skip

"""The synthetic data set behind `manage.py generate_demo_data`.

Everything is drawn from one seeded random generator, in one pass over the applications
in the order they were received, so a seed gives the same people, forms and histories
whatever the batch size. The rows are those the services would have written, built here
directly so that a million applicants take minutes:
- people with the search-key rows of vss.people.services.person_name_rows (same keys, from
  vss.names.keys), and the relatives who died, named in indirect harms, with kinship;
- about 3 applicants in 100 filed twice, as a second person nobody recognised, with their
  own form and application (vss.people.demo.refilings): the duplicates the matcher finds;
- one Victim Information Form per application, with its crimes (types and sites of the
  case) and harms;
- applications with the applicant and province copied from the person, VSS numbers in
  order of receipt per case (Case.last_vss_serial moved on), the late ones with the reason
  they were accepted;
- the status changes of a path allowed by vss.applications.workflow, dated from the case's
  calendar, each by a user whose role holds the right the move needs.
No audit entry is written for this made-up history (vss.demo records the run itself).

Days are handled as ordinals and moments as minutes in the office's time zone (see
vss.core.demo.steps.DemoRun); the writer formats them for the database.
"""

from __future__ import annotations

import itertools
import time
from array import array
from dataclasses import dataclass

from vss.accounts.demo import INTERMEDIARIES, AccountsDemo
from vss.core.demo.draw import Weighted, plain
from vss.core.demo.steps import (
    BASE_APPLICANTS,
    CLOSES,
    DAY_MINUTES,
    OPENS,
    DemoRun,
    DemoStep,
    NoReferenceData,
)
from vss.geo.models import CrimeSite, Village
from vss.people.demo.maker import MALE, Ethnicity, PeopleMaker, Relationship
from vss.people.demo.refilings import REFILED_SHARE, Variation
from vss.proceedings.models import Case, CrimeType

from .. import models as applications
from .. import workflow
from ..models import Application, CrimeSuffered, Harm, StatusChange, VictimInformationForm
from . import plan

STATUS = plain(applications.Status)
ApplicationKind = plain(applications.ApplicationKind)
Channel = plain(applications.Channel)
SignatureKind = plain(applications.SignatureKind)
HarmKind = plain(applications.HarmKind)
VictimType = plain(applications.VictimType)
DRAFT, RECEIVED = STATUS.DRAFT, STATUS.RECEIVED
CIVIL_PARTIES = frozenset(str(s) for s in workflow.CIVIL_PARTIES)
# Rule 23ter: from the Closing Order an application waiting at the judges needs a lawyer
# as much as an admitted Civil Party does, so the demo's mandates cover both.
NEEDS_LAWYER = CIVIL_PARTIES | {str(workflow.Status.TRANSMITTED)}

FORM_COLUMNS = (
    "id", "applicant_id", "channel", "intermediary_id", "received_on", "signed_on", "signature",
    "consent_share_with_court", "consent_contact", "consent_publish_name", "account",
    "reparation_wishes", "entered_by_organisation_id", "created_at", "created_by_id",
    "updated_at", "archived_at", "archived_by_id", "archive_reason",
)  # fmt: skip
CRIME_COLUMNS = (
    "id", "form_id", "crime_type_id", "crime_site_id", "village_id", "place_description",
    "from_year", "to_year",
)  # fmt: skip
HARM_COLUMNS = (
    "id",
    "form_id",
    "kind",
    "victim_type",
    "relative_id",
    "relationship",
    "description",
)
APPLICATION_COLUMNS = (
    "id", "form_id", "applicant_id", "case_id", "kind", "status", "status_changed_at",
    "vss_number", "province_code", "is_late", "deadline_override_reason",
    "deadline_override_by_id", "created_at",
)  # fmt: skip
CHANGE_COLUMNS = (
    "id", "application_id", "from_status", "to_status", "actor_id", "at", "decided_on",
    "reason", "court_document",
)  # fmt: skip


# --- texts ------------------------------------------------------------------------------
# In Khmer, as applicants tell their accounts and the Section's national staff write their
# reasons: only names and numbers of the demo are in Latin letters. Years in Khmer digits,
# looked up rather than converted on every form.
KHMER_YEARS = {year: str(year).translate(str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩"))
               for year in range(1975, 1980)}  # fmt: skip
RELATION_WORDS = {
    Relationship.PARENT: ("ឪពុក", "ម្តាយ"),
    Relationship.SIBLING: ("បងប្រុស", "បងស្រី"),
    Relationship.SPOUSE: ("ប្តី", "ប្រពន្ធ"),
    Relationship.CHILD: ("កូនប្រុស", "កូនស្រី"),
    Relationship.GRANDPARENT: ("ជីតា", "ជីដូន"),
    Relationship.UNCLE_AUNT: ("ពូ", "មីង"),
}
RELATIVE = "សាច់ញាតិ"
ACCOUNTS_DIRECT = (
    "នៅខែមេសា ឆ្នាំ១៩៧៥ គ្រួសារខ្ញុំត្រូវខ្មែរក្រហមជម្លៀសចេញពីទីក្រុងភ្នំពេញ។ យើងត្រូវគេបញ្ជូនទៅ"
    "{site} ហើយត្រូវធ្វើការនៅវាលស្រែតាំងពីព្រលឹមរហូតដល់យប់ ដោយមានបបរហូបតែបន្តិចបន្តួច។",
    "ពីឆ្នាំ{y1} ដល់ឆ្នាំ{y2} ខ្ញុំត្រូវគេបង្ខំឱ្យធ្វើការនៅ{site}។ មនុស្សជាច្រើននៅជុំវិញខ្ញុំបានស្លាប់ដោយសារការអត់ឃ្លាន និងជំងឺ។",
    "នៅឆ្នាំ{y1} ខ្ញុំត្រូវគេចាប់ខ្លួន ហើយឃុំឃាំងនៅ{site}។ ខ្ញុំត្រូវគេសួរចម្លើយ និងវាយដំ "
    "ហើយរហូតមកដល់សព្វថ្ងៃ ខ្ញុំនៅតែឈឺចាប់ដោយសាររបួសទាំងនោះ។",
    "នៅឆ្នាំ{y1} ប្រធានសហករណ៍បានដកហូតផ្ទះ គោក្របី និងស្រូវរបស់យើង។ យើងត្រូវគេជម្លៀសទៅ{site} ហើយត្រូវបែកពីសាច់ញាតិ។",
    "នៅឆ្នាំ{y1} ប្រធានកងបានបង្ខំឱ្យខ្ញុំរៀបការជាមួយមនុស្សម្នាក់ដែលខ្ញុំមិនធ្លាប់ស្គាល់ "
    "ក្នុងពិធីរួមជាមួយគូស្វាមីភរិយាដប់គូទៀត នៅក្បែរ{site}។",
    "នៅឆ្នាំ១៩៧៥ គ្រួសារខ្ញុំត្រូវបានជម្លៀសចេញពីទីក្រុងភ្នំពេញ។ ខ្ញុំត្រូវធ្វើការនៅ{site}។",
    "នៅឆ្នាំ{y1} ខ្ញុំត្រូវគេបំបែកចេញពីឪពុកម្តាយ ហើយដាក់ក្នុងកងកុមារនៅ{site}។ យើងជីកប្រឡាយ និងលើកទំនប់តាំងពីព្រឹកដល់ល្ងាច។",
    "ពីឆ្នាំ{y1} ដល់ឆ្នាំ{y2} ខ្ញុំរស់នៅ{site}។ អង្គការហាមមិនឱ្យយើងគោរពបូជាសាសនា "
    "ហើយអ្នកណាដែលត្អូញត្អែរ ត្រូវគេយកទៅបាត់។",
)
ACCOUNTS_INDIRECT = (
    " {rel}របស់ខ្ញុំត្រូវពួកកម្មាភិបាលយកទៅក្នុងឆ្នាំ{y2} ហើយមិនដែលត្រឡប់មកវិញទេ។",
    " {rel}របស់ខ្ញុំត្រូវគេបញ្ជូនទៅ{site}ក្នុងឆ្នាំ{y2} ហើយយើងមិនដែលបានជួបគាត់ទៀតទេ។",
    " {rel}របស់ខ្ញុំបានស្លាប់ដោយសារការអត់អាហារនៅ{site}ក្នុងឆ្នាំ{y2}។",
    " {rel}របស់ខ្ញុំត្រូវគេចោទថាជាខ្មាំង ហើយត្រូវគេសម្លាប់ក្នុងឆ្នាំ{y2}។",
)
# How an account written by a relative begins: the demo's tests find these forms by it.
WRITTEN_BY = "ពាក្យរៀបរាប់នេះសរសេរដោយ"
WRITTEN_FOR = WRITTEN_BY + "{writer}របស់អ្នកដាក់ពាក្យសុំ ដែលបានបំពេញទម្រង់ជំនួសគាត់។ "
REPARATION_WISHES = (
    "សង់ចេតិយមួយនៅក្នុងភូមិ ដើម្បីរំលឹកដល់អ្នកដែលបានស្លាប់។",
    "ផ្សព្វផ្សាយឈ្មោះដើមបណ្តឹងរដ្ឋប្បវេណី និងសាលក្រម។",
    "ការថែទាំសុខភាព និងការព្យាបាលតាមរយៈការផ្តល់សក្ខីកម្មសម្រាប់អ្នករស់រានមានជីវិត។",
    "បង្រៀនកូនចៅជំនាន់ក្រោយអំពីអ្វីដែលបានកើតឡើងក្រោមរបបនោះ។",
    "ធ្វើបុណ្យឧទ្ទិសកុសលដល់វិញ្ញាណក្ខន្ធសាច់ញាតិរបស់ខ្ញុំ។",
    "ទិវាជាតិនៃការចងចាំមួយ។",
)
HARM_DESCRIPTIONS = {
    HarmKind.PHYSICAL: (
        "ត្រូវគេវាយដំពេលសួរចម្លើយ ហើយតាំងពីពេលនោះមក ឈឺខ្នង និងជើងរហូត។",
        "ដៃឆ្វេងពិការ ដោយសារគ្រោះថ្នាក់នៅការដ្ឋាន។",
        "កង្វះអាហារ និងជំងឺគ្រុនចាញ់ មិនដែលជាសះស្បើយទាំងស្រុងទេ។",
    ),
    HarmKind.MATERIAL: (
        "ផ្ទះ គោក្របី និងដីស្រែត្រូវគេរឹបអូសក្នុងឆ្នាំ១៩៧៥។",
        "ដីរបស់គ្រួសារត្រូវគេដកហូត ហើយមិនដែលបានប្រគល់មកវិញទេ។",
    ),
    HarmKind.PSYCHOLOGICAL: (
        "យល់សប្តិអាក្រក់ និងភ័យខ្លាចតាំងពីសម័យរបបនោះមក។",
        "សោកសៅចំពោះសាច់ញាតិដែលបានស្លាប់ គេងមិនលក់។",
        "ភ័យខ្លាចអតីតកម្មាភិបាលដែលនៅរស់នៅក្នុងភូមិជាមួយគ្នា។",
    ),
}
REASONS_INCOMPLETE = (
    "ខ្វះឯកសារបញ្ជាក់អត្តសញ្ញាណ។",
    "គ្មានហត្ថលេខា ឬស្នាមមេដៃលើទម្រង់។",
    "ពាក្យរៀបរាប់មិនបានបញ្ជាក់ពីទីកន្លែងដែលឧក្រិដ្ឋកម្មបានកើតឡើង។",
    "គ្មានឯកសារបញ្ជាក់ពីទំនាក់ទំនងជាមួយសាច់ញាតិដែលបានស្លាប់។",
)
REASONS_WITHDRAWN = (
    "អ្នកដាក់ពាក្យសុំបានស្នើសុំដកពាក្យវិញ។",
    "អ្នកដាក់ពាក្យសុំបានដកពាក្យវិញ តាមរយៈអង្គការសម្របសម្រួល។",
)
REASONS_REJECTED = (
    "មិនបានបង្ហាញថា ការខូចខាតនោះជាលទ្ធផលនៃឧក្រិដ្ឋកម្មក្នុងវិសាលភាពនៃការស៊ើបសួរ។",
    "ទីតាំងឧក្រិដ្ឋកម្មស្ថិតនៅក្រៅវិសាលភាពនៃការស៊ើបសួរ។",
    "មិនអាចកំណត់អត្តសញ្ញាណអ្នកដាក់ពាក្យសុំបានច្បាស់លាស់។",
    "មិនបានបង្ហាញពីទំនាក់ទំនងញាតិជាមួយសាច់ញាតិដែលបានស្លាប់។",
)
REASONS_LATE = (
    "អង្គការសម្របសម្រួលបានប្រមូលពាក្យសុំមុនថ្ងៃផុតកំណត់ ហើយបញ្ជូនមកក្រោយថ្ងៃផុតកំណត់។",
    "អ្នកដាក់ពាក្យសុំសម្រាកព្យាបាលនៅមន្ទីរពេទ្យរហូតដល់ក្រោយថ្ងៃផុតកំណត់។",
    "បានផ្ញើតាមប្រៃសណីយ៍មុនថ្ងៃផុតកំណត់ ប៉ុន្តែប្រៃសណីយ៍បញ្ជូនមកដល់យឺត។",
)
REASONS_COMPLAINT_REJECTED = (
    "អង្គហេតុស្ថិតនៅក្រៅយុត្តាធិការខាងពេលវេលារបស់តុលាការ។",
    "អង្គហេតុមិនច្បាស់លាស់គ្រប់គ្រាន់សម្រាប់ការស៊ើបអង្កេត។",
)
APPEAL_DISMISSED = "បណ្តឹងឧទ្ធរណ៍ត្រូវបានច្រានចោល។"
CASE_TERMINATED = "សំណុំរឿង {} ត្រូវបានបញ្ចប់ ដូច្នេះពាក្យសុំនេះក៏រលត់ដែរ។"
PLACES = (
    "សហករណ៍ក្នុងភូមិ",
    "វាលស្រែក្បែរវត្ត",
    "ការដ្ឋានជីកប្រឡាយ",
    "ជំរំក្នុងព្រៃ",
    "",
)
# Where an account says the crimes took place when the form names no site.
SOME_COOPERATIVE = "សហករណ៍"
CRIME_TYPE_WEIGHTS = {
    "cah-murder": 10,
    "cah-enslavement": 8,
    "cah-other-inhumane-acts": 8,
    "cah-oia-forced-transfer": 8,
    "cah-imprisonment": 6,
    "cah-oia-enforced-disappearances": 5,
    "cah-extermination": 4,
    "cah-torture": 4,
    "cah-persecution-political": 4,
    "cah-oia-attacks-human-dignity": 4,
    "cah-oia-forced-marriage": 3,
}
# Crimes charged against a group, drawn only for its members.
GROUP_CRIMES = {
    Ethnicity.CHAM: ("genocide-cham", "cah-persecution-religious", "cah-persecution-racial"),
    Ethnicity.VIETNAMESE: ("genocide-vietnamese", "cah-persecution-racial"),
    Ethnicity.KHMER_KROM: ("genocide-khmer-krom", "cah-persecution-racial"),
}
GROUP_ONLY = {code for codes in GROUP_CRIMES.values() for code in codes}
# Who fills in a form for an applicant who cannot come or write.
WRITERS = ("កូនប្រុស", "កូនស្រី", "ក្មួយប្រុស", "ក្មួយស្រី", "ចៅប្រុស", "ចៅស្រី")


# --- the reference data the demo draws from ----------------------------------------------


@dataclass
class CaseScope:
    case: Case
    crime_types: list[tuple[int, str]]  # (id, code)
    sites: list[tuple[int, str, str | None]]  # (id, name in Khmer, province code)
    provinces: list[str]  # provinces of the sites, for the applicants' villages
    bit: int  # bit of the case in an applicant's mask
    calendar: plan.CaseCalendar
    # The calendar as day ordinals.
    window_start: int = 0
    deadline: int = 0
    decision: int = 0
    appeal: int = 0
    termination: int | None = None

    def __post_init__(self) -> None:
        cal = self.calendar
        self.window_start = cal.window_start.toordinal()
        self.deadline = cal.deadline.toordinal()
        self.decision = cal.decision.toordinal()
        self.appeal = cal.appeal.toordinal()
        self.termination = cal.termination.toordinal() if cal.termination else None


@dataclass
class SlotType:
    """One kind of application to write: stream, case, outcome and lateness."""

    stream: plan.Stream
    scope: CaseScope
    outcome: str
    late: bool

    def __post_init__(self) -> None:
        # Read once per application: plain values rather than attribute chains.
        case = self.scope.case
        self.kind = str(self.stream.kind.value)
        self.complaint = self.kind == ApplicationKind.COMPLAINT
        self.recent = self.stream.recent
        self.draft = self.outcome == plan.DRAFT
        self.deceased = self.outcome == plan.DECEASED
        self.number: str = case.number
        self.case_id: int = case.pk
        # The deadline the services check (none before the notice of the investigation's end).
        self.deadline = self.scope.deadline if case.investigation_closed_on else None


@dataclass
class Actors:
    intake: int
    legal: int
    chief: int
    intermediary: int
    intermediary_org: int


class ApplicationsDemo(DemoStep):
    """Applicants, their forms and applications with their histories; the Civil Parties it
    leaves (`cp_*`) are what the lawyers' and the support steps work from."""

    label = "applicants, forms and applications"

    def __init__(self, run: DemoRun) -> None:
        super().__init__(run)
        self.options = run.options
        self.rng = run.rng
        self.today = run.today
        self.today_ord = run.today_ord
        self.now = run.now
        self.result = run.result
        self.writer = run.writer
        self.day = run.day
        self.moment = run.moment
        self.relationship = Weighted(
            [
                Relationship.PARENT,
                Relationship.SIBLING,
                Relationship.SPOUSE,
                Relationship.CHILD,
                Relationship.GRANDPARENT,
                Relationship.UNCLE_AUNT,
            ],
            [36, 26, 20, 12, 3, 3],
        )
        self._crime_pickers: dict[tuple[int, str], Weighted | None] = {}

    # --- setup --------------------------------------------------------------------------

    def prepare(self) -> None:
        self.load_reference()
        self._open_tables()

    def load_reference(self) -> None:
        # The demo case stays empty, for a walk through VSS to start afresh.
        cases = {c.number: c for c in Case.objects.filter(is_demo=False)}
        if not cases:
            raise NoReferenceData(
                "No case in the database: run `manage.py load_reference_data` first."
            )
        types = {t.id: t.code for t in CrimeType.objects.only("id", "code")}
        sites = {
            # The name the applicants' accounts, written in Khmer, give the site.
            s.id: (s.id, s.name_km or s.name, s.province_id)
            for s in CrimeSite.objects.only("id", "name", "name_km", "province_id")
        }
        case_types: dict[int, list[tuple[int, str]]] = {}
        for case_id, type_id in Case.crime_types.through.objects.values_list(
            "case_id", "crimetype_id"
        ):
            case_types.setdefault(case_id, []).append((type_id, types[type_id]))
        case_sites: dict[int, list[tuple[int, str, str | None]]] = {}
        for case_id, site_id in Case.crime_sites.through.objects.values_list(
            "case_id", "crimesite_id"
        ):
            case_sites.setdefault(case_id, []).append(sites[site_id])
        all_types = sorted(types.items())
        self.scopes: dict[str, CaseScope] = {}
        for bit, (number, case) in enumerate(sorted(cases.items())):
            scope_sites = sorted(case_sites.get(case.id, []))
            self.scopes[number] = CaseScope(
                case=case,
                crime_types=sorted(case_types.get(case.id, all_types)),
                sites=scope_sites,
                provinces=sorted({p for _, _, p in scope_sites if p}),
                # Sharing a bit (past 15 cases) only makes the one-per-case check stricter.
                bit=1 << (bit % 15),
                calendar=plan.calendar_for(case, self.today),
            )
        self.villages = list(Village.objects.order_by("code").values_list("code", flat=True))
        self.villages_by_province: dict[str, list[str]] = {}
        self.villages_by_commune: dict[str, list[str]] = {}
        for code in self.villages:
            self.villages_by_province.setdefault(code[:2], []).append(code)
            self.villages_by_commune.setdefault(code[:6], []).append(code)
        accounts = self.run.step(AccountsDemo)
        organisations, users = accounts.organisations, accounts.users
        self.actors = Actors(
            intake=users["intake"].pk,
            legal=users["legal"].pk,
            chief=users["chief"].pk,
            intermediary=users["intermediary"].pk,
            intermediary_org=users["intermediary"].organisation_id or 0,
        )
        self.intermediary = Weighted(
            [organisations[i.acronym].pk for i in INTERMEDIARIES],
            [i.weight for i in INTERMEDIARIES],
        )
        self.khmer_krom_org = organisations["KKKHRA"].pk

    # --- the plan: which application, in which order --------------------------------------

    def _resolve(self, stream: plan.Stream) -> list[CaseScope]:
        """The case(s) a stream's applications go to: its own, or, for a case split into
        sub-cases that take the applications, those; the recent intake goes to a case
        that still takes applications (the most recently notified one)."""
        scope = self.scopes.get(stream.case)
        if stream.recent:
            open_cases = [
                s
                for s in self.scopes.values()
                if s.case.accepts_applications and not s.case.is_terminated
            ]
            if scope in open_cases:
                return [scope]  # type: ignore[list-item]
            open_cases.sort(key=lambda s: (s.deadline, s.case.number))
            return open_cases[-1:]
        if scope is None:
            return []
        if scope.case.accepts_applications:
            return [scope]
        subs = [
            s
            for s in self.scopes.values()
            if s.case.parent_id == scope.case.id and s.case.accepts_applications
        ]
        return sorted(subs, key=lambda s: s.case.number)

    def build_slots(self) -> None:
        """Every application to write, in order of receipt, and whether it is filed by
        someone who applied before (in an earlier case)."""
        n = self.options.applicants
        rng = self.rng
        self.slot_types: list[SlotType] = []
        keyed: list[int] = []  # day ordinal << 24 | tie-break << 16 | slot type
        returning_weight: list[float] = []
        per_stream_slots: list[list[int]] = []
        for stream in plan.STREAMS:
            scopes = self._resolve(stream)
            if not scopes:
                self.result.notes.append(
                    f"stream {stream.key}: no case {stream.case} taking applications; skipped"
                )
                continue
            total = round(stream.base_total * n / BASE_APPLICANTS)
            if stream.recent:
                total = max(total, len(stream.outcomes))
            split = plan.scaled_counts([1] * len(scopes), total)
            for scope, scope_total in zip(scopes, split, strict=True):
                counts = plan.scaled_counts([c for _, c in stream.outcomes], scope_total)
                if stream.recent:
                    counts = [max(1, c) for c in counts]
                outcomes: list[str] = []
                for (outcome, _), count in zip(stream.outcomes, counts, strict=True):
                    outcomes += [outcome] * count
                rng.shuffle(outcomes)
                days = self._receipt_days(stream, scope, len(outcomes))
                late_from = len(outcomes) - round(stream.late_share * len(outcomes))
                indexes: list[int] = []
                type_index: dict[tuple[str, bool], int] = {}
                for k, (outcome, day) in enumerate(zip(outcomes, days, strict=True)):
                    late = k >= late_from
                    t = type_index.get((outcome, late))
                    if t is None:
                        t = len(self.slot_types)
                        type_index[(outcome, late)] = t
                        self.slot_types.append(SlotType(stream, scope, outcome, late))
                    indexes.append(len(keyed))
                    keyed.append(day << 24 | int(rng.random() * 256) << 16 | t)
                per_stream_slots.append(indexes)
                returning_weight.append(stream.returning_share * len(indexes))
        if not keyed:
            raise NoReferenceData("None of the ECCC cases is in the database.")
        # Applications beyond one per applicant are filed by people who applied before.
        extra = max(0, len(keyed) - n)
        returning = bytearray(len(keyed))
        for indexes, count in zip(
            per_stream_slots,
            plan.scaled_counts([round(w * 1000) for w in returning_weight], extra),
            strict=True,
        ):
            eligible = [i for i in indexes if not self.slot_types[keyed[i] & 0xFFFF].deceased]
            for i in rng.sample(eligible, min(count, len(eligible))):
                returning[i] = 1
        order = sorted(range(len(keyed)), key=keyed.__getitem__)
        self.slots = array("q", (keyed[i] for i in order))
        self.returning = bytearray(returning[i] for i in order)

    def _receipt_days(self, stream: plan.Stream, scope: CaseScope, count: int) -> list[int]:
        """Days of receipt, sorted: most forms came in as the deadline drew near."""
        rng = self.rng
        if stream.recent:
            return sorted(self.today_ord - rng.ri(0, 120) for _ in range(count))
        late = round(stream.late_share * count)
        start, span = scope.window_start, scope.deadline - scope.window_start
        on_time = [start + int(span * rng.random() ** 0.45) for _ in range(count - late)]
        late_days = [scope.deadline + rng.ri(1, 45) for _ in range(late)]
        return sorted(on_time) + sorted(late_days)

    # --- run ----------------------------------------------------------------------------

    def write(self) -> None:
        self.build_slots()
        self._write_all(self.run.started)
        for number, serial in self.serials.items():
            Case.objects.filter(pk=self.scopes[number].case.pk).update(last_vss_serial=serial)

    def alive_applicants(self) -> list[int]:
        """The applicant indexes of those who did not die while their application was
        pending."""
        return [k for k, mask in enumerate(self.mask) if not mask & 0x8000]

    def _open_tables(self) -> None:
        w = self.writer
        self.people = PeopleMaker(self.rng, w)
        self.t_form = w.table(VictimInformationForm, FORM_COLUMNS)
        self.t_crime = w.table(CrimeSuffered, CRIME_COLUMNS)
        self.t_harm = w.table(Harm, HARM_COLUMNS)
        self.t_application = w.table(Application, APPLICATION_COLUMNS)
        self.t_change = w.table(StatusChange, CHANGE_COLUMNS)
        # The Civil Parties, for their lawyers and groups (vss.representation.demo): per Civil
        # Party application, compact arrays rather than objects (a million of them).
        self.cp_app = array("q")
        self.cp_case = array("q")
        self.cp_applicant = array("q")
        self.cp_org = array("q")  # intermediary organisation of the form, or 0
        self.cp_site = array("q")  # a crime site of the form, or 0
        self.cp_province = array("l")  # province of residence, as a number, or 0
        self.cp_since = array("l")  # day it last became a Civil Party

    def _write_all(self, started: float) -> None:
        n_slots = len(self.slots)
        n = self.options.applicants
        people = self.people
        self.mask = array("H")  # per applicant: cases applied in (+ 0x8000: deceased)
        self.filed_twice: set[int] = set()  # applicant indexes of both records of a human
        self.serials = {number: scope.case.last_vss_serial for number, scope in self.scopes.items()}
        batch = max(1, self.options.batch_size)
        batches = (n_slots + batch - 1) // batch
        for b in range(batches):
            t0 = time.monotonic()
            for k in range(b * batch, min(n_slots, (b + 1) * batch)):
                key = self.slots[k]
                slot = self.slot_types[key & 0xFFFF]
                created = len(people.person_of)
                applicant = None
                # Exactly n applicants: a new one unless the slot is a returning one that
                # finds someone (or no new one is owed any more).
                if created >= n and not slot.deceased:
                    applicant = self._returning_applicant(slot, exhaustive=True)
                elif self.returning[k] and n - created < n_slots - k:
                    applicant = self._returning_applicant(slot)
                self._application(slot, key >> 24, applicant)
            t1 = time.monotonic()
            rows = self.writer.flush()
            t2 = time.monotonic()
            self.result.applicants = len(people.person_of)
            self.run.progress(
                f"  batch {b + 1}/{batches}: {self.result.applications:,} applications, "
                f"{self.result.applicants:,} applicants, {rows:,} rows "
                f"(built in {t1 - t0:.1f} s, handed over in {t2 - t1:.1f} s; "
                f"total {t2 - started:.1f} s)"
            )

    def _returning_applicant(self, slot: SlotType, exhaustive: bool = False) -> int | None:
        """Someone who applied before, not yet in this case, and alive."""
        count = len(self.mask)
        if count == 0:
            return None
        bit = slot.scope.bit | 0x8000
        mask = self.mask
        random = self.rng.random
        for _ in range(40):
            j = int(random() * count)
            if not mask[j] & bit:
                return j
        if exhaustive:
            start = int(random() * count)
            for j in itertools.chain(range(start, count), range(start)):
                if not mask[j] & bit:
                    return j
        return None

    def _refiled(self, slot: SlotType) -> int | None:
        """The applicant who files this form again as if for the first time, or None.
        Nobody is more than two records, and the dead do not file."""
        count = len(self.mask)
        if slot.deceased or not self.rng.chance(REFILED_SHARE) or not count:
            return None
        random = self.rng.random
        for _ in range(10):
            j = int(random() * count)
            if not self.mask[j] & 0x8000 and j not in self.filed_twice:
                return j
        return None

    def _neighbours(self, village: str | None) -> list[str]:
        """The villages next to `village` in its commune's numbering."""
        if village is None:
            return []
        commune = self.villages_by_commune[village[:6]]
        k = commune.index(village)
        return [commune[i] for i in (k - 1, k + 1) if 0 <= i < len(commune)]

    def _village_for(self, scope: CaseScope) -> str | None:
        """Mostly near the case's crime sites, otherwise anywhere in the country."""
        rng = self.rng
        if not self.villages:
            return None
        if scope.provinces and rng.chance(0.55):
            villages = self.villages_by_province.get(rng.pick(scope.provinces))
            if villages:
                return rng.pick(villages)  # type: ignore[no-any-return]
        return rng.pick(self.villages)  # type: ignore[no-any-return]

    # --- one application ------------------------------------------------------------------

    def _application(self, slot: SlotType, day: int, applicant: int | None) -> None:
        rng = self.rng
        a = self.actors
        people = self.people
        recent = slot.recent
        draft = slot.draft
        scope = slot.scope
        # Who typed the form in, and when: on the day of receipt or within the week.
        by_intermediary = (recent and rng.chance(0.6)) or rng.chance(0.08)
        if by_intermediary:
            created_by = a.intermediary
        else:
            created_by = a.chief if rng.chance(0.03) else a.intake
        created_day = min(day + (0 if recent else rng.ri(0, 6)), self.today_ord)
        created = created_day * DAY_MINUTES + rng.ri(OPENS, CLOSES - 60)
        # Draws are made whether used or not: the sequence must not depend on the hour.
        earlier = rng.ri(5, 600)
        if created > self.now:
            created = self.now - earlier
        created_at = self.moment(created)

        relatives_form = False
        if applicant is None:
            first = self._refiled(slot)
            if first is None:
                village = self._village_for(scope)
                applicant = people.applicant(village, slot.deceased, created_at, created_by)
            else:
                applicant, refiling = people.refiling(
                    first,
                    neighbours=self._neighbours(people.village_of[first]),
                    created_at=created_at,
                    created_by=created_by,
                )
                self.filed_twice.update((first, applicant))
                relatives_form = Variation.RELATIVES_FORM in refiling.variations
            self.mask.append(0)
        person_id = people.person_of[applicant]
        village = people.village_of[applicant]
        ethnicity = people.ethnicities[people.ethnicity_of[applicant]]
        self.mask[applicant] |= scope.bit | (0x8000 if slot.deceased else 0)

        # The form.
        form_id = self.t_form.new_id()
        if by_intermediary:
            channel, intermediary = Channel.INTERMEDIARY, a.intermediary_org
        else:
            r = rng.random()
            if r < 0.80:
                channel = Channel.INTERMEDIARY
                if ethnicity == Ethnicity.KHMER_KROM and rng.chance(0.6):
                    intermediary = self.khmer_krom_org
                else:
                    intermediary = self.intermediary(rng)
            else:
                channel = Channel.IN_PERSON if r < 0.93 else Channel.POST
                intermediary = None
        signature = SignatureKind.THUMBPRINT if rng.chance(0.45) else SignatureKind.SIGNATURE
        if draft and rng.chance(0.5):
            signature = SignatureKind.NONE
        signed_on = None
        if signature != SignatureKind.NONE:
            signed_on = self.day(day - rng.ri(0, 40))
        site_name = self._crimes(form_id, scope, ethnicity, village)
        relative_word = self._harms(form_id, applicant, created_at, created_by)
        self.t_form.rows.append(
            (
                form_id,
                person_id,
                channel,
                intermediary,
                None if draft else self.day(day),
                signed_on,
                signature,
                rng.chance(0.95),
                rng.chance(0.85),
                rng.chance(0.35),
                self._account(site_name, relative_word, applicant if relatives_form else None),
                rng.pick(REPARATION_WISHES) if rng.chance(0.6) else "",
                a.intermediary_org if by_intermediary else None,
                created_at,
                created_by,
                created_at,
                None,
                None,
                "",
            )
        )

        # The application and its history.
        application_id = self.t_application.new_id()
        if slot.complaint:
            steps = self._complaint_path(slot, day)
        else:
            steps = self._civil_party_path(slot, day)
        vss_number = None
        is_late = False
        override, override_by = "", None
        status = previous = DRAFT
        changed = created
        change_rows = self.t_change.rows
        change_id = self.t_change.new_id
        moment = self.moment
        for to, decided_on, actor, reason, document in steps:
            at = decided_on * DAY_MINUTES + rng.ri(OPENS, CLOSES)
            later, earlier = rng.ri(2, 240), rng.ri(1, 60)
            if at <= changed:
                at = changed + later
            if at > self.now:
                at = max(changed, self.now - earlier)
            if to == RECEIVED and vss_number is None:
                number = slot.number
                serial = self.serials[number] = self.serials[number] + 1
                vss_number = f"VSS-{number}-{serial:05d}"
                if slot.deadline is not None and day > slot.deadline:
                    is_late = True
                    override = rng.pick(REASONS_LATE)
                    override_by = actor
            change_rows.append(
                (
                    change_id(),
                    application_id,
                    previous,
                    to,
                    actor,
                    moment(at),
                    self.day(decided_on),
                    reason,
                    document,
                )
            )
            previous = status = to
            changed = at
        if status in NEEDS_LAWYER and not slot.complaint:
            since = 0
            for to, decided_on, *_ in steps:
                if to not in NEEDS_LAWYER:
                    since = 0
                elif not since:
                    since = decided_on
            self.cp_app.append(application_id)
            self.cp_case.append(slot.case_id)
            self.cp_applicant.append(applicant)
            self.cp_org.append(intermediary or 0)
            self.cp_site.append(self.last_site)
            self.cp_province.append(int(village[:2]) if village else 0)
            self.cp_since.append(since)
        self.t_application.rows.append(
            (
                application_id,
                form_id,
                person_id,
                slot.case_id,
                slot.kind,
                status,
                moment(changed),
                vss_number,
                (village or "")[:2],
                is_late,
                override,
                override_by,
                created_at,
            )
        )
        self.result.applications += 1

    # --- paths through the workflow -------------------------------------------------------

    def _decider(self) -> int:
        """Decisions are recorded by a legal officer, sometimes by the Chief."""
        return self.actors.chief if self.rng.chance(0.1) else self.actors.legal

    def _after(self, day: int, lo: int, hi: int, limit: int) -> int:
        """A day `lo`..`hi` days after `day`, never beyond `limit` (nor before `day`)."""
        return max(day, min(day + self.rng.ri(lo, hi), limit))

    def _civil_party_path(self, slot: SlotType, received: int) -> list[tuple]:
        """The status changes (to, day, actor, reason, court document) of the outcome."""
        rng = self.rng
        sc = slot.scope
        o = slot.outcome
        a = self.actors
        after = self._after
        steps: list[tuple] = []
        if o == plan.DRAFT:
            return steps
        late = slot.deadline is not None and received > slot.deadline
        # Only a legal officer or the Chief may accept a late filing.
        steps.append((STATUS.RECEIVED, received, self._decider() if late else a.intake, "", ""))
        if o == plan.RECEIVED:
            return steps
        if o == plan.INCOMPLETE:
            day = after(received, 3, 30, self.today_ord)
            steps.append((STATUS.INCOMPLETE, day, a.intake, rng.pick(REASONS_INCOMPLETE), ""))
            return steps
        decision = sc.decision
        limit = decision - 20 if received < decision - 30 else received + 10
        day = received
        if rng.chance(0.08):
            day = after(day, 10, 60, limit)
            steps.append((STATUS.INCOMPLETE, day, a.intake, rng.pick(REASONS_INCOMPLETE), ""))
            day = after(day, 7, 90, limit)
            steps.append((STATUS.RECEIVED, day, a.intake, "", ""))
        if o in (plan.WITHDRAWN, plan.DECEASED):
            day = after(day, 20, 120, limit)
            steps.append((STATUS.SCREENED, day, self._decider(), "", ""))
            stop = min(decision, sc.termination or self.today_ord) - 1
            day = after(day, 30, 500, max(stop, day))
            if o == plan.WITHDRAWN:
                steps.append((STATUS.WITHDRAWN, day, a.intake, rng.pick(REASONS_WITHDRAWN), ""))
            else:
                steps.append((STATUS.DECEASED, day, a.intake, "", ""))
            return steps
        day = after(day, 20, 120, limit)
        steps.append((STATUS.SCREENED, day, self._decider(), "", ""))
        day = after(day, 5, 60, limit + 10)
        steps.append((STATUS.TRANSMITTED, day, self._decider(), "", ""))
        if o == plan.TRANSMITTED:
            return steps
        if o == plan.TERMINATED_TRANSMITTED:
            steps.append(self._terminated(slot, day))
            return steps
        document = sc.calendar.decision_document
        if o in (plan.ADMITTED, plan.PROVISIONAL, plan.TERMINATED_PROVISIONAL):
            day = after(day, 1, 30, max(decision - 1, day))
            steps.append((STATUS.PROVISIONAL, day, self._decider(), "", ""))
            if o == plan.ADMITTED:
                steps.append((STATUS.ADMITTED, max(decision, day), self._decider(), "", document))
            elif o == plan.TERMINATED_PROVISIONAL:
                steps.append(self._terminated(slot, day))
            return steps
        # Rejected by the judges, then perhaps appealed.
        if o in (plan.REJECTED, plan.REJECTION_UPHELD, plan.ADMITTED_ON_APPEAL) and rng.chance(0.7):
            day = after(day, 1, 30, decision - 1)
            steps.append((STATUS.PROVISIONAL, day, self._decider(), "", ""))
        day = max(decision, day)
        steps.append((STATUS.REJECTED, day, self._decider(), rng.pick(REASONS_REJECTED), document))
        if o == plan.REJECTED:
            return steps
        if o == plan.TERMINATED_REJECTED:
            steps.append(self._terminated(slot, day))
            return steps
        day = after(day, 5, 30, max(sc.appeal - 1, day))
        steps.append((STATUS.APPEALED, day, self._decider(), "", ""))
        appeal_document = sc.calendar.appeal_document
        if o == plan.TERMINATED_APPEALED:
            steps.append(self._terminated(slot, day))
        elif o == plan.ADMITTED_ON_APPEAL:
            steps.append(
                (
                    STATUS.ADMITTED_ON_APPEAL,
                    max(sc.appeal, day),
                    self._decider(),
                    "",
                    appeal_document,
                )
            )
        else:
            steps.append(
                (
                    STATUS.REJECTION_UPHELD,
                    max(sc.appeal, day),
                    self._decider(),
                    APPEAL_DISMISSED,
                    appeal_document,
                )
            )
        return steps

    def _terminated(self, slot: SlotType, day: int) -> tuple:
        when = max(slot.scope.termination or self.today_ord, day)
        reason = CASE_TERMINATED.format(slot.number)
        return (STATUS.CASE_TERMINATED, when, self._decider(), reason, "")

    def _complaint_path(self, slot: SlotType, received: int) -> list[tuple]:
        """Rule 49: received, sent to the Co-Prosecutors, their answer, the notice."""
        rng = self.rng
        a = self.actors
        o = slot.outcome
        today = self.today_ord
        steps: list[tuple] = [(STATUS.RECEIVED, received, a.intake, "", "")]
        if o == plan.COMPLAINT_WITHDRAWN:
            day = self._after(received, 5, 40, today)
            steps.append((STATUS.WITHDRAWN, day, a.intake, rng.pick(REASONS_WITHDRAWN), ""))
            return steps
        day = self._after(received, 7, 40, today)
        steps.append((STATUS.SENT_TO_PROSECUTORS, day, self._decider(), "", ""))
        if o == plan.SENT:
            return steps
        day = self._after(day, 60, 400, today)
        if o == plan.NOTIFIED_REJECTED:
            reason = rng.pick(REASONS_COMPLAINT_REJECTED)
            steps.append((STATUS.COMPLAINT_REJECTED, day, self._decider(), reason, ""))
        elif o == plan.NOTIFIED_FORWARDED:
            steps.append((STATUS.FORWARDED, day, self._decider(), "", ""))
        else:
            steps.append((STATUS.JOINED, day, self._decider(), "", ""))
        if o != plan.JOINED:
            day = self._after(day, 14, 90, today)
            steps.append((STATUS.COMPLAINANT_NOTIFIED, day, a.intake, "", ""))
        return steps

    # --- crimes, harms, account -----------------------------------------------------------

    def _crime_picker(self, scope: CaseScope, ethnicity: str) -> Weighted | None:
        """The crimes of the case, the common ones more often; a crime against a group
        (the genocide of the Cham...) only for its members."""
        group = GROUP_CRIMES.get(ethnicity, ())
        types = [(i, c) for i, c in scope.crime_types if c not in GROUP_ONLY or c in group]
        if not types:
            return None
        weights = [(6 if c in group else CRIME_TYPE_WEIGHTS.get(c, 1)) for _, c in types]
        return Weighted([i for i, _ in types], weights)

    def _crimes(self, form_id: int, scope: CaseScope, ethnicity: str, village: str | None) -> str:
        """Write the form's crimes; returns a site's name for the account."""
        rng = self.rng
        cache_key = (scope.bit, ethnicity)
        if cache_key not in self._crime_pickers:
            self._crime_pickers[cache_key] = self._crime_picker(scope, ethnicity)
        pick = self._crime_pickers[cache_key]
        site_name = SOME_COOPERATIVE
        self.last_site = 0
        if pick is None:
            return site_name
        rows = self.t_crime.rows
        chosen: set[int] = set()
        for _ in range(1 + (rng.random() < 0.55) + (rng.random() < 0.2)):
            crime_type = pick(rng)
            if crime_type in chosen:
                continue
            chosen.add(crime_type)
            site_id, crime_village, place = None, None, ""
            if scope.sites and rng.chance(0.75):
                site_id, site_name, province = rng.pick(scope.sites)
                self.last_site = site_id
                if province and rng.chance(0.4):
                    villages = self.villages_by_province.get(province)
                    if villages:
                        crime_village = rng.pick(villages)
            else:
                place = rng.pick(PLACES)
                if village and place and rng.chance(0.5):
                    crime_village = village
            from_year = to_year = None
            if rng.chance(0.85):
                from_year = rng.pick((1975, 1975, 1975, 1976, 1976, 1977, 1978))
                to_year = rng.ri(from_year, 1979)
            rows.append(
                (
                    self.t_crime.new_id(),
                    form_id,
                    crime_type,
                    site_id,
                    crime_village,
                    place,
                    from_year,
                    to_year,
                )
            )
        return site_name

    def _harms(self, form_id: int, applicant: int, created_at: object, created_by: int) -> str:
        """Write the form's harms (and the relative an indirect harm names, with the
        kinship); returns the word for that relative (ឪពុក, father) for the account."""
        rng = self.rng
        rows = self.t_harm.rows
        new_id = self.t_harm.new_id
        count = 0
        for kind, p in (
            (HarmKind.PSYCHOLOGICAL, 0.85),
            (HarmKind.PHYSICAL, 0.35),
            (HarmKind.MATERIAL, 0.4),
        ):
            if rng.chance(p):
                text = rng.pick(HARM_DESCRIPTIONS[kind]) if rng.chance(0.5) else ""
                rows.append((new_id(), form_id, kind, VictimType.DIRECT, None, "", text))
                count += 1
        if count and not rng.chance(0.45):
            return ""
        relationship = self.relationship(rng)
        year = self.people.year_of[applicant]
        # Nobody born after 1962 had a spouse, nor after 1958 a child, by 1979.
        if (relationship == Relationship.SPOUSE and year > 1962) or (
            relationship == Relationship.CHILD and year > 1958
        ):
            relationship = Relationship.SIBLING if rng.chance(0.5) else Relationship.PARENT
        relative, sex = self.people.relative(applicant, relationship, created_at, created_by)
        self.people.kinship(applicant, relative, relationship, created_at)
        text = rng.pick(HARM_DESCRIPTIONS[HarmKind.PSYCHOLOGICAL]) if rng.chance(0.5) else ""
        rows.append(
            (
                new_id(),
                form_id,
                HarmKind.PSYCHOLOGICAL,
                VictimType.INDIRECT,
                relative,
                relationship,
                text,
            )
        )
        male, female = RELATION_WORDS.get(relationship, (RELATIVE, RELATIVE))
        return male if sex == MALE else female

    def _account(self, site: str, relative: str, written_for: int | None) -> str:
        """The applicant's account; `written_for`: the applicant a relative writes it for."""
        rng = self.rng
        y1 = rng.pick((1975, 1975, 1976, 1977))
        y2 = rng.ri(y1, 1978)
        years = {"y1": KHMER_YEARS[y1], "y2": KHMER_YEARS[y2]}
        text: str = rng.pick(ACCOUNTS_DIRECT).format(site=site, **years)
        if written_for is not None:
            text = WRITTEN_FOR.format(writer=rng.pick(WRITERS)) + text
        if relative:
            text += rng.pick(ACCOUNTS_INDIRECT).format(rel=relative, site=site, **years)
        return text

"""Psychosocial support and the contact log for the demo data: a few percent of the
applicants referred, with their consent, to the partner organisations (the intermediaries
that offer support: TPO Cambodia, Kdei Karuna); sessions, testimonial therapy ending in a
public ceremony, closures; a few health notes; and contacts by the demo users, with
follow-ups falling due around today so that their work queues have something in them.

Texts are short and non-graphic on purpose: a demo is shown on screens and projectors.

The lawyer's contacts go to the clients another step left in the run's caseload (none if
no step did); the partner's referrals become the partner's caseload.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.hashers import make_password

from vss.accounts.demo import INTERMEDIARIES, AccountsDemo, organisation_names
from vss.accounts.models import Role, User
from vss.applications.demo.generator import ApplicationsDemo
from vss.core.demo.draw import plain
from vss.core.demo.steps import DemoStep
from vss.support import models as support

Service = plain(support.ServiceType)
REFERRAL_STATUS = plain(support.ReferralStatus)
SESSION_KIND = plain(support.SessionKind)
Channel = plain(support.ContactChannel)

CONSENT_COLUMNS = (
    "id", "person_id", "given_by", "given_on", "covers", "recorded_by_id", "recorded_at",
    "withdrawn_on", "withdrawal_note",
)  # fmt: skip
REFERRAL_COLUMNS = (
    "id", "person_id", "partner_id", "service", "consent_id", "referred_on", "reason", "status",
    "closed_on", "closure_reason", "referred_by_id", "closed_by_id", "created_at",
)  # fmt: skip
SESSION_COLUMNS = (
    "id", "referral_id", "kind", "held_on", "attended", "outcome", "recorded_by_id",
    "recorded_at",
)  # fmt: skip
HEALTH_NOTE_COLUMNS = ("id", "referral_id", "text", "author_id", "created_at")
CONTACT_COLUMNS = (
    "id", "person_id", "channel", "happened_on", "contacted_by_id", "summary", "follow_up_on",
    "follow_up_user_id", "follow_up_done_at", "recorded_by_id", "recorded_at",
)  # fmt: skip

# The texts are in Khmer, as the Section's and the partners' national staff write their
# notes, and short and non-graphic (see above).
SERVICE_NAMES = {
    Service.COUNSELLING: "ការប្រឹក្សាយោបល់ផ្លូវចិត្ត",
    Service.TESTIMONIAL_THERAPY: "ការព្យាបាលតាមរយៈការផ្តល់សក្ខីកម្ម",
    Service.SELF_HELP_GROUP: "ក្រុមជួយគ្នាទៅវិញទៅមក",
    Service.MEDICAL_REFERRAL: "ការបញ្ជូនទៅទទួលការព្យាបាល",
}
SERVICES = (
    (Service.COUNSELLING, 40),
    (Service.TESTIMONIAL_THERAPY, 25),
    (Service.SELF_HELP_GROUP, 20),
    (Service.MEDICAL_REFERRAL, 15),
)
GIVEN_BY_THE_PERSON = "សាមីខ្លួនផ្ទាល់។"
RELATIVE_GIVERS = (
    "{child}របស់សាមីខ្លួន ដែលមើលថែគាត់ ដោយមានវត្តមានសាមីខ្លួន។",
    "ប្តី ឬប្រពន្ធរបស់សាមីខ្លួន ព្រោះសាមីខ្លួនត្រចៀកធ្ងន់។",
    "{child}របស់សាមីខ្លួន តាមការស្នើសុំរបស់សាមីខ្លួន (សាមីខ្លួនមិនចេះអក្សរ)។",
)
CHILDREN = ("កូនស្រី", "កូនប្រុស")
COVERS = "ការបញ្ជូនទៅ {name} ដើម្បីទទួល{services}; ការចែករំលែកឈ្មោះ ភូមិ និងលេខទូរស័ព្ទរបស់សាមីខ្លួនជាមួយ {name}។"
AND = " និង"
CONSENT_WITHDRAWN_NOTE = "សាមីខ្លួនលែងចង់ឱ្យអង្គការដៃគូទាក់ទងមកទៀតហើយ។"
CONSENT_WITHDRAWN = "សាមីខ្លួនបានដកការយល់ព្រមវិញ។"
REASONS = (
    "បានស្នើសុំនិយាយជាមួយអ្នកប្រឹក្សាយោបល់ ក្រោយពីបានចូលរួមស្តាប់សវនាការ។",
    "បានជួបនៅវេទិកាដើមបណ្តឹងរដ្ឋប្បវេណីថ្នាក់តំបន់ ហើយបានស្នើសុំការគាំទ្រ។",
    "ចង់ចូលរួមក្នុងក្រុមអ្នករស់រានមានជីវិតនៅក្នុងស្រុក។",
    "បានស្នើសុំជំនួយដើម្បីទៅជួបគ្រូពេទ្យ។",
    "បញ្ជូនមកដោយមេធាវីរបស់ដើមបណ្តឹងរដ្ឋប្បវេណី ដោយមានការយល់ព្រមពីសាមីខ្លួន។",
)
OUTCOMES = {
    Service.COUNSELLING: (
        "បាននិយាយអំពីការព្រួយបារម្ភប្រចាំថ្ងៃ ហើយបានព្រមព្រៀងជួបគ្នាម្តងទៀតក្នុងរយៈពេលពីរសប្តាហ៍។",
        "និយាយថាគេងលក់ស្រួលជាងមុន បានហ្វឹកហាត់ដកដង្ហើមជាមួយគ្នា។",
        "បាននិយាយអំពីជីវភាពគ្រួសារនៅក្នុងភូមិ ហើយមានអារម្មណ៍ស្ងប់ជាងមុននៅចុងវគ្គ។",
        "បានពិភាក្សាពីរបៀបនិយាយជាមួយចៅៗអំពីអតីតកាល។",
    ),
    Service.TESTIMONIAL_THERAPY: (
        "បានចាប់ផ្តើមរៀបរាប់ពីប្រវត្តិជីវិត អ្នកប្រឹក្សាយោបល់បានកត់ត្រាទុក។",
        "បានបន្តផ្តល់សក្ខីកម្ម បានអានផ្នែកទីមួយឡើងវិញ និងកែតម្រូវ។",
        "បានជ្រើសរើសអ្វីដែលត្រូវនិយាយនៅក្នុងពិធី និងអ្នកដែលត្រូវអញ្ជើញ។",
        "សក្ខីកម្មជាលាយលក្ខណ៍អក្សរត្រូវបានអានឡើងវិញ ហើយសាមីខ្លួនបានយល់ព្រម។",
    ),
    Service.SELF_HELP_GROUP: (
        "ការប្រជុំក្រុមនៅវត្ត សមាជិកបានចែករំលែកពីរបៀបដែលពួកគេត្រៀមខ្លួនសម្រាប់សវនាការ។",
        "ការប្រជុំក្រុម បានគ្រោងទៅទស្សនាកន្លែងរំលឹកវិញ្ញាណក្ខន្ធជាមួយគ្នា។",
        "ការប្រជុំក្រុម សមាជិកបាននិយាយអំពីការច្រូតកាត់ស្រូវ និងសុខភាពរបស់ពួកគេ។",
    ),
    Service.MEDICAL_REFERRAL: (
        "បានជូនទៅមន្ទីរពេទ្យបង្អែកខេត្ត ហើយបានទទួលការណាត់ជួបលើកក្រោយ។",
        "បានពិនិត្យនៅមណ្ឌលសុខភាព និងបានទទួលថ្នាំសម្រាប់រយៈពេលបីខែ។",
    ),
}
CEREMONY = "សក្ខីកម្មត្រូវបានអានជាសាធារណៈ ក្នុងពិធីមួយនៅវត្ត ដោយមានវត្តមានក្រុមគ្រួសារ និងព្រះសង្ឃ។"
MISSED = "មិនបានមក អ្នកប្រឹក្សាយោបល់នឹងទូរស័ព្ទទៅដើម្បីកំណត់ថ្ងៃថ្មី។"
CLOSURES = {
    Service.COUNSELLING: (
        "គោលដៅដែលបានព្រមព្រៀងនៅពេលចាប់ផ្តើម ត្រូវបានសម្រេច។",
        "សាមីខ្លួនបានផ្លាស់ទៅរស់នៅខេត្តផ្សេង។",
        "សាមីខ្លួនបានស្នើសុំបញ្ឈប់វគ្គប្រឹក្សា។",
    ),
    Service.TESTIMONIAL_THERAPY: ("ការព្យាបាលតាមរយៈការផ្តល់សក្ខីកម្មបានបញ្ចប់ ដោយពិធីសាធារណៈ។",),
    Service.SELF_HELP_GROUP: ("ក្រុមបានបញ្ចប់វដ្តនៃការប្រជុំរបស់ខ្លួន។",),
    Service.MEDICAL_REFERRAL: ("ការព្យាបាលត្រូវបានរៀបចំរួចរាល់ មិនត្រូវការការគាំទ្របន្ថែមទៀតទេ។",),
}
HEALTH_NOTES = (
    "និយាយថាគេងលក់ស្រួលជាងមុន ចាប់តាំងពីវគ្គទីបីមក។",
    "បានវាស់សម្ពាធឈាមនៅមណ្ឌលសុខភាព ហើយបានណាត់ពិនិត្យតាមដានលើកក្រោយ។",
    "ព្រួយបារម្ភអំពីការសិក្សារបស់ចៅៗ ច្រើនជាងរឿងអតីតកាល។",
    "ចូលចិត្តវគ្គប្រឹក្សានៅផ្ទះ ព្រោះដើរទៅវត្តពិបាក។",
)
SUMMARIES = {
    Channel.PHONE: (
        "បានទូរស័ព្ទទៅពន្យល់អំពីកាលបរិច្ឆេទសវនាការលើកក្រោយ។",
        "បានទូរស័ព្ទទៅផ្ទៀងផ្ទាត់ភូមិ និងលេខទូរស័ព្ទ។",
        "បានសួរអំពីគម្រោងសំណងជួសជុល បានពន្យល់អំពីគម្រោងសង់អនុស្សាវរីយ៍នៅក្នុងខេត្ត។",
    ),
    Channel.VISIT: (
        "ចុះសួរសុខទុក្ខដល់ផ្ទះជាមួយអ្នកសម្របសម្រួលភូមិ និងបានប្រគល់ព្រឹត្តិបត្រដើមបណ្តឹងរដ្ឋប្បវេណី។",
        "បានចុះទៅយកច្បាប់ចម្លងអត្តសញ្ញាណប័ណ្ណ ដែលខ្វះពីឯកសារ។",
    ),
    Channel.LETTER: (
        "បានផ្ញើលិខិតបញ្ជាក់ការទទួលពាក្យសុំ និងផ្តល់លេខ VSS របស់ពាក្យសុំ។",
        "បានផ្ញើលិខិតស្នើសុំច្បាប់ចម្លងសៀវភៅគ្រួសារ។",
    ),
    Channel.SMS: ("សារ SMS រំលឹកអំពីវេទិកាថ្នាក់តំបន់នៅថ្ងៃសៅរ៍។",),
    Channel.FORUM: (
        "បានជួបនៅវេទិកាដើមបណ្តឹងរដ្ឋប្បវេណី បានសួរពីរបៀបដែលសាលក្រមនឹងត្រូវពន្យល់នៅក្នុងភូមិ។",
        "បានជួបនៅវេទិកាថ្នាក់តំបន់ ចង់ចូលរួមសវនាការលើកក្រោយ។",
    ),
    Channel.OFFICE: ("បានមកការិយាល័យ ដើម្បីសួរអំពីស្ថានភាពពាក្យសុំ។",),
}
LAWYER_SUMMARIES = (
    "បានពន្យល់អំពីសាលក្រម និងគម្រោងសំណងជួសជុលដែលអង្គជំនុំជម្រះបានទទួលស្គាល់។",
    "បានពិភាក្សាអំពីសេចក្តីថ្លែងការណ៍ជាលាយលក្ខណ៍អក្សររបស់កូនក្តី សម្រាប់សវនាការបណ្តឹងឧទ្ធរណ៍។",
    "បានពន្យល់ពីរបៀបដែលសហមេធាវីនាំមុខបង្ហាញការទាមទាររបស់ដើមបណ្តឹងរដ្ឋប្បវេណី។",
    "កូនក្តីបានសួរអំពីការធ្វើដំណើរទៅតុលាការ ដើម្បីស្តាប់ការប្រកាសសាលក្រម។",
)
PARTNER_SUMMARIES = (
    "បានទូរស័ព្ទទៅកំណត់ថ្ងៃវគ្គលើកក្រោយ។",
    "បានចុះសួរសុខទុក្ខដល់ផ្ទះ ការប្រជុំក្រុមលើកក្រោយនៅវត្ត។",
)
# Who logs which kind of contact.
CHANNELS = {
    "outreach": (Channel.VISIT, Channel.PHONE, Channel.FORUM, Channel.SMS),
    "intake": (Channel.PHONE, Channel.LETTER, Channel.OFFICE, Channel.SMS),
    "legal": (Channel.LETTER, Channel.PHONE),
}
KDEI_KARUNA_STAFF = "kdei-karuna-staff"
FIRST = datetime.date(2010, 1, 1).toordinal()  # the first referrals


def ensure_partner_staff(organisation_id: int) -> User:
    """Kdei Karuna's sessions need someone who recorded them: a staff account that cannot
    sign in (the demo's partner login is TPO's)."""
    user = User.objects.filter(username=KDEI_KARUNA_STAFF).first()
    if user is None:
        user = User.objects.create(
            username=KDEI_KARUNA_STAFF,
            role=Role.PARTNER,
            first_name="Bopha",
            last_name="NHEM",
            organisation_id=organisation_id,
            password=make_password(None),
        )
    return user


class SupportDemo(DemoStep):
    label = "referrals, sessions and contacts"

    def prepare(self) -> None:
        run = self.run
        self.rng = run.rng
        self.day = run.day
        self.today = run.today_ord
        accounts = run.step(AccountsDemo)
        self.users = {name: user.pk for name, user in accounts.users.items()}
        self.organisation_names = organisation_names(accounts.organisations)
        # The partners that take referrals, with who records their sessions.
        self.demo_partner = accounts.users["partner"].organisation_id
        self.partners: list[tuple[int, int, int]] = []  # (organisation, recorder, weight)
        for ref in INTERMEDIARIES:
            organisation = accounts.organisations[ref.acronym]
            if not (ref.offers_support and organisation.offers_support):
                continue
            if organisation.pk == self.demo_partner:
                self.partners.append((organisation.pk, self.users["partner"], 75))
            else:
                staff = ensure_partner_staff(organisation.pk)
                self.partners.append((organisation.pk, staff.pk, 25))
        w = run.writer
        self.t_consent = w.table(support.Consent, CONSENT_COLUMNS)
        self.t_referral = w.table(support.Referral, REFERRAL_COLUMNS)
        self.t_session = w.table(support.SupportSession, SESSION_COLUMNS)
        self.t_health_note = w.table(support.HealthNote, HEALTH_NOTE_COLUMNS)
        self.t_contact = w.table(support.Contact, CONTACT_COLUMNS)

    def write(self) -> None:
        self.people = self.run.step(ApplicationsDemo).people
        self.alive = self.run.step(ApplicationsDemo).alive_applicants()
        self.lawyer_clients = self.run.caseload.get("lawyer", [])
        self.partner_people: list[int] = []  # applicant indexes referred to the demo partner
        self.refer()
        self.contacts()
        self.run.caseload["partner"] = self.partner_people

    def _at(self, day: int) -> object:
        return self.run.at(day)

    def refer(self) -> None:
        rng = self.rng
        partners = self.partners
        if not partners or not self.alive:
            return
        total = sum(w for _, _, w in partners)
        t_consent = self.t_consent
        for k in self.alive:
            if not rng.chance(0.04):
                continue
            person = self.people.person_of[k]
            r, partner, recorder = rng.random() * total, partners[0][0], partners[0][1]
            for organisation, user, weight in partners:
                if r < weight:
                    partner, recorder = organisation, user
                    break
                r -= weight
            services = [self._service()]
            if rng.chance(0.15):
                services.append(self._service())
                if services[1] == services[0]:
                    services.pop()
            open_ = rng.chance(0.4)
            if open_:
                referred = self.today - rng.ri(10, 540)
            else:
                referred = FIRST + rng.ri(0, max(0, self.today - FIRST - 240))
            given = referred - rng.ri(0, 20)
            referrer = rng.pick((self.users["outreach"], self.users["intake"], self.users["legal"]))
            given_by = GIVEN_BY_THE_PERSON
            if rng.chance(0.2):
                given_by = rng.pick(RELATIVE_GIVERS).format(child=rng.pick(CHILDREN))
            name = self.organisation_names[partner]
            covers = COVERS.format(name=name, services=AND.join(SERVICE_NAMES[s] for s in services))
            consent_id = t_consent.new_id()
            withdrawn = None
            if not open_ and rng.chance(0.05):
                withdrawn = referred + rng.ri(10, 120)
            t_consent.rows.append(
                (consent_id, person, given_by, self.day(given), covers, referrer, self._at(given),
                 self.day(withdrawn) if withdrawn else None,
                 CONSENT_WITHDRAWN_NOTE if withdrawn else "")
            )  # fmt: skip
            if partner == self.demo_partner:
                self.partner_people.append(k)
            for s in services:
                if withdrawn and referred >= withdrawn:
                    break
                self._referral(person, partner, recorder, s, consent_id, referred, referrer,
                               open_, withdrawn)  # fmt: skip
                referred = min(referred + rng.ri(30, 200), self.today)

    def _service(self) -> str:
        r, total = self.rng.random() * 100, 0
        for service, weight in SERVICES:
            total += weight
            if r < total:
                return service
        return Service.COUNSELLING

    def _referral(
        self,
        person: int,
        partner: int,
        recorder: int,
        service: str,
        consent: int,
        referred: int,
        referrer: int,
        open_: bool,
        withdrawn: int | None,
    ) -> None:
        rng = self.rng
        t = self.t_referral
        referral = t.new_id()
        # The sessions held, up to today.
        if service == Service.TESTIMONIAL_THERAPY:
            planned, gap = 6, (7, 14)
        elif service == Service.COUNSELLING:
            planned, gap = rng.ri(2, 8), (14, 30)
        elif service == Service.SELF_HELP_GROUP:
            planned, gap = rng.ri(3, 12), (25, 35)
        else:
            planned, gap = 1, (7, 30)
        stop = withdrawn or self.today
        day = referred
        held: list[int] = []
        for _ in range(planned):
            day += rng.ri(*gap)
            if day > stop:
                break
            held.append(day)
        rows = self.t_session.rows
        new_id = self.t_session.new_id
        texts = OUTCOMES[service]
        for i, d in enumerate(held):
            attended = rng.chance(0.92)
            outcome = texts[min(i, len(texts) - 1)] if attended else MISSED
            if service != Service.TESTIMONIAL_THERAPY:
                outcome = rng.pick(texts) if attended else MISSED
            rows.append((new_id(), referral, SESSION_KIND.SESSION, self.day(d), attended, outcome,
                         recorder, self._at(d)))  # fmt: skip
        status, closed, closure = REFERRAL_STATUS.OPEN, None, ""
        if withdrawn:
            status, closed, closure = (
                REFERRAL_STATUS.CLOSED,
                withdrawn,
                CONSENT_WITHDRAWN,
            )
        elif not open_:
            last = held[-1] if held else referred
            completed = len(held) == planned
            if service == Service.TESTIMONIAL_THERAPY and completed:
                ceremony = last + rng.ri(14, 45)
                if ceremony < self.today:
                    rows.append((new_id(), referral, SESSION_KIND.CEREMONY, self.day(ceremony), True,
                                 CEREMONY, recorder, self._at(ceremony)))  # fmt: skip
                    last = ceremony
                    closure = CLOSURES[service][0]
            if not closure:
                closure = (
                    rng.pick(CLOSURES[service])
                    if completed and service != Service.TESTIMONIAL_THERAPY
                    else rng.pick(CLOSURES[Service.COUNSELLING][1:])
                )
            closed = min(last + rng.ri(1, 30), self.today)
            status = REFERRAL_STATUS.CLOSED
        t.rows.append(
            (referral, person, partner, service, consent, self.day(referred), rng.pick(REASONS),
             status, self.day(closed) if closed else None, closure, referrer,
             recorder if closed else None, self._at(referred))
        )  # fmt: skip
        if held and rng.chance(0.15):
            d = rng.pick(held)
            self.t_health_note.rows.append(
                (self.t_health_note.new_id(), referral, rng.pick(HEALTH_NOTES), recorder,
                 self._at(d))
            )  # fmt: skip

    # --- contacts ---------------------------------------------------------------------

    def contacts(self) -> None:
        rng = self.rng
        people = self.people.person_of
        u = self.users
        staff = [("outreach", 45), ("intake", 40), ("legal", 15)]
        if not self.alive:
            return
        for k in self.alive:
            if not rng.chance(0.06):
                continue
            r, who = rng.random() * 100, "outreach"
            for name, weight in staff:
                if r < weight:
                    who = name
                    break
                r -= weight
            channel = rng.pick(CHANNELS[who])
            self._contact(people[k], channel, u[who], rng.pick(SUMMARIES[channel]))
        alive = set(self.alive)
        for k in self.lawyer_clients:
            if k in alive and rng.chance(0.7):
                channel = rng.pick((Channel.PHONE, Channel.VISIT, Channel.OFFICE))
                self._contact(people[k], channel, u["lawyer"], rng.pick(LAWYER_SUMMARIES))
        for k in self.partner_people:
            if rng.chance(0.5):
                channel = rng.pick((Channel.PHONE, Channel.VISIT))
                self._contact(people[k], channel, u["partner"], rng.pick(PARTNER_SUMMARIES))
        # Follow-ups due around today, some overdue, in each user's work queue.
        queues = {
            "outreach": [people[k] for k in self.alive],
            "intake": [people[k] for k in self.alive],
            "lawyer": [people[k] for k in self.lawyer_clients if k in alive],
            "partner": [people[k] for k in self.partner_people],
        }
        for who, persons in queues.items():
            if not persons:
                continue
            for _ in range(rng.ri(6, 12)):
                happened = self.today - rng.ri(3, 40)
                due = self.today + rng.ri(-12, 14)
                due = max(due, happened + 1)
                if who in CHANNELS:
                    channel = rng.pick(CHANNELS[who])
                    summary = rng.pick(SUMMARIES[channel])
                else:
                    channel = Channel.PHONE
                    summary = rng.pick(LAWYER_SUMMARIES if who == "lawyer" else PARTNER_SUMMARIES)
                self._contact(
                    rng.pick(persons), channel, u[who], summary, happened=happened, due=due
                )

    def _contact(
        self,
        person: int,
        channel: str,
        user: int,
        summary: str,
        *,
        happened: int | None = None,
        due: int | None = None,
    ) -> None:
        rng = self.rng
        t = self.t_contact
        done = None
        if happened is None:
            happened = self.today - int(rng.random() ** 1.5 * 3650)
            if rng.chance(0.25):
                due = happened + rng.ri(7, 30)
                if due < self.today:
                    done = self._at(min(due + rng.ri(-5, 5), self.today))
                else:
                    due = None
        t.rows.append(
            (t.new_id(), person, channel, self.day(happened), user, summary,
             self.day(due) if due else None, user if due else None, done, user,
             self._at(happened))
        )  # fmt: skip

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
from vss.people.demo.maker import FEMALE
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

SERVICE_NAMES = {
    Service.COUNSELLING: "counselling",
    Service.TESTIMONIAL_THERAPY: "testimonial therapy",
    Service.SELF_HELP_GROUP: "a self-help group",
    Service.MEDICAL_REFERRAL: "a medical referral",
}
SERVICES = (
    (Service.COUNSELLING, 40),
    (Service.TESTIMONIAL_THERAPY, 25),
    (Service.SELF_HELP_GROUP, 20),
    (Service.MEDICAL_REFERRAL, 15),
)
RELATIVE_GIVERS = (
    "The person's {child}, who looks after {them}, with the person present.",
    "The person's spouse, as the person is hard of hearing.",
    "The person's {child}, at the person's request (the person cannot read).",
)
REASONS = (
    "Asked to talk to a counsellor after attending the hearings.",
    "Met at the regional Civil Party forum; asked for support.",
    "Wishes to join a group of survivors in the district.",
    "Asked for help to reach a doctor.",
    "Referred by the Civil Party's lawyer, with the person's agreement.",
)
OUTCOMES = {
    Service.COUNSELLING: (
        "Talked about daily worries; agreed to meet again in two weeks.",
        "Reports sleeping better; practised a breathing exercise together.",
        "Spoke about the family's life in the village; calmer at the end of the session.",
        "Discussed how to talk with the grandchildren about the past.",
    ),
    Service.TESTIMONIAL_THERAPY: (
        "Began to tell the life story; the counsellor wrote it down.",
        "Continued the testimony; read back the first part and made corrections.",
        "Chose what to say at the ceremony and who to invite.",
        "The written testimony was read back and approved.",
    ),
    Service.SELF_HELP_GROUP: (
        "Group meeting at the pagoda; members shared how they prepare for the hearings.",
        "Group meeting; planned a visit to the memorial together.",
        "Group meeting; members talked about their rice harvest and their health.",
    ),
    Service.MEDICAL_REFERRAL: (
        "Accompanied to the provincial hospital; a follow-up appointment was given.",
        "Seen at the health centre; medicine provided for three months.",
    ),
}
CEREMONY = "Testimony read aloud at a ceremony at the pagoda, with family and monks present."
MISSED = "Did not come; the counsellor will call to agree a new date."
CLOSURES = {
    Service.COUNSELLING: (
        "The goals agreed at the start were reached.",
        "The person moved to another province.",
        "The person asked to stop the sessions.",
    ),
    Service.TESTIMONIAL_THERAPY: ("Testimonial therapy completed with the public ceremony.",),
    Service.SELF_HELP_GROUP: ("The group ended its cycle of meetings.",),
    Service.MEDICAL_REFERRAL: ("Treatment arranged; no further support needed.",),
}
HEALTH_NOTES = (
    "Reports sleeping better since the third session.",
    "Blood pressure checked at the health centre; follow-up booked.",
    "Worries about the grandchildren's schooling more than about the past.",
    "Prefers sessions at home; walking to the pagoda is hard.",
)
SUMMARIES = {
    Channel.PHONE: (
        "Called to explain the next hearing dates.",
        "Called to confirm the village and phone number.",
        "Asked about the reparation projects; explained the memorial project in the province.",
    ),
    Channel.VISIT: (
        "Home visit with the village focal person; delivered the Civil Party newsletter.",
        "Visited to collect a copy of the identity card missing from the file.",
    ),
    Channel.LETTER: (
        "Letter sent acknowledging the application and giving its VSS number.",
        "Letter sent asking for a copy of the family book.",
    ),
    Channel.SMS: ("SMS reminder of the regional forum on Saturday.",),
    Channel.FORUM: (
        "Met at the Civil Party forum; asked how the judgment will be explained in the village.",
        "Met at the regional forum; wishes to attend the next hearing.",
    ),
    Channel.OFFICE: ("Came to the office to ask about the status of the application.",),
}
LAWYER_SUMMARIES = (
    "Explained the judgment and the reparation projects the Chamber endorsed.",
    "Discussed the client's written statement for the appeal hearing.",
    "Explained how the Lead Co-Lawyers present the Civil Parties' claims.",
    "Client asked about transport to the court for the verdict.",
)
PARTNER_SUMMARIES = (
    "Phoned to agree the date of the next session.",
    "Visited at home; the next group meeting is at the pagoda.",
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
            first_name="Kdei Karuna",
            last_name="Counsellor",
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
            given_by = "The person themself."
            if rng.chance(0.2):
                female = self.people.sex_of[k] == self.people.sexes.index(FEMALE)
                given_by = rng.pick(RELATIVE_GIVERS).format(
                    child=rng.pick(("daughter", "son")), them="her" if female else "him"
                )
            name = self.organisation_names[partner]
            covers = (
                f"Referral to {name} for "
                + " and ".join(SERVICE_NAMES[s] for s in services)
                + f"; sharing of the person's name, village and phone number with {name}."
            )
            consent_id = t_consent.new_id()
            withdrawn = None
            if not open_ and rng.chance(0.05):
                withdrawn = referred + rng.ri(10, 120)
            t_consent.rows.append(
                (consent_id, person, given_by, self.day(given), covers, referrer, self._at(given),
                 self.day(withdrawn) if withdrawn else None,
                 "The person no longer wishes to be contacted by the partner." if withdrawn
                 else "")
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
                "Consent withdrawn by the person.",
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

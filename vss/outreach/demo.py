"""Outreach for the demo data, after the Section's published record of it: the regional
forum in Kampong Cham of 14 June 2013 (200 and more Civil Parties from six provinces),
the forums of 24 June 2016 in Phnom Penh (about 120) and of 9 February 2017 (150 and
more), the attendance of the appeal judgment in Case 002/02 on 22 September 2022 (150
Civil Parties chosen by sex, ethnicity, province and the crimes they suffered, each
checked in and paid an allowance: drawn, invited and transported as VSS does it, in
`demo_verdict.py`), and the focal-person meetings of November and December 2023 (51 and
45 focal persons), with the court dates these were built around.

What the record does not give is made up (`ILLUSTRATIVE`, and the comments beside each
row): venues but the court's, the days of the two meetings, capacities, budgets and
allowances, which six provinces came to Kampong Cham, who was chosen for the forums, the
focal persons and the materials they took back to their villages, and the one newsletter
sent.

Contact preferences (most Civil Parties, SMS mostly, some email, a few by post; about 85
in 100 agreeing to news; a few who asked to stop) are written row by row through the
writer, like the applications; the newsletter's messages by one INSERT ... SELECT over
the preferences, so that a million applicants cost the database one pass. Its own draws
come from a generator of its own, seeded from the run's: the steps after it draw as
before.
"""

from __future__ import annotations

import datetime
import hashlib
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils import translation

from vss.accounts.demo import AccountsDemo
from vss.applications.demo.generator import ApplicationsDemo
from vss.applications.models import Application
from vss.applications.workflow import CIVIL_PARTIES
from vss.core.demo.draw import plain
from vss.core.demo.steps import DemoStep
from vss.people.models import Language
from vss.proceedings.models import Case

from . import models as m
from .demo_verdict import VerdictAttendance
from .services.newsletters import newsletter_reach_count
from .services.sending import _stop_line

ILLUSTRATIVE = True
Channel = plain(m.MessageChannel)
Kind = plain(m.EventKind)
Status = plain(m.InvitationStatus)

PREFERENCE_COLUMNS = (
    "id", "person_id", "channel", "email", "postal_address", "consents_to_news",
    "consent_recorded_on", "stopped_at", "stopped_how", "stop_token", "updated_at",
    "updated_by_id",
)  # fmt: skip
COMPANION_COLUMNS = (
    "id", "invitation_id", "name", "relationship", "reason", "needs_seat", "created_at",
)  # fmt: skip
INVITATION_COLUMNS = (
    "id", "event_id", "person_id", "application_id", "draw_id", "rank", "status",
    "invited_at", "replied_at", "reply_note", "accessibility_needs", "pick_up_point_id",
    "vehicle_id", "accommodation_id", "attended_at", "checked_in_by_id", "check_in_key",
    "allowance_amount", "allowance_currency", "allowance_paid_at", "created_at",
)  # fmt: skip

# Of the Civil Parties, those with a preference on file, and how they are written to.
WITH_PREFERENCE = 0.9
CHANNELS = ((Channel.SMS, 0.82), (Channel.EMAIL, 0.1), (Channel.POST, 0.06), (Channel.NONE, 0.02))
CONSENTING = 0.85
STOPPED = 0.02
# Sent to the village chief, who hands the letter over: most Civil Parties have no street.
BY_THE_VILLAGE_CHIEF = "ផ្ញើតាមរយៈមេភូមិ ដើម្បីប្រគល់ជូនសាមីខ្លួន"
STOPPED_HOW = ("បានឆ្លើយតបសារ SMS ថា «ឈប់»", "បានប្រាប់មន្ត្រីផ្សព្វផ្សាយតាមទូរស័ព្ទ")


@dataclass(frozen=True)
class EventSpec:
    key: str
    kind: str
    day: datetime.date
    titles: tuple[str, str, str]
    venue: str
    capacity: int
    budget: Decimal
    # Civil Parties who came, and from how many provinces (0: any).
    came: int
    provinces: int = 0
    court_date: str = ""


EVENTS = (
    EventSpec(
        "forum-2013", Kind.REGIONAL_FORUM, datetime.date(2013, 6, 14),
        ("វេទិកាដើមបណ្តឹងរដ្ឋប្បវេណីថ្នាក់តំបន់ ខេត្តកំពង់ចាម",
         "Regional Civil Party forum, Kampong Cham",
         "Forum régional des parties civiles, Kampong Cham"),
        # The hall is illustrative; the province and the day are the record's.
        "សាលប្រជុំខេត្តកំពង់ចាម", 220, Decimal("9500.00"), 205, provinces=6,
    ),
    EventSpec(
        "forum-2016", Kind.CIVIL_PARTY_FORUM, datetime.date(2016, 6, 24),
        ("វេទិកាដើមបណ្តឹងរដ្ឋប្បវេណី ភ្នំពេញ", "Civil Party forum, Phnom Penh",
         "Forum des parties civiles, Phnom Penh"),
        "ភ្នំពេញ", 130, Decimal("7200.00"), 120,
    ),
    EventSpec(
        "forum-2017", Kind.CIVIL_PARTY_FORUM, datetime.date(2017, 2, 9),
        ("វេទិកាដើមបណ្តឹងរដ្ឋប្បវេណីស្តីពីសំណងជួសជុល", "Civil Party forum on reparations",
         "Forum des parties civiles sur les réparations"),
        # Where it was held is not published: left empty.
        "", 160, Decimal("8400.00"), 152,
    ),
    EventSpec(
        "verdict-2022", Kind.VERDICT_ATTENDANCE, datetime.date(2022, 9, 22),
        ("ការចូលរួមស្តាប់សាលដីកាលើបណ្តឹងឧទ្ធរណ៍ សំណុំរឿង ០០២/០២",
         "Attendance of the appeal judgment, Case 002/02",
         "Présence au prononcé de l'arrêt d'appel, dossier 002/02"),
        # Drawn among the Civil Parties of the six provinces holding most of them.
        "សាលសវនាការ អ.វ.ត.ក", 150, Decimal("14500.00"), 150, provinces=6,
        court_date="appeal-002/02",
    ),
    EventSpec(
        "focal-2023-11", Kind.FOCAL_PERSON_MEETING, datetime.date(2023, 11, 21),
        ("កិច្ចប្រជុំបុគ្គលបង្គោល ខែវិច្ឆិកា ២០២៣", "Focal-person meeting, November 2023",
         "Réunion des personnes relais, novembre 2023"),
        "ភ្នំពេញ", 60, Decimal("3800.00"), 51,
    ),
    EventSpec(
        "focal-2023-12", Kind.FOCAL_PERSON_MEETING, datetime.date(2023, 12, 14),
        ("កិច្ចប្រជុំបុគ្គលបង្គោល ខែធ្នូ ២០២៣", "Focal-person meeting, December 2023",
         "Réunion des personnes relais, décembre 2023"),
        "ភ្នំពេញ", 60, Decimal("3500.00"), 45,
    ),
)  # fmt: skip

# The court's dates: the judgments are the record's.
COURT_DATES = (
    ("trial-002/01", "002/01", m.CourtDateKind.TRIAL_JUDGMENT, datetime.date(2014, 8, 7),
     ("សាលក្រមសំណុំរឿង ០០២/០១", "Trial judgment, Case 002/01",
      "Jugement, dossier 002/01")),
    ("trial-002/02", "002/02", m.CourtDateKind.TRIAL_JUDGMENT, datetime.date(2018, 11, 16),
     ("សាលក្រមសំណុំរឿង ០០២/០២", "Trial judgment, Case 002/02",
      "Jugement, dossier 002/02")),
    ("appeal-002/02", "002/02", m.CourtDateKind.APPEAL_JUDGMENT, datetime.date(2022, 9, 22),
     ("សាលដីកាលើបណ្តឹងឧទ្ធរណ៍ សំណុំរឿង ០០២/០២", "Appeal judgment, Case 002/02",
      "Arrêt d'appel, dossier 002/02")),
)  # fmt: skip

MATERIALS = (
    "ព្រឹត្តិបត្រព័ត៌មាន និងសេចក្តីសង្ខេបនៃសាលដីកាលើបណ្តឹងឧទ្ធរណ៍",
    "ខិត្តប័ណ្ណស្តីពីគម្រោងសំណងជួសជុល",
    "ព្រឹត្តិបត្រព័ត៌មានប្រចាំត្រីមាស",
)
NEWSLETTER_TITLES = (
    "សាលដីកាលើបណ្តឹងឧទ្ធរណ៍ក្នុងសំណុំរឿង ០០២/០២",
    "The appeal judgment in Case 002/02",
    "L'arrêt d'appel dans le dossier 002/02",
)
NEWSLETTER_SMS: dict[str, str] = {
    Language.KHMER: "អ.វ.ត.ក បានប្រកាសសាលដីកាលើបណ្តឹងឧទ្ធរណ៍ក្នុងសំណុំរឿង ០០២/០២ នៅថ្ងៃទី២២ ខែកញ្ញា ឆ្នាំ២០២២។",
    Language.ENGLISH: "The ECCC pronounced the appeal judgment in Case 002/02 on 22 September 2022.",
    Language.FRENCH: "Les CETC ont prononcé l'arrêt d'appel du dossier 002/02 le 22 septembre 2022.",
}  # fmt: skip


def _token(seed: int, person_id: int) -> str:
    return hashlib.blake2b(f"demo-stop:{seed}:{person_id}".encode(), digest_size=16).hexdigest()


class OutreachDemo(DemoStep):
    label = "outreach: events, focal persons, contact preferences, a newsletter"

    def prepare(self) -> None:
        users = self.run.step(AccountsDemo).users
        self.officer = users["outreach"].pk
        self.chief = users["chief"].pk
        self.cases = dict(Case.objects.values_list("number", "pk"))
        # Written once: a second run into the database adds applicants, not a second
        # history of the Section's outreach.
        self.written_before = m.Event.objects.filter(title_en=EVENTS[0].titles[1]).exists()
        w = self.run.writer
        self.t_preference = w.table(m.ContactPreference, PREFERENCE_COLUMNS)
        self.t_invitation = w.table(m.Invitation, INVITATION_COLUMNS)
        self.t_companion = w.table(m.Companion, COMPANION_COLUMNS)

    def write(self) -> None:
        if self.written_before or "002/02" not in self.cases:
            return
        run = self.run
        self.rng = random.Random(run.options.seed * 1_000_003 + 13)
        run.writer.flush()
        run.writer.finish()
        self.preferences()
        run.writer.flush()
        run.writer.finish()
        court_dates = self.court_dates()
        events = self.events(court_dates)
        pool = self.civil_parties_of_case_002()
        self.attendance(events, pool)
        self.focal_persons(events, pool)
        run.writer.flush()
        run.writer.finish()
        self.newsletter()

    def stop_token(self, person: int) -> str:
        return _token(self.run.options.seed, person)

    # --- how each Civil Party is written to ---------------------------------------------

    def preferences(self) -> None:
        applications = self.run.step(ApplicationsDemo)
        person_of = applications.people.person_of
        rng, seed, today = self.rng, self.run.options.seed, self.run.today_ord
        seen: set[int] = set()
        weights = [w for _c, w in CHANNELS]
        channels = [c for c, _w in CHANNELS]
        for applicant in applications.cp_applicant:
            person = person_of[applicant]
            if person in seen:
                continue
            seen.add(person)
            if rng.random() >= WITH_PREFERENCE:
                continue
            channel = rng.choices(channels, weights)[0]
            consents = channel != Channel.NONE and rng.random() < CONSENTING
            recorded = today - rng.randint(30, 3000)
            stopped = rng.random() < STOPPED
            self.t_preference.rows.append(
                (self.t_preference.new_id(), person, channel,
                 f"cp{person}@example.org" if channel == Channel.EMAIL else "",
                 BY_THE_VILLAGE_CHIEF if channel == Channel.POST else "",
                 consents, self.run.day(recorded) if consents else None,
                 self.run.at(recorded + rng.randint(1, 25)) if stopped else None,
                 rng.choice(STOPPED_HOW) if stopped else "",
                 _token(seed, person), self.run.at(recorded), self.officer)
            )  # fmt: skip

    # --- the court's dates and the Section's events -------------------------------------

    def court_dates(self) -> dict[str, m.CourtDate]:
        made = {}
        for key, number, kind, day, (km, en, fr) in COURT_DATES:
            if number not in self.cases:
                continue
            made[key] = m.CourtDate.objects.create(
                case_id=self.cases[number],
                kind=kind,
                starts_at=self._at(day, 9),
                title_km=km,
                title_en=en,
                title_fr=fr,
                is_public=True,
                announced_at=self._at(day - datetime.timedelta(days=21), 10),
                created_by_id=self.chief,
            )
        return made

    def _at(self, day: datetime.date, hour: int) -> datetime.datetime:
        zone = datetime.timezone(datetime.timedelta(minutes=self.run.offset))
        return datetime.datetime.combine(day, datetime.time(hour), tzinfo=zone)

    def events(self, court_dates: dict[str, m.CourtDate]) -> dict[str, m.Event]:
        cases = [self.cases[n] for n in ("002", "002/01", "002/02") if n in self.cases]
        made = {}
        for spec in EVENTS:
            km, en, fr = spec.titles
            event = m.Event.objects.create(
                kind=spec.kind,
                status=m.EventStatus.HELD,
                starts_at=self._at(spec.day, 8),
                ends_at=self._at(spec.day, 16),
                venue=spec.venue,
                court_date=court_dates.get(spec.court_date),
                capacity=spec.capacity,
                budget_usd=spec.budget,
                officer_id=self.officer,
                is_public=spec.kind != Kind.FOCAL_PERSON_MEETING,
                title_km=km,
                title_en=en,
                title_fr=fr,
                created_by_id=self.officer,
            )
            event.cases.set(cases)
            made[spec.key] = event
        return made

    # --- who came -----------------------------------------------------------------------

    def civil_parties_of_case_002(self) -> list[tuple[int, int, str, str, str, str]]:
        """(application, person, sex, ethnicity, province, village) of living Civil
        Parties of Case 002 and its segments, one row a person, in id order; the first
        few thousand are enough to choose from."""
        rows = (
            Application.objects.filter(
                case_id__in=[self.cases[n] for n in ("002", "002/01", "002/02") if n in self.cases],
                status__in=CIVIL_PARTIES,
                applicant__is_deceased=False,
                applicant__archived_at__isnull=True,
                applicant__village__isnull=False,
            )
            .order_by("id")
            .values_list(
                "id", "applicant_id", "applicant__sex", "applicant__ethnicity",
                "province_code", "applicant__village_id",
            )[:4000]
        )  # fmt: skip
        seen: set[int] = set()
        pool = []
        for row in rows:
            if row[1] not in seen:
                seen.add(row[1])
                pool.append(row)
        return pool

    def _chosen(self, pool: list, size: int, provinces: int = 0) -> list:
        """`size` people balanced by sex and province (and, among those, every ethnic
        minority the pool holds first): round robin over the groups, drawn in each."""
        rng = self.rng
        if provinces:
            counts: dict[str, int] = {}
            for row in pool:
                counts[row[4]] = counts.get(row[4], 0) + 1
            kept = set(sorted(counts, key=lambda p: (-counts[p], p))[:provinces])
            pool = [row for row in pool if row[4] in kept]
        groups: dict[tuple[str, str], list] = {}
        for row in pool:
            groups.setdefault((row[4], row[2]), []).append(row)
        for members in groups.values():
            rng.shuffle(members)
            members.sort(key=lambda row: row[3] in ("khmer", "unknown"))
        chosen: list = []
        order = sorted(groups)
        while len(chosen) < size and any(groups.values()):
            for key in order:
                if groups[key] and len(chosen) < size:
                    chosen.append(groups[key].pop(0))
        return chosen

    def _came(self, event: m.Event, people: list) -> None:
        day = event.starts_at.date().toordinal()
        for rank, (application, person, *_rest) in enumerate(people, start=1):
            arrived = self.run.moment(day * 1440 + 7 * 60 + self.rng.randint(0, 90))
            self.t_invitation.rows.append(
                (self.t_invitation.new_id(), event.pk, person, application, None, rank,
                 Status.ACCEPTED, self.run.at(day - 20), self.run.at(day - 12), "", "",
                 None, None, None, arrived, self.officer, None, None, "", None,
                 self.run.at(day - 20))
            )  # fmt: skip

    def attendance(self, events: dict[str, m.Event], pool: list) -> None:
        for spec in EVENTS:
            if spec.kind == Kind.FOCAL_PERSON_MEETING:
                continue
            if spec.kind == Kind.VERDICT_ATTENDANCE:
                VerdictAttendance(self, events[spec.key], spec).write()
                continue
            people = self._chosen(pool, spec.came, spec.provinces)
            self._came(events[spec.key], people)

    # --- focal persons ------------------------------------------------------------------

    def focal_persons(self, events: dict[str, m.Event], pool: list) -> None:
        """51 focal persons, one a village, at the November meeting; 45 of them at
        December's; each took materials home, most of the lists came back, and some of
        the latest are overdue in the outreach officer's work queue."""
        rng, today = self.rng, self.run.today
        villages: set[str] = set()
        candidates = []
        for row in pool:
            if row[5] not in villages:
                villages.add(row[5])
                candidates.append(row)
        rng.shuffle(candidates)
        chosen = candidates[: EVENTS[4].came]
        november, december = events["focal-2023-11"], events["focal-2023-12"]
        focal = m.FocalPerson.objects.bulk_create(
            m.FocalPerson(
                person_id=row[1],
                village_id=row[5],
                appointed_on=datetime.date(2023, 10, 1)
                + datetime.timedelta(days=rng.randint(0, 45)),
                created_by_id=self.officer,
            )
            for row in chosen
        )
        self._came(november, chosen)
        self._came(december, chosen[: EVENTS[5].came])
        handovers = []
        for k, person in enumerate(focal):
            copies = rng.randint(15, 45)
            handed = december.starts_at.date() if k < EVENTS[5].came else person.appointed_on
            handovers.append(
                m.MaterialHandover(
                    focal_person=person, event=december if k < EVENTS[5].came else None,
                    materials=MATERIALS[0], copies=copies, handed_on=handed,
                    receipt_due_on=handed + datetime.timedelta(days=45),
                    receipt_returned_on=handed + datetime.timedelta(days=rng.randint(20, 44)),
                    receipts_signed=copies - rng.randint(0, 4), officer_id=self.officer,
                )
            )  # fmt: skip
            # The latest round: handed out weeks ago, due around today.
            handed = today - datetime.timedelta(days=rng.randint(20, 60))
            due = handed + datetime.timedelta(days=rng.randint(14, 50))
            returned = due < today and rng.random() < 0.6
            handovers.append(
                m.MaterialHandover(
                    focal_person=person, materials=MATERIALS[1 + k % 2], copies=copies,
                    handed_on=handed, receipt_due_on=due,
                    receipt_returned_on=due - datetime.timedelta(days=2) if returned else None,
                    receipts_signed=copies - 1 if returned else None,
                    officer_id=self.officer if k % 5 else self.chief,
                )
            )  # fmt: skip
        m.MaterialHandover.objects.bulk_create(handovers)

    # --- the newsletter -----------------------------------------------------------------

    def newsletter(self) -> None:
        """The appeal judgment's newsletter to every Civil Party of Case 002/02 who agreed
        to news and has not asked to stop, by their channel and in their language: written
        as sent, with the line that stops them, in one statement."""
        sent_day = datetime.date(2022, 10, 3)
        sent_at = self._at(sent_day, 10)
        job = m.SendJob.objects.create(
            label=NEWSLETTER_TITLES[1],
            status=m.SendStatus.DONE,
            requested_by_id=self.officer,
            started_at=sent_at,
            finished_at=sent_at + datetime.timedelta(minutes=14),
        )
        km, en, fr = NEWSLETTER_TITLES
        newsletter = m.Newsletter.objects.create(
            title_km=km, title_en=en, title_fr=fr,
            body_km=NEWSLETTER_SMS[Language.KHMER], body_en=NEWSLETTER_SMS[Language.ENGLISH],
            body_fr=NEWSLETTER_SMS[Language.FRENCH], sms_km=NEWSLETTER_SMS[Language.KHMER],
            sms_en=NEWSLETTER_SMS[Language.ENGLISH], sms_fr=NEWSLETTER_SMS[Language.FRENCH],
            audience=m.AudienceKind.CASE, case_id=self.cases["002/02"],
            status=m.NewsletterStatus.SENT, job=job, created_by_id=self.officer,
            sent_by_id=self.officer,
        )  # fmt: skip
        sent = self._messages(newsletter, job, sent_at)
        m.SendJob.objects.filter(pk=job.pk).update(total=sent, sent=sent)
        m.NewsletterReach.objects.create(newsletter=newsletter, asked_at=sent_at)
        newsletter_reach_count(newsletter_id=newsletter.pk)

    def _messages(
        self, newsletter: m.Newsletter, job: m.SendJob, sent_at: datetime.datetime
    ) -> int:
        q = connection.ops.quote_name
        # The Civil Parties of the case, of the case it was severed from, and of its
        # sibling segment: one consolidated group of Civil Parties follows them all.
        family = [self.cases[n] for n in ("002", "002/01", "002/02") if n in self.cases]
        cases = ", ".join(["%s"] * len(family))
        # Each language's text and stop line, split around the token the SQL puts in.
        marker = "demo0stop0token0marker"
        body_parts: list[str] = []
        params: list[Any] = []
        for language in Language.values:
            for channel in (Channel.SMS, Channel.EMAIL, Channel.POST):
                with translation.override(language):
                    line = _stop_line(channel, marker)
                before, after = f"{NEWSLETTER_SMS[language]}\n\n{line}".split(marker)
                body_parts.append(
                    "WHEN p.preferred_language = %s AND c.channel = %s "
                    "THEN %s || c.stop_token || %s"
                )
                params += [language, channel, before, after]
        body = "CASE " + " ".join(body_parts) + " END"
        address = (
            "CASE c.channel WHEN 'sms' THEN p.phone WHEN 'email' THEN c.email "
            "ELSE c.postal_address END"
        )
        status = (
            f"CASE c.channel WHEN 'post' THEN '{m.MessageStatus.PRINTED}' "
            f"ELSE '{m.MessageStatus.SENT}' END"
        )
        sql = f"""
            INSERT INTO {q(m.Message._meta.db_table)} (
                idempotency_key, kind, channel, language, person_id, address, subject, body,
                job_id, newsletter_id, status, detail, gateway_reference, attempts,
                created_at, sent_at, status_at)
            SELECT %s || p.id, %s, c.channel, p.preferred_language, p.id, {address}, %s,
                   {body}, %s, %s, {status}, '', '', 1, %s, %s, %s
            FROM {q(m.ContactPreference._meta.db_table)} c
            JOIN {q("people_person")} p ON p.id = c.person_id
            WHERE c.consents_to_news AND c.stopped_at IS NULL AND c.channel <> 'none'
              AND NOT p.is_deceased AND ({address}) <> ''
              AND EXISTS (SELECT 1 FROM {q(Application._meta.db_table)} a
                          WHERE a.applicant_id = p.id AND a.case_id IN ({cases})
                            AND a.status IN ({", ".join(["%s"] * len(CIVIL_PARTIES))}))
        """
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                [f"newsletter-{newsletter.pk}:person-", m.MessageKind.NEWSLETTER,
                 NEWSLETTER_TITLES[1], *params, job.pk, newsletter.pk,
                 sent_at, sent_at, sent_at, *family, *sorted(CIVIL_PARTIES)],
            )  # fmt: skip
            return cursor.rowcount

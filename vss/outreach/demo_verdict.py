"""The demo's attendance of the appeal judgment in Case 002/02 (22 September 2022), as
the outreach officer would have prepared it in VSS: the draw among the living Civil
Parties of Case 002 and its segments in the six provinces that hold most of them, at
least so many from each and balanced by sex and by the crimes suffered (the draw of
`draw.py`, from a seed kept on the `Draw` row with its explanation); the invitations it
made, sent five weeks before, the replies, some declining, and the waiting list moving up
in their place; the pick-up points, vehicles by route and province and the places to
stay, the seats and beds given out by the planner the logistics page uses; and on the day
each participant checked in and paid.

The record gives the day, the 150 Civil Parties and that they were chosen by sex,
ethnicity, province and crimes; the rest is made up (`ILLUSTRATIVE`): the minimum per
province, the waiting list, who declined and why, needs and companions, the vehicles,
the places to stay and the allowance. The rows are those the services write (without
their audit entries, like the rest of the demo's history), the invitations written in
bulk; every draw comes from the outreach step's own generator."""

from __future__ import annotations

import datetime
import heapq
import uuid
from collections import Counter
from dataclasses import asdict
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Case, Count, Value, When
from django.db.models.functions import Substr
from django.utils import translation
from django.utils.translation import gettext

from vss.core.demo.draw import plain
from vss.geo.models import Province
from vss.people.models import Language, Person

from . import models as m
from .draw import DrawResult, Quota, draw
from .selectors.choosing import PoolFilters, draw_pool, pool_applications
from .services.choosing import _explanation, _invitation_text
from .services.logistics import (
    accepted_for_placing,
    bed_plan,
    beds_needed,
    pick_up_plan,
    province_of,
    seat_plan,
    seats_needed,
)
from .services.sending import _recount, messages_write

if TYPE_CHECKING:
    from .demo import EventSpec, OutreachDemo

ILLUSTRATIVE = True
Status = plain(m.InvitationStatus)

# At least so many Civil Parties of each of the provinces; the rest balanced by sex and
# by the crimes suffered, each at least its share of the people who could be drawn.
PROVINCE_MINIMUM = 20
BALANCED_BY = ("sex", "crime_type")
WAITING = 30
# Of those invited, how many say they cannot come, and why.
DECLINING = 0.08
DECLINED_WHY = (
    "ឈឺ មិនអាចធ្វើដំណើរបាន",
    "ត្រូវមើលថែចៅនៅផ្ទះ",
    "រដូវច្រូតកាត់ មិនអាចចាកចេញពីភូមិបាន",
    "មានពិធីបុណ្យក្នុងគ្រួសារនៅថ្ងៃនោះ",
)
# Of those who come, how many say what they need, and how many bring someone with them.
WITH_NEEDS = 0.12
NEEDS = (
    "ប្រើរទេះរុញ ត្រូវការកន្លែងអង្គុយជិតទ្វារ",
    "ដើរមិនសូវរួច ត្រូវការជំនួយពេលឡើងចុះឡាន",
    "មើលមិនសូវឃើញ ត្រូវការអ្នកអានឯកសារជូន",
    "ត្រូវការលេបថ្នាំតាមម៉ោង",
)
WITH_COMPANION = 0.4  # of those with needs
COMPANION_RELATIONSHIPS = ("កូនស្រី", "កូនប្រុស", "ចៅស្រី", "ក្មួយប្រុស")
COMPANION_NAMES = ("សុខ ចន្ថា", "ជា សុភាព", "លី ដារ៉ា", "ហេង សុផល", "មាស ស្រីល័ក្ខ")
COMPANION_REASON = "ជួយថែទាំក្នុងពេលធ្វើដំណើរ"
# Everyone comes the day before and sleeps near the court: the judgment is read at 09:00.
BUS_SEATS, MINIBUS_SEATS = 30, 15
LODGING_BEDS = 100
LODGINGS = ("ផ្ទះសំណាក់ ចោមចៅ", "ផ្ទះសំណាក់ ពោធិ៍សែនជ័យ", "ផ្ទះសំណាក់ ដង្កោ")
SPARE_BEDS = 8
PHNOM_PENH = "12"
# A verdict's allowance, in riel, for the day's travel and food.
ALLOWANCE_KHR = Decimal("40000")
# Days before the judgment: the draw, and the invitations sent.
DRAWN, INVITED = 40, 35
KHMER_DIGITS = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")


class VerdictAttendance:
    def __init__(self, step: OutreachDemo, event: m.Event, spec: EventSpec) -> None:
        self.step = step
        self.run = step.run
        self.rng = step.rng
        self.event = event
        self.spec = spec
        self.day = spec.day.toordinal()
        # The moments invitations were sent, each with whom it invited.
        self.sent: dict[int, list[int]] = {}

    def _moment(self, day: int, first_hour: int = 8, last_hour: int = 17) -> int:
        return day * 1440 + self.rng.randint(first_hour * 60, last_hour * 60 - 1)

    def _at(self, minutes: int) -> datetime.datetime:
        zone = datetime.timezone(datetime.timedelta(minutes=self.run.offset))
        day, minute = divmod(minutes, 1440)
        moment = datetime.datetime.combine(datetime.date.fromordinal(day), datetime.time())
        return moment.replace(tzinfo=zone) + datetime.timedelta(minutes=minute)

    def write(self) -> None:
        made = self._moment(self.day - DRAWN)
        made_draw, result, applications = self.drawn(made)
        self.invitations(made_draw, result, applications, made)
        writer = self.run.writer
        writer.flush()
        writer.finish()
        self.sends()
        self.logistics_and_the_day()

    # --- the draw -----------------------------------------------------------------------

    def provinces(self) -> list[str]:
        """The codes of the provinces holding most of the event's Civil Parties, in code
        order: one aggregate query, whatever the size of the registry."""
        counts = (
            pool_applications(self.event, PoolFilters())
            .annotate(province=Substr("applicant__village_id", 1, 2))
            .exclude(applicant__village__isnull=True)
            .order_by()
            .values("province")
            .annotate(n=Count("applicant_id", distinct=True))
            .values_list("province", "n")
        )
        ranked = sorted(counts, key=lambda row: (-row[1], row[0]))
        return sorted(code for code, _n in ranked[: self.spec.provinces])

    def drawn(self, made: int) -> tuple[m.Draw, DrawResult, dict[int, int]]:
        """As `draw_make` draws and records it."""
        filters = PoolFilters(provinces=self.provinces())
        quotas = [Quota("province", code, PROVINCE_MINIMUM) for code in filters.provinces]
        pool = draw_pool(self.event, filters)
        seed = self.rng.getrandbits(48)
        result = draw(
            pool.candidates,
            size=self.spec.came,
            seed=seed,
            quotas=quotas,
            balanced_by=BALANCED_BY,
            waiting=WAITING,
        )
        asked = [
            {"dimension": q.dimension, "value": q.value, "minimum": q.minimum} for q in quotas
        ] + [{"dimension": d, "balanced": True} for d in BALANCED_BY]
        made_draw = m.Draw.objects.create(
            event=self.event,
            seed=seed,
            size=self.spec.came,
            waiting=WAITING,
            filters={k: v for k, v in asdict(filters).items() if v not in (None, [])},
            quotas=asked,
            explanation=_explanation(result),
            pool_size=result.pool_size,
            made_by_id=self.step.officer,
        )
        # Made weeks before the judgment, not when the demo runs, and done a minute later.
        m.Draw.objects.filter(pk=made_draw.pk).update(
            made_at=self._at(made), finished_at=self._at(made + 1)
        )
        return made_draw, result, pool.applications

    # --- invitations and replies --------------------------------------------------------

    def invitations(
        self, made_draw: m.Draw, result: DrawResult, applications: dict[int, int], made: int
    ) -> None:
        """Everyone chosen invited in one send; each decline invites the first of the
        waiting list at once, who answers in turn."""
        rng = self.rng
        ranked = [*result.chosen, *result.waiting]
        invited: dict[int, int] = {}
        replies: dict[int, tuple[int, bool]] = {}
        sent = self._moment(self.day - INVITED, 9, 10)
        answers: list[tuple[int, int]] = []
        for index in range(len(result.chosen)):
            invited[index] = sent
            heapq.heappush(answers, (self._reply(sent, 1, 12), index))
        waiting = iter(range(len(result.chosen), len(ranked)))
        while answers:
            answered, index = heapq.heappop(answers)
            accepted = rng.random() >= DECLINING
            replies[index] = (answered, accepted)
            if accepted:
                continue
            moved_up = next(waiting, None)
            if moved_up is not None:
                invited[moved_up] = answered
                heapq.heappush(answers, (self._reply(answered, 1, 5), moved_up))
        for index, moment in sorted(invited.items(), key=lambda item: (item[1], item[0])):
            self.sent.setdefault(moment, []).append(ranked[index])
        table = self.step.t_invitation
        for index, person in enumerate(ranked):
            when = invited.get(index)
            reply = replies.get(index)
            replied = reply[0] if reply else None
            if when is None:
                status = Status.WAITING
            else:
                status = Status.ACCEPTED if reply and reply[1] else Status.DECLINED
            needs = ""
            invitation = table.new_id()
            if status == Status.ACCEPTED and rng.random() < WITH_NEEDS:
                needs = rng.choice(NEEDS)
                if rng.random() < WITH_COMPANION:
                    self._companion(invitation, replied)
            table.rows.append(
                (invitation, self.event.pk, person, applications[person], made_draw.pk,
                 index + 1, status, None if when is None else self.run.moment(when),
                 None if replied is None else self.run.moment(replied),
                 rng.choice(DECLINED_WHY) if status == Status.DECLINED else "", needs,
                 None, None, None, None, None, None, None, "", None, self.run.moment(made))
            )  # fmt: skip

    def _reply(self, invited: int, fewest_days: int, most_days: int) -> int:
        """A moment in office hours, some days after the invitation."""
        return self._moment(invited // 1440 + self.rng.randint(fewest_days, most_days))

    def _companion(self, invitation: int, answered: int | None) -> None:
        table = self.step.t_companion
        rng = self.rng
        table.rows.append(
            (table.new_id(), invitation, rng.choice(COMPANION_NAMES),
             rng.choice(COMPANION_RELATIONSHIPS), COMPANION_REASON, True,
             self.run.moment(answered or self.day * 1440))
        )  # fmt: skip

    def sends(self) -> None:
        """The invitations' messages as `invitations_send` and each move up write them,
        each person by their channel and in their language, a send each time; sent at
        once, or printed for post."""
        event = self.event
        content = _invitation_text(event)
        self._preferences_made()
        for moment, people in self.sent.items():
            at = self._at(moment)
            with translation.override(Language.KHMER):
                label = gettext("Invitations: %(event)s") % {"event": event.title_km}
            job = m.SendJob.objects.create(
                label=label,
                status=m.SendStatus.DONE,
                requested_by_id=self.step.officer,
                started_at=at,
                finished_at=at + datetime.timedelta(minutes=1),
            )
            messages_write(
                job=job,
                kind=m.MessageKind.INVITATION,
                people=Person.objects.filter(pk__in=people),
                content=content,
                key=f"invite-{event.pk}",
                news=False,
                event=event,
            )
            written = m.Message.objects.filter(job=job)
            written.update(created_at=at)
            written.exclude(status=m.MessageStatus.SKIPPED).update(
                status=Case(
                    When(channel=m.MessageChannel.POST, then=Value(m.MessageStatus.PRINTED)),
                    default=Value(m.MessageStatus.SENT),
                ),
                attempts=1,
                sent_at=at,
                status_at=at,
            )
            m.SendJob.objects.filter(pk=job.pk).update(requested_at=at)
            _recount(job)

    def _preferences_made(self) -> None:
        """Those written to without a preference get one (SMS, no news), as the send
        makes it, with the demo's token rather than a secret one; written as the
        preferences are, for their ids come from the same block."""
        invited = {person: moment for moment, people in self.sent.items() for person in people}
        have = set(
            m.ContactPreference.objects.filter(person_id__in=invited).values_list(
                "person_id", flat=True
            )
        )
        table = self.step.t_preference
        for person in sorted(set(invited) - have):
            table.rows.append(
                (table.new_id(), person, m.MessageChannel.SMS, "", "", False, None, None, "",
                 self.step.stop_token(person), self.run.moment(invited[person]), None)
            )  # fmt: skip
        self.run.writer.flush()
        self.run.writer.finish()

    # --- logistics and the day ----------------------------------------------------------

    def logistics_and_the_day(self) -> None:
        """Vehicles sized to the seats each province needs, beds for all, given out as
        `seats_assign` and `beds_assign` do; then everyone checked in and paid."""
        event = self.event
        participants = accepted_for_placing(event)
        seats: Counter[str | None] = Counter()
        for invitation in participants:
            seats[province_of(invitation)] += seats_needed(invitation)
        provinces = {p.code: p for p in Province.objects.filter(code__in=set(seats) - {None})}
        # Each province's point in the village of its first participant (by code), so
        # that the gazetteer finds it for every rider of the province.
        villages: dict[str, str] = {}
        for invitation in participants:
            village = invitation.person.village_id
            if village and village < villages.get(village[:2], "99999999"):
                villages[village[:2]] = village
        points = self.pick_up_points(sorted(provinces.values(), key=lambda p: p.code), villages)
        vehicles = self.vehicles(seats, provinces)
        beds = sum(beds_needed(invitation) for invitation in participants) + SPARE_BEDS
        places = []
        for k, name in enumerate(LODGINGS):
            if beds <= 0:
                break
            places.append(m.Accommodation(event=event, name=name, beds=min(beds, LODGING_BEDS)))
            beds -= LODGING_BEDS
            if k == len(LODGINGS) - 1 and beds > 0:
                places[-1].beds += beds
        places = m.Accommodation.objects.bulk_create(places)
        seated = seat_plan(participants, sorted(vehicles, key=lambda v: (v.label, v.pk)))
        bedded = bed_plan(participants, sorted(places, key=lambda p: (p.name, p.pk)))
        pick_ups, _without = pick_up_plan(participants, seated.placed, points)
        for invitation in participants:
            came = self._at(self.day * 1440 + 7 * 60 + self.rng.randint(0, 90))
            invitation.vehicle_id = seated.placed.get(invitation.pk)
            invitation.pick_up_point_id = pick_ups.get(invitation.pk)
            invitation.accommodation_id = bedded.placed.get(invitation.pk)
            invitation.attended_at = came
            invitation.checked_in_by_id = self.step.officer
            # Made on the tablet at each tick.
            invitation.check_in_key = uuid.UUID(int=self.rng.getrandbits(128), version=4)
            invitation.allowance_amount = ALLOWANCE_KHR
            invitation.allowance_currency = m.AllowanceCurrency.KHR
            invitation.allowance_paid_at = came
        m.Invitation.objects.bulk_update(
            participants,
            [
                "vehicle", "pick_up_point", "accommodation", "attended_at", "checked_in_by",
                "check_in_key",
                "allowance_amount", "allowance_currency", "allowance_paid_at",
            ],
        )  # fmt: skip

    def pick_up_points(
        self, provinces: list[Province], villages: dict[str, str]
    ) -> list[m.PickUpPoint]:
        """One a province, the day before: the provinces' in the morning, Phnom Penh's
        in the afternoon."""
        day = self.day - 1
        return m.PickUpPoint.objects.bulk_create(
            m.PickUpPoint(
                event=self.event,
                village_id=villages.get(province.code),
                name="សាលារាជធានីភ្នំពេញ"
                if province.code == PHNOM_PENH
                else f"សាលាខេត្ត{province.name_km}",
                pick_up_at=self._at(
                    day * 1440 + (15 * 60 if province.code == PHNOM_PENH else 8 * 60)
                ),
            )
            for province in provinces
        )

    def vehicles(
        self, seats: Counter[str | None], provinces: dict[str, Province]
    ) -> list[m.Vehicle]:
        """Buses for each province's seats, a minibus for what a bus would leave empty."""
        vehicles = []
        number = 0
        for code in sorted(code for code in seats if code):
            province = provinces[code]
            route = "ក្នុងរាជធានីភ្នំពេញ" if code == PHNOM_PENH else f"{province.name_km} - ភ្នំពេញ"
            needed = seats[code]
            while needed > 0:
                number += 1
                size = BUS_SEATS if needed > MINIBUS_SEATS else MINIBUS_SEATS
                kind = "ឡានក្រុង" if size == BUS_SEATS else "ឡានតូច"
                vehicles.append(
                    m.Vehicle(
                        event=self.event,
                        label=f"{kind} {number:02d}".translate(KHMER_DIGITS),
                        route=route,
                        province=province,
                        seats=size,
                    )
                )
                needed -= size
        return m.Vehicle.objects.bulk_create(vehicles)

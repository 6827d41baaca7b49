"""Issue 13 is done when an outreach officer can bring 150 Civil Parties from six
provinces to a verdict and send the newsletter that announces it to every Civil Party of
the case, entirely in VSS. The officer, reading Khmer, does it here through the pages
alone: creates the event, draws 150 with a quota per province, invites them, records the
replies, plans the vehicles, prints the attendance sheet, checks people in on the tablet,
reads who came and what it cost, then writes, previews and sends the newsletter. Every
page passes axe."""

import datetime
import re
from collections import Counter
from decimal import Decimal
from itertools import cycle
from pathlib import Path

import pytest
from django.utils import timezone

from vss.accounts.models import Role
from vss.applications.models import CrimeSuffered, Status
from vss.outreach.models import (
    Draw,
    Event,
    EventKind,
    Invitation,
    InvitationStatus,
    Message,
    MessageChannel,
    MessageStatus,
    Newsletter,
)
from vss.outreach.tests.choosing_world import village_in
from vss.people.models import Ethnicity, Sex
from vss.testing.browser import accessibility_violations, log_in
from vss.testing.factories import (
    ApplicationFactory,
    CaseFactory,
    ContactPreferenceFactory,
    CrimeTypeFactory,
    PersonFactory,
    ProvinceFactory,
    UserFactory,
    VifFactory,
)
from vss.testing.pdf import pdf_text, reads_back
from vss.testing.personas import persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KHMER = "km"
PEOPLE = 300
CAPACITY = 150
PER_PROVINCE = 20
WAITING = 10
SEED = 2026
# The six provinces the Civil Parties come from, by code, with their names in Khmer.
PROVINCES = {
    "03": ("Kampong Cham", "កំពង់ចាម"),
    "04": ("Kampong Chhnang", "កំពង់ឆ្នាំង"),
    "06": ("Kampong Thom", "កំពង់ធំ"),
    "12": ("Phnom Penh", "ភ្នំពេញ"),
    "18": ("Preah Sihanouk", "ព្រះសីហនុ"),
    "21": ("Takeo", "តាកែវ"),
}
CRIMES = [
    ("cah-forced-transfer", "Forced transfer", "ការផ្លាស់ទីលំនៅដោយបង្ខំ"),
    ("cah-forced-marriage", "Forced marriage", "ការរៀបអាពាហ៍ពិពាហ៍ដោយបង្ខំ"),
    ("cah-imprisonment", "Imprisonment", "ការដាក់ពន្ធនាគារ"),
]
ETHNICITIES = [Ethnicity.KHMER, Ethnicity.KHMER, Ethnicity.CHAM, Ethnicity.VIETNAMESE]
GIVEN_KM = ["សុភាព", "ចន្ថា", "វណ្ណា", "សុខា", "ធារី", "បុប្ផា"]
ACCEPTS_PER_PROVINCE = 2
ALLOWANCE = Decimal("10")


def _reach(i: int) -> dict[str, object] | None:
    """How the i-th Civil Party wishes to be written to; None when nothing was recorded
    (then news does not reach them: no consent to it is on file)."""
    match i % 10:
        case 0 | 1 | 2 | 3 | 4:
            return {"channel": MessageChannel.SMS}
        case 5:
            return {"channel": MessageChannel.EMAIL, "email": f"cp{i}@example.org"}
        case 6:
            return {"channel": MessageChannel.POST, "postal_address": f"House {i}\nVillage"}
        case 7:
            return {"channel": MessageChannel.SMS, "consents_to_news": False}
        case 8:
            return {"channel": MessageChannel.SMS, "stopped_at": timezone.now()}
        case _:
            return None


def _verdict_world():
    """The case's ~300 living Civil Parties over six provinces, both sexes, four
    ethnicities, three crimes suffered, reached in varied ways and languages."""
    case = CaseFactory.create()
    for code, (english, khmer) in PROVINCES.items():
        ProvinceFactory.create(code=code, name_en=english, name_km=khmer)
    villages = {code: village_in(code) for code in PROVINCES}
    crimes = [
        CrimeTypeFactory.create(code=code, name=english, name_km=khmer)
        for code, english, khmer in CRIMES
    ]
    expected: dict[int, tuple[str, str, bool]] = {}
    clerk = UserFactory.create(username="intake-verdict", role=Role.INTAKE)
    languages = cycle(["km", "km", "km", "en", "fr"])
    for i in range(PEOPLE):
        province = list(PROVINCES)[i % 6]
        person = PersonFactory.create(
            village=villages[province],
            sex=Sex.FEMALE if (i // 6) % 2 else Sex.MALE,
            ethnicity=ETHNICITIES[i % len(ETHNICITIES)],
            family_name_km="សុខ",
            given_name_km=f"{GIVEN_KM[i % len(GIVEN_KM)]}{i:03d}",
            family_name_latin="SOK",
            given_name_latin=f"Cp{i:03d}",
            phone=f"012 {i:06d}" if i % 10 != 4 else "",
            preferred_language=next(languages),
        )
        reach = _reach(i)
        if reach is not None:
            ContactPreferenceFactory.create(person=person, **reach)
        reached = (
            reach is not None
            and reach.get("consents_to_news", True)
            and "stopped_at" not in reach
            and bool(person.phone or reach["channel"] != MessageChannel.SMS)
        )
        channel = reach["channel"] if reach is not None else MessageChannel.SMS
        expected[person.pk] = (channel, person.preferred_language, reached)
        application = ApplicationFactory.create(
            case=case,
            status=Status.ADMITTED,
            form=VifFactory.create(applicant=person, created_by=clerk),
        )
        CrimeSuffered.objects.create(form=application.form, crime_type=crimes[i % 3])
        if i % 7 == 0:
            CrimeSuffered.objects.create(form=application.form, crime_type=crimes[(i + 1) % 3])
    return case, expected


class Pages:
    """Axe run on each kind of page the journey visits (a page's kind is its path with
    the numbers taken out), once, or again when `filled` says it now shows more."""

    def __init__(self, page):
        self.page = page
        self.seen: set[str] = set()

    def check(self, *, filled: bool = False) -> None:
        kind = re.sub(r"\d+", "N", self.page.url.split("?")[0].split("#")[0])
        if kind in self.seen and not filled:
            return
        self.seen.add(kind)
        assert accessibility_violations(self.page) == [], kind


def test_an_officer_brings_150_civil_parties_to_a_verdict_and_tells_every_civil_party(page):
    officer = persona(Role.OUTREACH)
    case, expected = _verdict_world()
    pages = Pages(page)
    log_in(page, Role.OUTREACH, language=KHMER)

    # The event, created through its form from the menu.
    page.click("nav a[href='/outreach/events/']")
    pages.check()
    page.click("main a[href='/outreach/events/new/']")
    pages.check()
    page.select_option("select[name=kind]", EventKind.VERDICT_ATTENDANCE)
    page.fill("input[name=title_km]", "ការចូលរួមស្តាប់សាលក្រម")
    page.fill("input[name=title_en]", "Verdict attendance")
    page.fill("input[name=title_fr]", "Assister au verdict")
    starts = timezone.localtime() + datetime.timedelta(days=21)
    page.fill("input[name=starts_at]", starts.strftime("%Y-%m-%dT09:00"))
    page.fill("input[name=venue]", "ECCC courtroom, Phnom Penh")
    page.check(f"input[name=cases][value='{case.pk}']")
    page.fill("input[name=capacity]", str(CAPACITY))
    page.fill("input[name=budget_usd]", "18000")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/outreach/events/\d+/$"))
    pages.check()
    event = Event.objects.get(title_en="Verdict attendance")
    assert (event.kind, event.capacity, event.budget_usd) == (
        EventKind.VERDICT_ATTENDANCE,
        CAPACITY,
        Decimal("18000"),
    )
    assert event.officer == officer

    # The draw: 150, at least 20 from each province, balanced by sex and crimes.
    page.click(f"main a[href='/outreach/events/{event.pk}/draw/']")
    pages.check()
    assert page.input_value("input[name=size]") == str(CAPACITY)
    page.fill("input[name=waiting]", str(WAITING))
    page.fill("input[name=seed]", str(SEED))
    for n, code in enumerate(PROVINCES):
        page.select_option(f"select[name=quota-{n}-value]", f"province:{code}")
        page.fill(f"input[name=quota-{n}-minimum]", str(PER_PROVINCE))
    page.check("input[name=balanced_by][value=sex]")
    page.check("input[name=balanced_by][value=crime_type]")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(rf"/outreach/(events/{event.pk}/invitations|draws/\d+)/$"))
    if "/draws/" in page.url:
        # A draw made in the background: its page shows it running, then done.
        page.wait_for_selector("#draw-progress[data-status=done]")
        pages.check()
        page.click(f"main a[href='/outreach/events/{event.pk}/invitations/']")
    pages.check()
    draw = Draw.objects.get(event=event)
    assert draw.seed == SEED
    chosen = Invitation.objects.filter(event=event, rank__lte=CAPACITY)
    assert chosen.count() == CAPACITY
    assert Invitation.objects.filter(event=event, rank__gt=CAPACITY).count() == WAITING
    by_province = Counter(i.person.village_id[:2] for i in chosen.select_related("person"))
    assert set(by_province) == set(PROVINCES)
    assert min(by_province.values()) >= PER_PROVINCE
    # Balanced: each sex and each crime at least its share of the people who could be drawn.
    by_sex = Counter(chosen.values_list("person__sex", flat=True))
    assert min(by_sex[Sex.FEMALE], by_sex[Sex.MALE]) >= CAPACITY // 2
    suffered = CrimeSuffered.objects.filter(form__applicant__in=expected)
    chosen_people = set(chosen.values_list("person_id", flat=True))
    for code, _english, _khmer in CRIMES:
        among = set(
            suffered.filter(crime_type__code=code).values_list("form__applicant_id", flat=True)
        )
        assert len(among & chosen_people) >= len(among) * CAPACITY // PEOPLE, code
    explanation = page.locator(".draw-explanation").inner_text()
    assert "កំពង់ចាម" in explanation and str(SEED) in page.inner_text("main")

    # The invitations, sent; one declines and the first of the waiting list is invited.
    page.click(f"form[action='/outreach/events/{event.pk}/invitations/send/'] button")
    page.wait_for_url(re.compile(rf"/outreach/events/{event.pk}/invitations/$"))
    assert (
        Invitation.objects.filter(event=event, status=InvitationStatus.INVITED).count() == CAPACITY
    )
    assert Message.objects.filter(event=event, person__in=chosen_people).count() == CAPACITY
    first = Invitation.objects.get(event=event, rank=1)
    page.click(f"main a[href='/outreach/invitations/{first.pk}/']")
    pages.check()
    page.check("#reply input[name=reply][value=declined]")
    page.fill("#reply textarea[name=note]", "ឈឺ")
    page.click("#reply button[type=submit]")
    page.wait_for_url(re.compile(rf"/outreach/invitations/{first.pk}/$"))
    moved = Invitation.objects.get(event=event, rank=CAPACITY + 1)
    assert moved.status == InvitationStatus.INVITED
    assert Message.objects.filter(event=event, person=moved.person).count() == 1

    # Two of each province accept, found through the list's filters and recorded in one
    # go: ticked in the list, one reply for them all.
    accepted: list[Invitation] = []
    for code in PROVINCES:
        page.click(f"main a[href='/outreach/events/{event.pk}/invitations/']")
        page.select_option("form.filters select[name=province]", code)
        page.select_option("form.filters select[name=status]", InvitationStatus.INVITED)
        page.click("form.filters button[type=submit]")
        page.wait_for_url(re.compile(r"province="))
        pages.check()
        boxes = page.locator("#replies tbody input[name=invitations]")
        ticked = [boxes.nth(n).get_attribute("value") for n in range(ACCEPTS_PER_PROVINCE)]
        for pk in ticked:
            page.check(f"#replies input[name=invitations][value='{pk}']")
        page.check("#replies input[name=reply][value=accepted]")
        page.fill("#replies textarea[name=note]", "ទូរស័ព្ទ")
        page.click("#replies button[type=submit]")
        page.wait_for_url(re.compile(rf"/outreach/events/{event.pk}/invitations/$"))
        accepted += list(Invitation.objects.filter(pk__in=[int(pk or 0) for pk in ticked]))
    came_to_accept = Invitation.objects.filter(event=event, status=InvitationStatus.ACCEPTED)
    assert set(came_to_accept.values_list("pk", flat=True)) == {i.pk for i in accepted}

    # Logistics: a pick-up point and a vehicle for each province, then the seats.
    page.click(f"main a[href='/outreach/events/{event.pk}/invitations/']")
    page.click(f"main a[href='/outreach/events/{event.pk}/']")
    page.click(f"main a[href='/outreach/events/{event.pk}/logistics/']")
    pages.check()
    for code, (english, khmer) in PROVINCES.items():
        page.click(f"main a[href='/outreach/events/{event.pk}/logistics/pick-up-points/add/']")
        pages.check()
        page.fill("input[name=name]", f"វត្ត {khmer}")
        page.fill("input[name=village_code]", f"{code}010101")
        page.fill("input[name=pick_up_at]", starts.strftime("%Y-%m-%dT05:30"))
        page.click("main form button[type=submit]")
        page.wait_for_url(re.compile(rf"/outreach/events/{event.pk}/logistics/$"))
        page.click(f"main a[href='/outreach/events/{event.pk}/logistics/vehicles/add/']")
        pages.check()
        page.fill("input[name=label]", f"Bus {english}")
        page.fill("input[name=seats]", "4")
        page.select_option("select[name=province]", code)
        page.fill("input[name=route]", f"{english} - Phnom Penh")
        page.click("main form button[type=submit]")
        page.wait_for_url(re.compile(rf"/outreach/events/{event.pk}/logistics/$"))
    page.click(f"form[action='/outreach/events/{event.pk}/logistics/seats/'] button")
    page.wait_for_url(re.compile(rf"/outreach/events/{event.pk}/logistics/$"))
    pages.check(filled=True)
    # The sheet of who rides where: each participant in the bus of their province.
    for invitation in accepted:
        invitation.refresh_from_db()
        assert invitation.vehicle is not None
        assert invitation.vehicle.province_id == invitation.person.village_id[:2]
    riders = page.locator("#participants tbody tr")
    assert riders.count() == len(accepted)
    for invitation in accepted:
        rider = riders.filter(has_text=invitation.person.name_km)
        assert rider.locator("td").nth(2).inner_text() == invitation.vehicle.label
        # Picked up at the pagoda of their village, the bus's one stop, where both board.
        khmer = PROVINCES[invitation.person.village_id[:2]][1]
        assert rider.locator("td").nth(3).inner_text().startswith(f"វត្ត {khmer}")
        bus = page.locator("#vehicles tbody tr").filter(has_text=invitation.vehicle.label)
        assert f"វត្ត {khmer}" in bus.locator("ol.stops").inner_text()

    # The attendance sheet, by vehicle, in Khmer names.
    page.click(f"main a[href='/outreach/events/{event.pk}/attendance/']")
    pages.check()
    with page.expect_download() as download:
        page.click(f"main a[href='/outreach/events/{event.pk}/attendance/sheet.pdf']")
    content = Path(download.value.path()).read_bytes()
    assert content.startswith(b"%PDF")
    sheet = pdf_text(content)
    assert reads_back(accepted[0].person.name_km, sheet)
    assert "Bus Kampong Cham" in sheet

    # The day: nine come (both of the first three provinces, one of the others), each
    # paid ten dollars on the tablet.
    came = accepted[:6] + accepted[7::2]
    page.click(f"main a[href='/outreach/events/{event.pk}/check-in/']")
    page.locator("#check-in-people tr").nth(len(accepted) - 1).wait_for()
    pages.check()
    page.fill("#check-in-amount", str(ALLOWANCE))
    page.select_option("#check-in-currency", "USD")
    for invitation in came:
        row = page.locator(f'tr[data-invitation="{invitation.pk}"]')
        row.locator("td:nth-child(3) input").check()
        row.locator("td:nth-child(4) input").check()
    page.wait_for_function(
        "(n) => document.getElementById('check-in-arrived').textContent === String(n)",
        arg=len(came),
    )
    page.click(f"main a[href='/outreach/events/{event.pk}/']")
    pages.check(filled=True)
    page.click(f"main a[href='/outreach/events/{event.pk}/attendance/']")
    pages.check(filled=True)
    summary = page.locator("#summary").inner_text()
    assert f"អ្នកចូលរួម {len(came)} នាក់ក្នុងចំណោម {len(accepted)} នាក់បានមក។" in summary
    came_by_sex = Counter(i.person.sex for i in came)
    expected_sex = [i.person.sex for i in accepted]
    came_by_province = Counter(i.person.village_id[:2] for i in came)
    assert sorted(came_by_province.values()) == [1, 1, 1, 2, 2, 2]
    tables = page.locator("#summary table")
    for sex, khmer in ((Sex.FEMALE, "ស្រី"), (Sex.MALE, "ប្រុស")):
        row = tables.nth(0).locator("tbody tr", has_text=khmer)
        assert row.locator("td").nth(1).inner_text() == str(came_by_sex[sex])
        assert row.locator("td").nth(2).inner_text() == str(Counter(expected_sex)[sex])
    for code, (_english, khmer) in PROVINCES.items():
        row = tables.nth(1).locator("tbody tr", has_text=khmer)
        assert row.locator("td").nth(1).inner_text() == str(came_by_province[code])
        assert row.locator("td").nth(2).inner_text() == str(ACCEPTS_PER_PROVINCE)
    # Khmer writes a decimal comma and groups thousands with a point (CLDR's km).
    assert f"{ALLOWANCE * len(came):.2f}".replace(".", ",") in summary
    assert "18.000,00" in summary
    paid = Invitation.objects.filter(event=event, allowance_paid_at__isnull=False)
    assert set(paid.values_list("pk", flat=True)) == {i.pk for i in came}

    # The newsletter announcing the verdict, to all the Civil Parties of the case.
    page.click("nav a[href='/outreach/newsletters/']")
    pages.check()
    page.click("main a[href='/outreach/newsletters/new/']")
    pages.check()
    texts = {
        "km": ("សាលក្រមសំណុំរឿង", "អង្គជំនុំជម្រះនឹងប្រកាសសាលក្រម។", "សាលក្រមនឹងប្រកាស។"),
        "en": ("The verdict", "The Chamber will pronounce its verdict.", "Verdict soon."),
        "fr": ("Le verdict", "La Chambre rendra son verdict.", "Verdict bientôt."),
    }
    for language, (title, body, sms) in texts.items():
        page.fill(f"[name=title_{language}]", title)
        page.fill(f"[name=body_{language}]", body)
        page.fill(f"[name=sms_{language}]", sms)
    page.check("input[name=audience][value=case]")
    page.select_option("select[name=case]", str(case.pk))
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/outreach/newsletters/\d+/$"))
    pages.check()
    newsletter = Newsletter.objects.get(title_en="The verdict")
    previews = page.locator(".preview").all_inner_texts()
    assert any("អង្គជំនុំជម្រះនឹងប្រកាសសាលក្រម" in p for p in previews)
    assert any("La Chambre rendra son verdict." in p for p in previews)
    page.click(f"form[action='/outreach/newsletters/{newsletter.pk}/send/'] button")
    page.wait_for_url(re.compile(r"/outreach/sends/\d+/$"))
    page.wait_for_function("() => document.querySelector('#send-progress progress').value === 100")
    pages.check()

    # Every Civil Party of the case written to once, by their channel and in their
    # language, or kept as not sent with the reason.
    written = Message.objects.filter(newsletter=newsletter)
    assert written.count() == PEOPLE
    assert set(written.values_list("person_id", flat=True)) == set(expected)
    for person_id, channel, language, status, detail in written.values_list(
        "person_id", "channel", "language", "status", "detail"
    ):
        wished_channel, wished_language, reached = expected[person_id]
        assert (channel, language) == (wished_channel, wished_language), person_id
        if reached:
            assert status not in (MessageStatus.SKIPPED, MessageStatus.FAILED), person_id
        else:
            assert status == MessageStatus.SKIPPED and detail, person_id

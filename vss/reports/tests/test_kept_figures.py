"""The figures the dashboard reads from the kept counts (vss.tallies) against a recount
written here from the records themselves, for a world drawn at random (applicants with
applications in two cases, forms received on the first and the last day of months or not
yet, several crimes and harms or none, mandates current, ended and of a suspended lawyer
, referrals, messages about an application, a court date, an event of two cases or
nothing, sent just after midnight on the first of a month in Phnom Penh), in every
selection of cases and months the form offers; and the kept counts stay as counted until
the next count."""

import datetime
import itertools
import random
from collections import Counter
from typing import Any

import pytest
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from vss.applications import figures
from vss.applications.figures import (
    ApplicationFigure,
    ApplicationSelection,
    Tally,
    cases_counted_with,
)
from vss.applications.models import (
    Application,
    ApplicationKind,
    CrimeSuffered,
    Harm,
    HarmKind,
    Status,
)
from vss.applications.workflow import CIVIL_PARTIES
from vss.core.forms import month_end
from vss.outreach.models import Message, MessageKind, MessageStatus
from vss.outreach.selectors import figures as outreach
from vss.people.models import Ethnicity, Sex
from vss.representation.models import GroupMembership, LawyerStatus, Representation
from vss.representation.selectors import (
    CaseloadsFilters,
    caseloads_are_kept,
    lawyer_caseloads_for_user,
    lawyer_caseloads_totals,
)
from vss.representation.selectors import figures as representation
from vss.representation.selectors.groups import cases_with_group_counts
from vss.support import figures as support
from vss.support.models import Referral, ReferralStatus
from vss.tallies.services import counting_now
from vss.testing.factories import (
    ApplicationFactory,
    CaseFactory,
    CivilPartyGroupFactory,
    CourtDateFactory,
    CrimeTypeFactory,
    EventFactory,
    LawyerFactory,
    OrganisationFactory,
    PersonFactory,
    ReferralFactory,
    RepresentationFactory,
    VifFactory,
    VillageFactory,
)

pytestmark = pytest.mark.django_db

MONTHS = [datetime.date(2023, month, 1) for month in range(1, 13)] + [datetime.date(2024, 1, 1)]


def _received(rng: random.Random) -> datetime.date | None:
    """Not yet, or on the first or the last day of a month, or in the middle of it."""
    if rng.random() < 0.15:
        return None
    month = rng.choice(MONTHS)
    return rng.choice([month, month_end(month), month.replace(day=15)])


@pytest.fixture
def world(chief):
    rng = random.Random(1979)
    case_002 = CaseFactory(number="002", title="Case 002")
    case_004 = CaseFactory(number="004", title="Case 004")
    segment = CaseFactory(number="004/01", parent=case_004)
    cases = [case_002, case_004, segment]
    villages = [VillageFactory(), None]
    crimes = [CrimeTypeFactory(code=f"c{n}", name=f"Crime {n}") for n in range(3)]
    lawyers = [
        LawyerFactory(),
        LawyerFactory(),
        LawyerFactory(status=LawyerStatus.SUSPENDED),
    ]
    partners = [
        OrganisationFactory(name=name, kind="partner", offers_support=True)
        for name in ("TPO Cambodia", "Kdei Karuna")
    ]
    statuses = list(Status)
    groups = {case.number: CivilPartyGroupFactory(case=case, created_by=chief) for case in cases}
    people = []
    for n in range(36):
        person = PersonFactory(
            sex=rng.choice(list(Sex)),
            ethnicity=rng.choice(list(Ethnicity)),
            birth_year=rng.choice([None, 1930, 1950, 1962, 1976, 1990]),
            village=rng.choice(villages),
        )
        people.append(person)
        # A third apply in two cases, some twice in the same case's segments.
        for case in rng.sample(cases, 2 if n % 3 == 0 else 1):
            form = VifFactory(applicant=person, received_on=_received(rng))
            status = rng.choice(statuses)
            application = ApplicationFactory(form=form, case=case, status=status)
            for crime in rng.sample(crimes, rng.randint(0, 2)):
                CrimeSuffered.objects.create(form=form, crime_type=crime)
            for kind in rng.sample(list(HarmKind), rng.randint(0, 2)):
                Harm.objects.create(form=form, kind=kind, victim_type="direct")
            if rng.random() < 0.5:
                # In a group of its case now, or no longer (left it, or moved to another).
                left = rng.random() < 0.3
                GroupMembership.objects.create(
                    group=groups[case.number],
                    application=application,
                    started_on=datetime.date(2023, 1, 1),
                    ended_on=datetime.date(2023, 6, 1) if left else None,
                    assigned_by=chief,
                )
            if rng.random() < 0.6:
                ended = rng.random() < 0.3
                RepresentationFactory(
                    application=application,
                    lawyer=rng.choice(lawyers),
                    ended_on=datetime.date(2024, 2, 1) if ended else None,
                    end_reason="Withdrew" if ended else "",
                )
        if rng.random() < 0.5:
            closed = rng.random() < 0.5
            ReferralFactory(
                person=person,
                consent__person=person,
                partner=rng.choice(partners),
                status=ReferralStatus.CLOSED if closed else ReferralStatus.OPEN,
                closed_on=datetime.date(2024, 9, 1) if closed else None,
                closure_reason="Sessions completed" if closed else "",
            )
    # A Civil Party who left their group and is in none now.
    leaver = GroupMembership.objects.filter(
        ended_on__isnull=True, application__status__in=CIVIL_PARTIES
    ).first()
    assert leaver is not None
    leaver.ended_on = datetime.date(2023, 6, 1)
    leaver.save(update_fields=["ended_on"])
    event = EventFactory(cases=[case_004, segment])
    court_date = CourtDateFactory(case=case_002)
    keys = itertools.count()
    for application in Application.objects.all():
        about = rng.choice(
            [{"application": application}, {"event": event}, {"court_date": court_date}, {}]
        )
        month = rng.choice(MONTHS)
        # Just after midnight in Phnom Penh on the first: the month before in UTC.
        sent = timezone.make_aware(datetime.datetime.combine(month, datetime.time(0, 30)))
        Message.objects.create(
            idempotency_key=f"m{next(keys)}",
            kind=rng.choice([MessageKind.INVITATION, MessageKind.STATUS_CHANGE]),
            channel="sms",
            language="km",
            person=application.applicant,
            body="…",
            status=rng.choice([MessageStatus.SENT, MessageStatus.SENT, MessageStatus.FAILED]),
            sent_at=sent,
            **about,
        )
    counting_now(user=None)
    return {"002": case_002, "004": case_004, "004/01": segment}


def _selections(world) -> list[ApplicationSelection]:
    case_sets = [None, (world["002"].pk,), tuple(sorted((world["004"].pk, world["004/01"].pk)))]
    periods = [
        (None, None),
        (datetime.date(2023, 3, 1), None),
        (None, month_end(datetime.date(2023, 6, 1))),
        (datetime.date(2023, 2, 1), month_end(datetime.date(2023, 2, 1))),
        (datetime.date(2023, 5, 1), month_end(datetime.date(2024, 1, 1))),
    ]
    return [
        ApplicationSelection(cases, start, end) for cases in case_sets for start, end in periods
    ]


def _applications(selection: ApplicationSelection) -> QuerySet[Application]:
    applications = Application.objects.all()
    if selection.case_ids is not None:
        applications = applications.filter(case_id__in=selection.case_ids)
    if selection.received_from:
        applications = applications.filter(form__received_on__gte=selection.received_from)
    if selection.received_to:
        applications = applications.filter(form__received_on__lte=selection.received_to)
    return applications


def _recount(selection: ApplicationSelection, figure: ApplicationFigure) -> list[Tally]:
    """Each application's values read one by one, counted in Python."""
    counted: Counter[Any] = Counter()
    parties: Counter[Any] = Counter()
    on = timezone.localdate()
    for application in _applications(selection).select_related("applicant", "form"):
        person = application.applicant
        born = person.birth_date.year if person.birth_date else person.birth_year
        values: dict[str, list[Any]] = {
            "province": [application.province_code],
            "sex": [person.sex],
            "ethnicity": [person.ethnicity],
            "age": [_age_group(born, on)],
            "crime": sorted(
                {str(c) for c in application.form.crimes.values_list("crime_type_id", flat=True)}
            )
            or [None],
            "harm": sorted(set(application.form.harms.values_list("kind", flat=True))) or [None],
        }
        for value in values[figure.name]:
            counted[value] += 1
            parties[value] += application.status in CIVIL_PARTIES
    tallies = [Tally(value, n, parties[value]) for value, n in counted.items()]
    return sorted(tallies, key=lambda t: (t.key is None, t.key or ""))


def _age_group(born: int | None, on: datetime.date) -> str:
    if born is None:
        return figures.AGE_UNKNOWN
    age = on.year - born
    for name, low, high in figures.AGE_GROUPS:
        if (low is None or age >= low) and (high is None or age <= high):
            return name
    return ""


def test_the_figures_of_applications_agree_with_a_recount(chief, world):
    checked = 0
    for selection in _selections(world):
        for figure in figures.FIGURES:
            if figure is figures.EVERY:
                continue
            assert figures.tally(chief, selection, figure) == _recount(selection, figure), (
                selection,
                figure.name,
            )
            checked += 1
        by_status = Counter(_applications(selection).values_list("case__number", "status"))
        kept = figures.application_counts_by_case_and_status(chief, selection)
        assert {(case.number, status): n for case, status, n in kept} == by_status
    assert checked == 15 * 6


def test_the_figure_over_time_agrees_with_a_recount(chief, world):
    for selection in _selections(world):
        for monthly in (True, False):
            received = Counter()
            for day in _applications(selection).values_list("form__received_on", flat=True):
                received[(day.replace(day=1) if monthly else day.year) if day else None] += 1
            kept = figures.application_tally_by_period(chief, selection, monthly=monthly)
            assert {t.key: t.applications for t in kept} == received, selection


def test_representation_agrees_with_a_recount(chief, world):
    practising = Representation.objects.filter(
        ended_on__isnull=True, lawyer__status=LawyerStatus.RECOGNISED
    )
    for selection in _selections(world):
        civil_parties = _applications(selection).filter(status__in=CIVIL_PARTIES)
        represented = Counter(
            (number, yes)
            for number, yes in civil_parties.annotate(
                yes=Exists(practising.filter(application=OuterRef("pk")))
            ).values_list("case__number", "yes")
        )
        kept = representation.civil_parties_by_representation(chief, selection)
        assert {
            (row.case.number, yes): n
            for row in kept
            for yes, n in ((True, row.with_lawyer), (False, row.without_lawyer))
            if n
        } == represented, selection
        mandates = Counter(
            Representation.objects.filter(
                ended_on__isnull=True, application__in=_applications(selection)
            ).values_list("lawyer_id", flat=True)
        )
        busiest = representation.caseloads_of_busiest_lawyers(chief, selection, top=2)
        expected = sorted(mandates.items(), key=lambda pair: (-pair[1], pair[0]))[:2]
        assert [(lawyer.pk, n) for lawyer, n in busiest] == expected, selection


def test_the_lawyers_caseloads_agree_with_a_recount(chief, world):
    mandates = Representation.objects.filter(
        ended_on__isnull=True,
        application__kind=ApplicationKind.CIVIL_PARTY,
        application__status__in=CIVIL_PARTIES,
    )
    assert caseloads_are_kept(chief)
    for case in (None, world["002"], world["004"], world["004/01"]):
        filters = CaseloadsFilters(case_id=case.pk if case else None)
        of_case = mandates
        if case is not None:
            of_case = mandates.filter(application__case_id__in=cases_counted_with(case))
        expected = Counter(of_case.values_list("lawyer_id", "application__case__number"))
        assert expected, case
        rows = lawyer_caseloads_for_user(chief, filters)
        found = Counter({(row.lawyer.pk, number): n for row in rows for number, n in row.by_case})
        assert found == expected, case
        totals = lawyer_caseloads_totals(chief, filters)
        represented = of_case.values("application_id").distinct().count()
        assert (totals.civil_parties, totals.mandates) == (represented, of_case.count()), case


def test_civil_parties_in_no_group_agree_with_a_recount(chief, world):
    in_a_group = GroupMembership.objects.filter(ended_on__isnull=True).values("application_id")
    civil_parties = Application.objects.filter(status__in=CIVIL_PARTIES)
    recount = {
        number: (
            civil_parties.filter(case__number=number).count(),
            civil_parties.filter(case__number=number).exclude(pk__in=in_a_group).count(),
        )
        for number in ("002", "004", "004/01")
    }
    kept = {
        row.case.number: (row.civil_party_count, row.ungrouped_count)
        for row in cases_with_group_counts()
    }
    assert kept == recount
    left = civil_parties.filter(group_memberships__ended_on__isnull=False)
    assert left.exclude(pk__in=in_a_group).exists()
    assert any(ungrouped for _n, ungrouped in recount.values())
    assert any(n > ungrouped for n, ungrouped in recount.values())


def test_referrals_count_each_person_once_as_a_recount_does(chief, world):
    for selection in _selections(world):
        applicants = _applications(selection).values("applicant_id")
        referrals = Referral.objects.filter(person_id__in=applicants)
        expected = Counter(referrals.values_list("partner_id", "status"))
        kept = support.referrals_by_partner(chief, selection)
        found = Counter(
            {(row.partner.pk, status): n for row in kept for status, n in row.by_status.items()}
        )
        assert +found == expected, selection


def test_messages_sent_agree_with_a_recount(chief, world):
    for selection in _selections(world):
        reach = outreach.Reach(
            case_ids=selection.case_ids,
            since=selection.received_from,
            until=selection.received_to,
        )
        sent = Message.objects.filter(status=MessageStatus.SENT)
        if reach.since:
            start = timezone.make_aware(datetime.datetime.combine(reach.since, datetime.time()))
            sent = sent.filter(sent_at__gte=start)
        if reach.until:
            end = reach.until + datetime.timedelta(days=1)
            sent = sent.filter(
                sent_at__lt=timezone.make_aware(datetime.datetime.combine(end, datetime.time()))
            )
        if reach.case_ids is not None:
            about = (
                Q(application__case__in=reach.case_ids)
                | Q(event__cases__in=reach.case_ids)
                | Q(court_date__case__in=reach.case_ids)
            )
            sent = sent.filter(pk__in=Message.objects.filter(about).values("pk"))
        expected = dict(sent.values_list("kind").annotate(n=Count("pk")))
        assert outreach.messages_sent_by_kind(chief, reach) == expected, selection


def test_the_figures_stay_as_counted_until_the_next_count(chief, world):
    every = ApplicationSelection()
    before = figures.tally(chief, every, figures.BY_SEX)
    ApplicationFactory(
        case=world["002"],
        status=Status.ADMITTED,
        form=VifFactory(applicant=PersonFactory(sex="male")),
    )
    assert figures.tally(chief, every, figures.BY_SEX) == before
    counting_now(user=None)
    assert figures.tally(chief, every, figures.BY_SEX) == _recount(every, figures.BY_SEX)
    assert figures.tally(chief, every, figures.BY_SEX) != before

"""The registry-wide run, as a background job, fills the review queue."""

import random

import pytest
from django.test import Client

from vss.matching.models import (
    CandidateStatus,
    DifferentPeople,
    MatchCandidate,
    MatchRun,
    RunStatus,
)
from vss.matching.services import run_request
from vss.people.models import Person, PersonName
from vss.people.services import person_name_rows
from vss.testing.factories import (
    CommuneFactory,
    DistrictFactory,
    PersonFactory,
    ProvinceFactory,
    VillageFactory,
)

pytestmark = pytest.mark.django_db

FAMILY = [
    ("សុខ", "SOK"),
    ("ជា", "CHEA"),
    ("កែវ", "KEO"),
    ("ហេង", "HENG"),
    ("លី", "LY"),
    ("ម៉ៅ", "MAO"),
    ("ចាន់", "CHAN"),
]
GIVEN = [
    ("ធារី", "THEARY"),
    ("សុភា", "SOPHEA"),
    ("ដារ៉ា", "DARA"),
    ("វណ្ណា", "VANNA"),
    ("ពៅ", "POV"),
    ("សំណាង", "SAMNANG"),
    ("បុប្ផា", "BOPHA"),
    ("រតនា", "RATANA"),
    ("ផល្លា", "PHALLA"),
    ("កុសល", "KOSAL"),
    ("ចន្ធី", "CHANTHY"),
]
VARIANTS = {
    "SOK": "SOKH",
    "CHEA": "CHEAR",
    "THEARY": "TEARY",
    "SOPHEA": "SOPHIA",
    "POV": "PAUV",
    "VANNA": "VANA",
}


def _villages(count: int) -> list[str]:
    province = ProvinceFactory.create(code="17", name_en="Siem Reap")
    codes = []
    for d in range(2):
        district = DistrictFactory.create(code=f"17{d + 1:02d}", province=province, name_en=f"D{d}")
        for c in range(3):
            commune = CommuneFactory.create(
                code=f"{district.code}{c + 1:02d}", district=district, name_en=f"C{c}"
            )
            for v in range(count // 6 + 1):
                codes.append(
                    VillageFactory.create(
                        code=f"{commune.code}{v + 1:02d}", commune=commune, name_en=f"V{v}"
                    ).code
                )
    return codes[:count]


def _population(size: int, duplicates: int) -> list[tuple[int, int]]:
    """`size` people in random villages, and a second, differently spelt record for
    `duplicates` of them. Returns the pairs of ids that are one person."""
    rng = random.Random(7)
    villages = _villages(24)
    people = []
    for _ in range(size):
        (family_km, family), (given_km, given) = rng.choice(FAMILY), rng.choice(GIVEN)
        people.append(
            Person(
                family_name_km=family_km,
                given_name_km=given_km,
                family_name_latin=family,
                given_name_latin=given.title(),
                sex=rng.choice(["female", "male"]),
                birth_year=rng.randint(1930, 1975),
                village_id=rng.choice(villages),
            )
        )
    Person.objects.bulk_create(people)
    twins = []
    for original in rng.sample(people, duplicates):
        copy = Person(
            family_name_km="",
            given_name_km="",
            family_name_latin=VARIANTS.get(original.family_name_latin, original.family_name_latin),
            given_name_latin=VARIANTS.get(
                original.given_name_latin.upper(), original.given_name_latin
            ).title(),
            sex=original.sex,
            birth_year=(original.birth_year or 1950) + rng.choice([0, 0, 1]),
            village_id=original.village_id,
        )
        twins.append((original, copy))
    Person.objects.bulk_create([copy for _original, copy in twins])
    PersonName.objects.bulk_create(
        row for p in Person.objects.all() for row in person_name_rows(p, [])
    )
    return [(min(a.pk, b.pk), max(a.pk, b.pk)) for a, b in twins]


def test_a_run_in_the_background_proposes_the_duplicates_strongest_first(
    legal, django_capture_on_commit_callbacks
):
    true_pairs = set(_population(600, 60))
    with django_capture_on_commit_callbacks(execute=True):
        run = run_request(actor=legal)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.progress == 1.0
    assert run.persons == 660 and run.model["prior"] > 0
    candidates = list(MatchCandidate.objects.filter(run=run))
    assert run.proposed_pairs == len(candidates) > 0
    probabilities = [
        c.probability for c in MatchCandidate.objects.filter(run=run).order_by("-probability", "id")
    ]
    assert probabilities == sorted(probabilities, reverse=True)
    confident = {(c.person_a_id, c.person_b_id) for c in candidates if c.probability >= 0.5}
    found = len(confident & true_pairs)
    assert found >= 0.8 * len(true_pairs), (found, len(true_pairs))
    assert len(confident - true_pairs) <= 0.2 * len(confident)
    explanation = candidates[0].explanation
    assert {line["field"] for line in explanation} >= {
        "family_name",
        "given_name",
        "birth_year",
        "place",
        "sex",
    }


def test_pairs_found_different_are_not_proposed_again(legal, django_capture_on_commit_callbacks):
    _population(300, 30)
    with django_capture_on_commit_callbacks(execute=True):
        first = run_request(actor=legal)
    pair = MatchCandidate.objects.filter(run=first).order_by("-probability").first()
    DifferentPeople.objects.create(person_a=pair.person_a, person_b=pair.person_b, decided_by=legal)
    with django_capture_on_commit_callbacks(execute=True):
        second = run_request(actor=legal)
    assert not MatchCandidate.objects.filter(
        run=second, person_a=pair.person_a, person_b=pair.person_b
    ).exists()
    assert not MatchCandidate.objects.filter(run=first, status=CandidateStatus.OPEN).exists()


def test_the_run_page_polls_until_the_run_is_done(client: Client, legal):
    run = MatchRun.objects.create(
        started_by=legal, status=RunStatus.RUNNING, stage="scoring", progress=0.42
    )
    client.force_login(legal)
    page = client.get(f"/duplicates/runs/{run.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and 'value="42"' in page
    partial = client.get(f"/duplicates/runs/{run.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "42%" in partial
    assert "comparing pairs" in partial  # the stage in words, not the engine's name for it
    MatchRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE, progress=1.0)
    assert (
        "hx-trigger"
        not in client.get(f"/duplicates/runs/{run.pk}/", HTTP_HX_REQUEST="true").content.decode()
    )


def test_a_registry_with_few_refilings_proposes_those_the_form_cannot_tell_apart(
    legal, django_capture_on_commit_callbacks
):
    # A court's case: a thousand people, five of them filed twice. Too few duplicates to
    # learn from; the run falls back on what a re-filing looks like, not on nothing.
    true_pairs = _population(1_000, 5)
    with django_capture_on_commit_callbacks(execute=True):
        run = run_request(actor=legal)
    run.refresh_from_db()
    years = dict(Person.objects.values_list("pk", "birth_year"))
    same_year = {(a, b) for a, b in true_pairs if years[a] == years[b]}
    assert len(same_year) >= 3
    proposed = set(MatchCandidate.objects.filter(run=run).values_list("person_a_id", "person_b_id"))
    assert same_year <= proposed, (same_year - proposed, run.report)
    assert run.report["m_source"] == "default"


@pytest.mark.parametrize(
    ("prior_source", "m_source", "says"),
    [
        (
            "learnt",
            "learnt",
            ["learnt from this registry", "learnt from this registry's duplicates"],
        ),
        (
            "informative",
            "default",
            [
                "too few duplicates to learn from: VSS assumed its default rate",
                "mostly VSS's defaults",
            ],
        ),
    ],
)
def test_the_run_page_says_what_the_run_learnt_and_chose(
    client: Client, legal, prior_source, m_source, says
):
    people = PersonFactory.create_batch(3)
    run = MatchRun.objects.create(
        started_by=legal,
        status=RunStatus.DONE,
        progress=1.0,
        report={
            "prior_source": prior_source,
            "m_source": m_source,
            "duplicate_rate": 0.0124,
            "threshold": 0.41,
            "expected_precision": 0.874,
            "expected_recall": 0.811,
            "largest_clusters": [{"size": 3, "people": [p.pk for p in people]}],
        },
    )
    client.force_login(legal)
    page = client.get(f"/duplicates/runs/{run.pk}/").content.decode()
    for text in says:
        assert text in page
    assert "About 1.2 duplicate pairs per 100 people" in page
    assert "about 87 % are expected to be one person" in page and "about 81 %" in page
    assert all(f'href="/people/{p.pk}/"' in page for p in people)

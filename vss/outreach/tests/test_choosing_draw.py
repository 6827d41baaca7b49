"""The draw alone: the same seed gives the same people, quotas are met whenever the pool
and the size allow it, and the explanation says why one was not."""

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from vss.outreach.draw import Candidate, Quota, Shortfall, draw

SEXES = ["female", "male"]
PROVINCES = ["03", "04", "06", "12", "18", "21"]
ETHNICITIES = ["khmer", "cham", "vietnamese"]
CRIMES = ["forced_transfer", "forced_marriage", "enslavement", "torture"]


@st.composite
def pools(draw_from: st.DrawFn) -> list[Candidate]:
    size = draw_from(st.integers(min_value=0, max_value=60))
    return [
        Candidate(
            id=i * 7 + 3,
            values={
                "sex": frozenset({draw_from(st.sampled_from(SEXES))}),
                "province": frozenset({draw_from(st.sampled_from(PROVINCES))}),
                "crime_type": frozenset(
                    draw_from(st.sets(st.sampled_from(CRIMES), min_size=0, max_size=3))
                ),
            },
        )
        for i in range(size)
    ]


quota_lists = st.lists(
    st.one_of(
        st.builds(Quota, st.just("sex"), st.sampled_from(SEXES), st.integers(0, 20)),
        st.builds(Quota, st.just("province"), st.sampled_from(PROVINCES), st.integers(0, 10)),
        st.builds(Quota, st.just("crime_type"), st.sampled_from(CRIMES), st.integers(0, 10)),
    ),
    max_size=6,
)


@settings(max_examples=150, deadline=None)
@given(
    pool=pools(),
    quotas=quota_lists,
    size=st.integers(1, 40),
    seed=st.integers(0, 2**40),
    waiting=st.integers(0, 10),
)
def test_quotas_are_met_whenever_they_can_be_and_the_seed_gives_the_same_draw(
    pool, quotas, size, seed, waiting
):
    result = draw(pool, size=size, seed=seed, quotas=quotas, waiting=waiting)
    again = draw(list(reversed(pool)), size=size, seed=seed, quotas=quotas, waiting=waiting)
    assert (again.chosen, again.waiting) == (result.chosen, result.waiting)

    assert len(result.chosen) == min(size, len(pool))
    assert len(set(result.chosen)) == len(result.chosen)
    assert not set(result.chosen) & set(result.waiting)
    assert len(result.waiting) == min(waiting, len(pool) - len(result.chosen))

    by_id = {c.id: c for c in pool}
    for outcome in result.outcomes:
        q = outcome.quota
        assert outcome.drawn == sum(q.value in by_id[i].values[q.dimension] for i in result.chosen)
        assert outcome.available == sum(q.value in c.values[q.dimension] for c in pool)
        if outcome.available < q.minimum:
            assert outcome.shortfall == Shortfall.POOL
        elif not outcome.met:
            assert outcome.shortfall == Shortfall.SIZE

    asked = {(q.dimension, q.value) for q in quotas if q.minimum > 0}
    assert {(o.quota.dimension, o.quota.value) for o in result.outcomes} == asked
    if sum(o.quota.minimum for o in result.outcomes) <= size:
        assert all(o.met or o.shortfall == Shortfall.POOL for o in result.outcomes)


def _voters(n: int) -> list[Candidate]:
    return [
        Candidate(
            id=i,
            values={
                "sex": frozenset({SEXES[i % 2]}),
                "province": frozenset({PROVINCES[i % 6] if i % 10 else "03"}),
                "ethnicity": frozenset({ETHNICITIES[i % 7 % 3]}),
                "crime_type": frozenset({CRIMES[i % 4], CRIMES[i % 3]}),
            },
        )
        for i in range(n)
    ]


def test_150_from_six_provinces_balanced_by_sex_province_ethnicity_and_crime():
    pool = _voters(3000)
    quotas = [Quota("province", p, 20) for p in PROVINCES]
    result = draw(
        pool,
        size=150,
        seed=2026,
        quotas=quotas,
        balanced_by=["sex", "province", "ethnicity", "crime_type"],
        waiting=30,
    )
    assert len(result.chosen) == 150
    assert len(result.waiting) == 30
    assert all(o.met for o in result.outcomes), [o for o in result.outcomes if not o.met]
    by_id = {c.id: c for c in pool}
    provinces = Counter(next(iter(by_id[i].values["province"])) for i in result.chosen)
    assert set(provinces) == set(PROVINCES)
    assert min(provinces.values()) >= 20
    sexes = Counter(next(iter(by_id[i].values["sex"])) for i in result.chosen)
    assert sexes["female"] >= 75 and sexes["male"] >= 75


def test_a_quota_the_pool_cannot_meet_says_so():
    pool = _voters(40)  # "03" holds the people whose id ends in 0 and a sixth of the rest
    result = draw(pool, size=10, seed=1, quotas=[Quota("province", "99", 3)])
    (outcome,) = result.outcomes
    assert (outcome.available, outcome.drawn, outcome.shortfall) == (0, 0, Shortfall.POOL)


def test_quotas_that_ask_for_more_than_the_size_are_named():
    pool = _voters(200)
    result = draw(
        pool,
        size=10,
        seed=1,
        quotas=[Quota("province", "04", 8), Quota("province", "06", 8)],
    )
    assert result.over_size == ["province"]
    assert [o.shortfall for o in result.outcomes].count(Shortfall.SIZE) == 1
    assert len(result.chosen) == 10


def test_minimums_of_crimes_adding_up_to_more_than_the_size_are_not_named():
    # Each person suffered two of the crimes: minimums of 8 and 8 among 10 people are met
    # by the same people, so the draw does not warn that they cannot all be met.
    pool = [
        Candidate(id=i, values={"crime_type": frozenset({"torture", "enslavement"})})
        for i in range(30)
    ]
    result = draw(
        pool,
        size=10,
        seed=1,
        quotas=[Quota("crime_type", "torture", 8), Quota("crime_type", "enslavement", 8)],
    )
    assert result.over_size == []
    assert all(o.met for o in result.outcomes)


def test_another_seed_draws_other_people():
    pool = _voters(500)
    assert draw(pool, size=50, seed=1).chosen != draw(pool, size=50, seed=2).chosen

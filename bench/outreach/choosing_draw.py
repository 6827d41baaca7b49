"""The draw of an event's participants over a large pool, without a database: how long
the pure draw takes and how much memory the pool holds, for the pools the Section could
meet (Case 002 had about 4,000 Civil Parties; the generated million-applicant data set
gives one case 770,000).

    PYTHONPATH=. .venv/bin/python bench/outreach/choosing_draw.py --people 770000

The pool is built as vss.outreach.selectors.choosing.draw_pool builds it from its two
queries: one set of values per combination, shared by everyone who holds it. The draw
asks for 150 people and a waiting list of 30, at least 20 from each of six provinces and
15 who suffered each of six crimes, balanced by sex and ethnicity.

On the shared 2-core machine (load average 8, so about a quarter of it), 770,000 people:
the pool built in 20.5 s (the reading of the rows it stands for is not measured here)
and drawn in 8.0 s, most of it counting the values of the dimensions once; all 18 quotas
met.
"""

import argparse
import random
import time
import tracemalloc

from vss.outreach.draw import Candidate, Quota, draw

PROVINCES = [f"{i:02d}" for i in range(1, 26)]
SIX = ["03", "04", "06", "12", "18", "21"]
ETHNICITIES = ["khmer", "cham", "vietnamese", "khmer_krom"]
CRIMES = ["forced_transfer", "forced_marriage", "enslavement", "torture", "murder", "other"]


def pool(people: int, seed: int) -> list[Candidate]:
    rng = random.Random(seed)
    shared: dict[tuple[str, ...], frozenset[str]] = {}

    def one(*values: str) -> frozenset[str]:
        key = tuple(sorted(values))
        return shared.setdefault(key, frozenset(key))

    return [
        Candidate(
            id=i,
            values={
                "sex": one(rng.choice(("female", "male"))),
                "province": one(rng.choice(PROVINCES)),
                "ethnicity": one(rng.choice(ETHNICITIES)),
                "crime_type": one(*rng.sample(CRIMES, rng.randint(0, 3))),
            },
        )
        for i in range(people)
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--memory", action="store_true", help="trace memory (slower)")
    options = parser.parse_args()
    if options.memory:
        tracemalloc.start()
    started = time.perf_counter()
    candidates = pool(options.people, options.seed)
    built = time.perf_counter()
    result = draw(
        candidates,
        size=150,
        seed=options.seed,
        quotas=[
            *(Quota("province", p, 20) for p in SIX),
            *(Quota("crime_type", c, 15) for c in CRIMES),
        ],
        balanced_by=["sex", "ethnicity"],
        waiting=30,
    )
    drawn = time.perf_counter()
    print(f"pool of {options.people:,} built in {built - started:.2f} s")
    print(
        f"drawn in {drawn - built:.2f} s: {len(result.chosen)} chosen, {len(result.waiting)} waiting"
    )
    unmet = [o for o in result.outcomes if not o.met]
    print(f"quotas: {len(result.outcomes)}, unmet: {len(unmet)}, over the size: {result.over_size}")
    if options.memory:
        print(f"peak memory {tracemalloc.get_traced_memory()[1] / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()

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

With --database, the same draw as the worker makes it (`draw_run`, after `draw_make`
asked for it) on PostgreSQL, over N Civil Parties of a case of their own made once
(people, forms, applications and crimes suffered, each in one INSERT ... SELECT, in 25
provinces): the pool read from the database, the draw, the invitations and the draw's
row written; the time of each stage the draw's page reports, and the resident peak.

    createdb -h 127.0.0.1 -U postgres vss_draw_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/vss_draw_bench
    .venv/bin/python manage.py migrate
    PYTHONPATH=. .venv/bin/python bench/outreach/choosing_draw.py --people 770000 --database
"""

import argparse
import os
import random
import threading
import time
import tracemalloc
from itertools import pairwise
from typing import Any

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


QUOTAS = [
    *(Quota("province", p, 20) for p in SIX),
    *(Quota("crime_type", c, 15) for c in CRIMES),
]
MARK = "BENCHDRAW"


class RssPeak:
    """The process's resident memory, sampled every 20 ms in a thread."""

    def __init__(self) -> None:
        self.peak = 0
        self._running = False

    @staticmethod
    def now() -> int:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

    def __enter__(self) -> "RssPeak":
        self.peak = self.now()
        self._running = True
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while self._running:
            self.peak = max(self.peak, self.now())
            time.sleep(0.02)

    def __exit__(self, *exc: object) -> None:
        self._running = False
        self._thread.join()


def _registry(people: int) -> Any:
    """A case with `people` Civil Parties (made once per size), in 25 provinces, half
    women, of four ethnicities, each having suffered one of six crimes and a third of
    them a second."""
    from django.db import connection, transaction

    from vss.applications.models import Application, CrimeSuffered, Status
    from vss.applications.models import VictimInformationForm as Form
    from vss.geo.models import Province
    from vss.people.models import Person
    from vss.proceedings.models import Case
    from vss.testing.factories import (
        ApplicationFactory,
        CaseFactory,
        CommuneFactory,
        CrimeTypeFactory,
        DistrictFactory,
        PersonFactory,
        ProvinceFactory,
        VillageFactory,
    )

    number = f"{MARK}-{people}"
    found = Case.objects.filter(number=number).first()
    if found is not None:
        return found

    def clone(model: Any, template: int, sources: str, overrides: dict[str, str], where: str):  # type: ignore[no-untyped-def]
        table = model._meta.db_table
        columns = [f.column for f in model._meta.concrete_fields if not f.primary_key]
        values = [overrides.get(c, f"t.{c}") for c in columns]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} "
                f"FROM {table} t, {sources} WHERE t.id = {template} AND ({where})"
            )

    started = time.perf_counter()
    tag = f"{MARK}{people}"
    of_size = f"p.family_name_latin = '{tag}'"
    people_table = Person._meta.db_table
    forms = f"{Form._meta.db_table} f JOIN {people_table} p ON p.id = f.applicant_id"
    with transaction.atomic():
        for province in PROVINCES:
            if Province.objects.filter(code=province).exists():
                continue
            district = DistrictFactory.create(
                code=f"{province}01",
                province=ProvinceFactory.create(code=province, name_en=f"P{province}"),
            )
            commune = CommuneFactory.create(code=f"{province}0101", district=district)
            VillageFactory.create(code=f"{province}010101", commune=commune)
        crimes = [CrimeTypeFactory.create(code=f"{tag}-{c}", name=c).pk for c in CRIMES]
        case = CaseFactory.create(number=number)
        template = ApplicationFactory.create(
            form__applicant=PersonFactory.create(family_name_latin="TEMPLATE"),
            case=case,
            status=Status.ADMITTED,
        )
        clone(
            Person,
            template.applicant_id,
            f"generate_series(1, {people}) AS g",
            {
                "family_name_latin": f"'{tag}'",
                "given_name_latin": "'N' || g",
                "sex": "(ARRAY['female','male'])[1 + g % 2]",
                "ethnicity": "(ARRAY['khmer','khmer','cham','vietnamese','khmer_krom'])"
                "[1 + (g / 2) % 5]",
                "village_id": "lpad((1 + (g / 10) % 25)::text, 2, '0') || '010101'",
                "created_at": "now()",
            },
            "TRUE",
        )
        clone(
            Form,
            template.form_id,
            f"{people_table} p",
            {"applicant_id": "p.id", "created_at": "now()", "updated_at": "now()"},
            of_size,
        )
        clone(
            Application,
            template.pk,
            forms,
            {
                "form_id": "f.id",
                "applicant_id": "p.id",
                "vss_number": f"'{tag}-' || f.id",
                "created_at": "now()",
                "status_changed_at": "now()",
            },
            of_size,
        )
        ids = f"ARRAY{crimes}"
        insert = f"INSERT INTO {CrimeSuffered._meta.db_table} (form_id, crime_type_id, place_description)"
        with connection.cursor() as cursor:
            cursor.execute(
                f"{insert} SELECT f.id, ({ids})[1 + f.id % 6], '' FROM {forms} WHERE {of_size}"
            )
            # A second crime, never the first again: an offset of 1 to 5 among the six.
            cursor.execute(
                f"{insert} SELECT f.id, ({ids})[1 + (f.id % 6 + 1 + (f.id / 6) % 5) % 6], '' "
                f"FROM {forms} WHERE {of_size} AND f.id % 3 = 0"
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"made {people:,} Civil Parties in {time.perf_counter() - started:.1f} s", flush=True)
    return case


def database(options: argparse.Namespace) -> None:
    """The draw asked for and made as the worker makes it, each stage timed."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vss.settings.dev")
    os.environ.setdefault("DEBUG", "0")  # dev settings default to DEBUG, which logs queries
    import django

    django.setup()
    from django.db import transaction

    from vss.accounts.models import Role, User
    from vss.outreach.models import Draw
    from vss.outreach.selectors.choosing import PoolFilters
    from vss.outreach.services import choosing
    from vss.testing.factories import EventFactory
    from vss.testing.personas import persona

    case = _registry(options.people)
    user = User.objects.filter(username="outreach").first() or persona(Role.OUTREACH)
    event = EventFactory.create(cases=[case], capacity=200)
    crime = f"{MARK}{options.people}-"
    quotas = [
        Quota(q.dimension, crime + q.value, q.minimum) if q.dimension == "crime_type" else q
        for q in QUOTAS
    ]
    with transaction.atomic():
        made = choosing.draw_make(
            user=user,
            event=event,
            size=150,
            waiting=30,
            seed=options.seed,
            filters=PoolFilters(),
            quotas=quotas,
            balanced_by=["sex", "ethnicity"],
        )
    # The stages as the draw's page reports them, timed where the worker reports them.
    stages: list[tuple[str, float]] = []
    report = choosing._Progress.stage

    def timed(self: Any, stage: Any, fraction: float) -> None:
        stages.append((str(stage), time.perf_counter()))
        report(self, stage, fraction)

    choosing._Progress.stage = timed  # type: ignore[method-assign]
    with RssPeak() as rss:
        started = time.perf_counter()
        choosing.draw_run(made.pk)
        ended = time.perf_counter()
    made = Draw.objects.get(pk=made.pk)
    marks = [("pool", started), *stages, ("end", ended)]
    spans = ", ".join(f"{name} {later - at:.1f} s" for (name, at), (_, later) in pairwise(marks))
    unmet = [q for q in made.explanation.get("quotas", []) if q["shortfall"]]
    print(f"draw of {options.people:,} made in {ended - started:.1f} s ({spans})")
    print(
        f"{made.status}: pool {made.pool_size:,}, {made.explanation.get('chosen')} chosen, "
        f"{made.explanation.get('waiting')} waiting, quotas {len(made.explanation.get('quotas', []))}"
        f", unmet {len(unmet)}; RSS peak {rss.peak / 2**20:.0f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--memory", action="store_true", help="trace memory (slower)")
    parser.add_argument(
        "--database", action="store_true", help="the draw as the worker makes it (DATABASE_URL)"
    )
    options = parser.parse_args()
    if options.database:
        database(options)
        return
    if options.memory:
        tracemalloc.start()
    started = time.perf_counter()
    candidates = pool(options.people, options.seed)
    built = time.perf_counter()
    result = draw(
        candidates,
        size=150,
        seed=options.seed,
        quotas=QUOTAS,
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

"""splink 5 (DuckDB back end) on a synthetic data set, configured as splink's
documentation recommends for person data, with its threshold chosen at its best F1.

    python bench/matching/run_splink.py --data bench/matching/data/10k [--out DIR]

Any Python runs this orchestrator (it needs only the standard library); the splink
steps run in the peers' venv, bench/matching/.venv-peers (see requirements-peers.txt).

Steps, each in its own process:
  1. predict (timed): load records.csv into DuckDB with light standardisation, build the
     model (comparisons below), estimate lambda, u by random sampling and m by EM on three
     training blocking rules, then predict() every blocked pair with a match weight
     above -10 (as the documentation's quick start does) and save the edges.
  2. sweep (not timed: it reads the truth): connected components at every threshold on a
     grid of match weights (-10 .. +30 by 0.25), with exact pairwise precision, recall
     and F1 at each, from one union-find pass over the edges sorted by probability.
     This is what cluster_pairwise_predictions_at_threshold computes at each threshold.
  3. cluster (timed): splink's cluster_pairwise_predictions_at_threshold at the best
     threshold, written as clusters.csv (record_id,cluster_id).
  4. evaluate clusters.csv with evaluate.py (it must agree with the sweep).

Wall time is steps 1 + 3 (a real run: training + predict + clustering for one
threshold, plus process start-up and the small cost of saving the edges in between);
peak memory is the larger peak RSS of the two, measured by GNU time -v.

The model, following the splink documentation's person-data examples
(deduplicate_50k_synthetic, febrl3):
  - ForenameSurnameComparison(given, family) with a full-name column for term-frequency
    adjustments (exact, reversed, Jaro-Winkler 0.92 / 0.88, family only, given only);
  - the same structure on the Khmer-script names, with Levenshtein 1 / 2 in place of
    Jaro-Winkler (term-frequency adjusted exact levels);
  - birth year: exact, absolute difference <= 1, <= 2, <= 5;
  - village code hierarchy: village (8 digits), commune (6), district (4), province (2);
  - sex: exact.
Blocking rules for prediction combine a name with a birth year or a place, or a place
with a birth year or sex, as in the documentation's examples (see build_settings); their
comparison counts are written by the `blocking` step.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from evaluate import evaluate, pair_metrics, read_truth  # noqa: E402
from measure import run_measured  # noqa: E402

PEER_PYTHON = HERE / ".venv-peers" / "bin" / "python"
PREDICT_FLOOR_WEIGHT = -10.0
SWEEP_WEIGHTS = [w / 4 for w in range(-40, 121)]  # -10 .. +30 by 0.25
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


def weight_to_probability(w: float) -> float:
    return 2**w / (1 + 2**w)


# --------------------------------------------------------------------------------------
# Model (imports of splink inside, so that the orchestrator needs none)
# --------------------------------------------------------------------------------------
PREP_SQL = """
CREATE OR REPLACE TABLE records AS
WITH raw AS (
    SELECT * FROM read_csv(?, header = true, all_varchar = true)
), std AS (
    SELECT
        record_id AS unique_id,
        nullif(regexp_replace(upper(coalesce(family_name, '')), '[^A-Z]', '', 'g'), '')
            AS family_name,
        nullif(regexp_replace(upper(coalesce(given_name, '')), '[^A-Z]', '', 'g'), '')
            AS given_name,
        nullif(regexp_replace(coalesce(family_name_km, ''), '[\\s{inv}]', '', 'g'), '')
            AS family_name_km,
        nullif(regexp_replace(coalesce(given_name_km, ''), '[\\s{inv}]', '', 'g'), '')
            AS given_name_km,
        nullif(upper(trim(coalesce(sex, ''))), '') AS sex,
        try_cast(nullif(trim(coalesce(birth_year, '')), '') AS INTEGER) AS birth_year,
        nullif(trim(coalesce(village_code, '')), '') AS village_code
    FROM raw
)
SELECT
    *,
    family_name || ' ' || given_name AS full_name,
    family_name_km || ' ' || given_name_km AS full_name_km,
    substr(village_code, 1, 6) AS commune_code,
    substr(village_code, 1, 4) AS district_code,
    substr(village_code, 1, 2) AS province_code
FROM std
""".replace("{inv}", INVISIBLE)


def build_settings(rules: str = "standard"):
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on
    from splink.blocking_rule_library import CustomRule

    khmer_names = cl.CustomComparison(
        output_column_name="khmer_names",
        comparison_description="Khmer-script family and given names",
        comparison_levels=[
            cll.Or(cll.NullLevel("family_name_km"), cll.NullLevel("given_name_km")),
            cll.ExactMatchLevel("full_name_km").configure(tf_adjustment_column="full_name_km"),
            cll.ColumnsReversedLevel("family_name_km", "given_name_km", symmetrical=True),
            cll.And(
                cll.LevenshteinLevel("family_name_km", 1),
                cll.LevenshteinLevel("given_name_km", 1),
            ),
            cll.And(
                cll.LevenshteinLevel("family_name_km", 2),
                cll.LevenshteinLevel("given_name_km", 2),
            ),
            cll.ExactMatchLevel("family_name_km").configure(tf_adjustment_column="family_name_km"),
            cll.ExactMatchLevel("given_name_km").configure(tf_adjustment_column="given_name_km"),
            cll.ElseLevel(),
        ],
    )
    birth_year = cl.CustomComparison(
        output_column_name="birth_year",
        comparison_description="Birth year",
        comparison_levels=[
            cll.NullLevel("birth_year"),
            cll.ExactMatchLevel("birth_year"),
            cll.AbsoluteDifferenceLevel("birth_year", 1),
            cll.AbsoluteDifferenceLevel("birth_year", 2),
            cll.AbsoluteDifferenceLevel("birth_year", 5),
            cll.ElseLevel(),
        ],
    )
    place = cl.CustomComparison(
        output_column_name="village",
        comparison_description="Village code hierarchy",
        comparison_levels=[
            cll.NullLevel("village_code"),
            cll.ExactMatchLevel("village_code").configure(tf_adjustment_column="village_code"),
            cll.ExactMatchLevel("commune_code"),
            cll.ExactMatchLevel("district_code"),
            cll.ExactMatchLevel("province_code"),
            cll.ElseLevel(),
        ],
    )
    # Blocking rules for prediction: a name (Latin or Khmer) with a birth year or a place,
    # a place with a birth year or sex, name prefixes in a commune (for spelling
    # variants), and swapped Latin names. About 75M comparisons at 1M persons (1.43M
    # records), catching about 85% of the true pairs; looser rules such as family name +
    # birth year alone (118M comparisons at 1M) or Khmer family name + birth year (158M)
    # add little recall for their cost. See RESULTS-splink.md.
    blocking_rules = [
        block_on("family_name_km", "given_name_km", "district_code"),
        block_on("family_name_km", "given_name_km", "birth_year"),
        block_on("family_name", "given_name", "birth_year"),
        block_on("family_name", "given_name", "district_code"),
        CustomRule(
            "l.family_name = r.given_name and l.given_name = r.family_name "
            "and l.district_code = r.district_code"
        ),
        block_on("commune_code", "birth_year"),
        block_on("substr(family_name, 1, 2)", "substr(given_name, 1, 3)", "commune_code"),
        block_on("family_name_km", "commune_code"),
        block_on("village_code", "sex"),
    ]
    if rules == "loose":
        # The looser single-name rules (family name + birth year, given name + district,
        # and the same in Khmer): more recall before scoring, many more comparisons.
        blocking_rules += [
            block_on("family_name", "birth_year"),
            block_on("given_name", "district_code"),
            block_on("family_name_km", "birth_year"),
            block_on("given_name_km", "district_code"),
        ]
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        blocking_rules_to_generate_predictions=blocking_rules,
        comparisons=[
            cl.ForenameSurnameComparison(
                "given_name",
                "family_name",
                forename_surname_concat_col_name="full_name",
            ),
            khmer_names,
            birth_year,
            place,
            cl.ExactMatch("sex"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    return settings, blocking_rules


def _connect(records: Path, threads: int | None):
    from splink import DuckDBAPI

    db_api = DuckDBAPI()
    con = db_api.duckdb_con
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    con.execute(PREP_SQL, [str(records)])
    return db_api


# --------------------------------------------------------------------------------------
# Steps (run in the peers' venv)
# --------------------------------------------------------------------------------------
def step_predict(args) -> None:
    from splink import Linker, block_on

    started = time.monotonic()
    work = Path(args.work)
    db_api = _connect(Path(args.records), args.threads)
    settings, _rules = build_settings(args.rules)
    linker = Linker(db_api.register("records"), settings)

    linker.training.estimate_probability_two_random_records_match(
        [
            block_on("family_name", "given_name", "birth_year", "village_code"),
            block_on("family_name_km", "given_name_km", "birth_year", "village_code"),
        ],
        recall=0.6,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=args.seed)
    # m by EM. Each session trains the comparisons whose columns are not in its blocking
    # rule: (1) Khmer names, place, sex; (2) names in both scripts, sex; (3) Latin names,
    # birth year, sex.
    for rule in (
        block_on("family_name", "given_name", "birth_year"),
        block_on("village_code", "birth_year"),
        block_on("family_name_km", "given_name_km", "commune_code"),
    ):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True
        )
    trained = time.monotonic()
    predictions = linker.inference.predict(threshold_match_weight=PREDICT_FLOOR_WEIGHT)
    predicted = time.monotonic()
    edges = work / "predictions.parquet"
    db_api.duckdb_con.execute(
        f"COPY (SELECT unique_id_l, unique_id_r, match_weight, match_probability "
        f"FROM {predictions.physical_name}) TO '{edges}' (FORMAT parquet)"
    )
    n_edges = db_api.duckdb_con.execute(
        f"SELECT count(*) FROM {predictions.physical_name}"
    ).fetchone()[0]
    linker.misc.save_model_to_json(str(work / "model.json"), overwrite=True)
    (work / "predict.json").write_text(
        json.dumps(
            {
                "edges": n_edges,
                "train_seconds": round(trained - started, 2),
                "predict_seconds": round(predicted - trained, 2),
                "seconds": round(time.monotonic() - started, 2),
            }
        )
    )


def step_cluster(args) -> None:
    from splink.clustering import cluster_pairwise_predictions_at_threshold

    started = time.monotonic()
    db_api = _connect(Path(args.records), args.threads)
    con = db_api.duckdb_con
    con.execute(
        f"CREATE TABLE edges AS SELECT * FROM read_parquet('{Path(args.work) / 'predictions.parquet'}')"
    )
    nodes = db_api.register("records")
    edges = db_api.register("edges")
    clusters = cluster_pairwise_predictions_at_threshold(
        nodes,
        edges,
        db_api,
        node_id_column_name="unique_id",
        threshold_match_probability=args.threshold,
    )
    con.execute(
        f"COPY (SELECT unique_id AS record_id, cluster_id FROM {clusters.physical_name} "
        f"ORDER BY record_id) TO '{args.clusters}' (FORMAT csv, HEADER true)"
    )
    (Path(args.work) / "cluster.json").write_text(
        json.dumps({"seconds": round(time.monotonic() - started, 2)})
    )


def step_sweep(args) -> None:
    """Pairwise metrics of connected components at every threshold of the grid."""
    import duckdb

    truth = read_truth(args.truth)
    ids = {rid: i for i, rid in enumerate(truth)}
    person = list(truth.values())
    person_sizes: dict[int, int] = {}
    for p in person:
        person_sizes[p] = person_sizes.get(p, 0) + 1
    true_pairs = sum(n * (n - 1) // 2 for n in person_sizes.values())

    con = duckdb.connect()
    rows = con.execute(
        f"SELECT unique_id_l, unique_id_r, match_probability "
        f"FROM read_parquet('{Path(args.work) / 'predictions.parquet'}') "
        f"ORDER BY match_probability DESC"
    ).fetchall()

    n = len(person)
    parent = list(range(n))
    size = [1] * n
    members: dict[int, dict[int, int]] = {}  # root -> person counts (absent: singleton)

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    grid = [(w, weight_to_probability(w)) for w in sorted(SWEEP_WEIGHTS, reverse=True)]
    results = []
    correct = predicted = 0
    gi = 0
    for a_id, b_id, prob in [*rows, (None, None, -1.0)]:
        while gi < len(grid) and prob < grid[gi][1]:
            w, p = grid[gi]
            m = pair_metrics(true_pairs, predicted, correct)
            results.append({"match_weight": w, "match_probability": p, **m})
            gi += 1
        if a_id is None:
            break
        ra, rb = find(ids[a_id]), find(ids[b_id])
        if ra == rb:
            continue
        if size[ra] < size[rb]:
            ra, rb = rb, ra
        ca = members.pop(ra, None) or {person[ra]: 1}
        cb = members.pop(rb, None) or {person[rb]: 1}
        correct += sum(cnt * ca.get(p, 0) for p, cnt in cb.items())
        predicted += size[ra] * size[rb]
        for p, cnt in cb.items():
            ca[p] = ca.get(p, 0) + cnt
        members[ra] = ca
        parent[rb] = ra
        size[ra] += size[rb]
    best = max(results, key=lambda r: (r["f1"], r["match_probability"]))
    (Path(args.work) / "sweep.json").write_text(
        json.dumps({"best": best, "grid": results, "edges": len(rows)}, indent=1)
    )


def step_blocking(args) -> None:
    """Comparison counts of the prediction blocking rules (estimated on a sample)."""
    from splink.blocking_analysis import count_comparisons_from_blocking_rules

    db_api = _connect(Path(args.records), args.threads)
    _settings, rules = build_settings(args.rules)
    counts = count_comparisons_from_blocking_rules(
        db_api.register("records"),
        blocking_rules=rules,
        link_type="dedupe_only",
        record_sample_proportion=args.sample,
    )
    out = []
    for rule, c in zip(rules, counts, strict=True):
        d = c if isinstance(c, dict) else getattr(c, "__dict__", {"value": str(c)})
        out.append({"rule": str(getattr(rule, "blocking_rule_sql", rule)), **d})
    (Path(args.work) / "blocking.json").write_text(json.dumps(out, indent=1, default=str))


# --------------------------------------------------------------------------------------
# Orchestrator
# --------------------------------------------------------------------------------------
def _peer_python() -> str:
    return str(PEER_PYTHON) if PEER_PYTHON.exists() else sys.executable


def _step(name: str, *extra: str) -> list[str]:
    return [_peer_python(), str(Path(__file__).resolve()), name, *extra]


def run(
    data: Path,
    out: Path,
    seed: int,
    threads: int | None,
    blocking: bool,
    sample: float,
    rules: str = "standard",
) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    records, truth = data / "records.csv", data / "truth.csv"
    clusters = out / "clusters.csv"
    common = ["--records", str(records), "--work", str(out), "--rules", rules]
    if threads:
        common += ["--threads", str(threads)]

    result: dict = {
        "tool": "splink",
        "blocking_rules": rules,
        "data": str(data),
        "splink_version": _splink_version(),
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "cpus": os.cpu_count(),
        "loadavg_at_start": os.getloadavg(),
    }
    meta = data / "meta.json"
    if meta.exists():
        result["dataset"] = json.loads(meta.read_text())

    print(f"[splink] predict on {records} ...", flush=True)
    a = run_measured(_step("predict", *common, "--seed", str(seed)), log=out / "predict.log")
    if a["exit_code"]:
        raise SystemExit(f"predict failed (exit {a['exit_code']}); see {out / 'predict.log'}")
    result["predict"] = {**a, **json.loads((out / "predict.json").read_text())}

    print("[splink] threshold sweep against the truth (not timed) ...", flush=True)
    started = time.monotonic()
    subprocess.run(
        _step("sweep", *common, "--truth", str(truth)),
        check=True,
        stdout=open(out / "sweep.log", "w"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
    )
    sweep = json.loads((out / "sweep.json").read_text())
    best = sweep["best"]
    result["sweep_seconds"] = round(time.monotonic() - started, 1)
    result["best_threshold"] = {
        "match_weight": best["match_weight"],
        "match_probability": best["match_probability"],
    }

    print(
        f"[splink] cluster at match probability {best['match_probability']:.6g} "
        f"(weight {best['match_weight']}) ...",
        flush=True,
    )
    c = run_measured(
        _step(
            "cluster",
            *common,
            "--threshold",
            repr(best["match_probability"]),
            "--clusters",
            str(clusters),
        ),
        log=out / "cluster.log",
    )
    if c["exit_code"]:
        raise SystemExit(f"cluster failed (exit {c['exit_code']}); see {out / 'cluster.log'}")
    result["cluster"] = c

    metrics = evaluate(truth, clusters)
    agree = all(metrics[k] == best[k] for k in ("true_pairs", "predicted_pairs", "correct_pairs"))
    result.update(
        precision=metrics["precision"],
        recall=metrics["recall"],
        f1=metrics["f1"],
        metrics=metrics,
        sweep_agrees_with_splink_clustering=agree,
        wall_seconds=a["wall_seconds"] + c["wall_seconds"],
        peak_mib=max(a["peak_mib"], c["peak_mib"]),
        peak_method=a["peak_method"],
        loadavg_at_end=os.getloadavg(),
    )
    if blocking:
        print("[splink] blocking-rule comparison counts (not timed) ...", flush=True)
        if sample <= 0:
            sample = 1.0 if metrics["records"] <= 200_000 else 0.05
        subprocess.run(
            _step("blocking", *common, "--sample", str(sample)),
            check=False,
            stdout=open(out / "blocking.log", "w"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
        )
        if (out / "blocking.json").exists():
            result["blocking"] = json.loads((out / "blocking.json").read_text())
    (out / "result.json").write_text(json.dumps(result, indent=1, default=str) + "\n")
    return result


def _splink_version() -> str:
    try:
        return subprocess.run(
            [_peer_python(), "-c", "import splink; print(splink.__version__)"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def row(size: str, r: dict) -> str:
    return (
        f"| {size} | {r['tool']} | {r['precision']:.4f} | {r['recall']:.4f} | {r['f1']:.4f} "
        f"| {r['wall_seconds']:.1f} | {r['peak_mib']:.0f} |"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="splink 5 (DuckDB) on a synthetic data set.")
    sub = ap.add_subparsers(dest="step")
    for name in ("predict", "cluster", "sweep", "blocking"):
        p = sub.add_parser(name)
        p.add_argument("--records", required=True)
        p.add_argument("--work", required=True)
        p.add_argument("--threads", type=int)
        p.add_argument("--rules", choices=("standard", "loose"), default="standard")
        if name == "predict":
            p.add_argument("--seed", type=int, default=1)
        if name == "cluster":
            p.add_argument("--threshold", type=float, required=True)
            p.add_argument("--clusters", required=True)
        if name == "sweep":
            p.add_argument("--truth", required=True)
        if name == "blocking":
            p.add_argument("--sample", type=float, default=0.05)
    ap.add_argument("--data", type=Path, help="directory with records.csv and truth.csv")
    ap.add_argument("--out", type=Path, help="default: bench/matching/out/splink/<data name>")
    ap.add_argument("--seed", type=int, default=1, help="seed of u sampling")
    ap.add_argument("--threads", type=int, help="DuckDB threads (default: all cores)")
    ap.add_argument("--size", help="label of the table row (default: the data dir's name)")
    ap.add_argument(
        "--rules",
        choices=("standard", "loose"),
        default="standard",
        help="prediction blocking rules: standard, or loose (adds single-name rules)",
    )
    ap.add_argument("--no-blocking-counts", action="store_true")
    ap.add_argument(
        "--blocking-sample",
        type=float,
        default=0.0,
        help="record sample proportion for the comparison counts (default: 1.0 up to "
        "200k records, else 0.05)",
    )
    args = ap.parse_args(argv)

    steps = {
        "predict": step_predict,
        "cluster": step_cluster,
        "sweep": step_sweep,
        "blocking": step_blocking,
    }
    if args.step:
        steps[args.step](args)
        return 0
    if not args.data:
        ap.error("--data is required")
    data = args.data.resolve()
    name = data.name if args.rules == "standard" else f"{data.name}-{args.rules}"
    out = (args.out or HERE / "out" / "splink" / name).resolve()
    r = run(
        data,
        out,
        args.seed,
        args.threads,
        not args.no_blocking_counts,
        args.blocking_sample,
        args.rules,
    )
    best = r["best_threshold"]
    print(
        f"[splink] best threshold: match probability {best['match_probability']:.6g} "
        f"(match weight {best['match_weight']}); sweep agrees with splink's clustering: "
        f"{r['sweep_agrees_with_splink_clustering']}"
    )
    print(
        f"[splink] predict {r['predict']['wall_seconds']:.1f} s / "
        f"{r['predict']['peak_mib']:.0f} MiB, cluster {r['cluster']['wall_seconds']:.1f} s / "
        f"{r['cluster']['peak_mib']:.0f} MiB; {r['predict']['edges']} edges"
    )
    print("| size | tool | precision | recall | F1 | wall s | peak MiB |")
    print(row(args.size or data.name, r))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())

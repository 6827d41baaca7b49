"""VSS's matcher (`manage.py match_csv IN OUT`) on a synthetic data set: wall time and
peak memory under GNU time -v, then pairwise precision, recall and F1 against the truth.

    python bench/matching/run_vss.py --data bench/matching/data/10k [--out DIR]
        [--python /work/main/.venv/bin/python] [--manage /work/main/manage.py]
        [--settings vss.settings.dev] [-- extra match_csv arguments]

Writes <out>/clusters.csv (the command's output), <out>/match_csv.log (its stdout and
stderr with GNU time's report) and <out>/result.json, and prints one table row. Only the
standard library is used; run it with any Python 3.11.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from evaluate import evaluate  # noqa: E402
from measure import run_measured  # noqa: E402

ROOT = HERE.parent.parent  # the project (manage.py)


def run(
    data: Path,
    out: Path,
    python: str,
    manage: str,
    settings: str | None = None,
    extra: list[str] | None = None,
) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    records, truth = data / "records.csv", data / "truth.csv"
    clusters = out / "clusters.csv"
    if clusters.exists():
        clusters.unlink()
    cmd = [python, manage, "match_csv", str(records), str(clusters), *(extra or [])]
    env = dict(os.environ)
    if settings:
        env["DJANGO_SETTINGS_MODULE"] = settings
    log = out / "match_csv.log"
    print(f"[vss] {' '.join(cmd)}", flush=True)
    started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    load = os.getloadavg()
    m = run_measured(cmd, log=log, env=env, cwd=str(Path(manage).resolve().parent))
    result: dict = {
        "tool": "vss",
        "data": str(data),
        "command": cmd,
        "started": started,
        "cpus": os.cpu_count(),
        "loadavg_at_start": load,
        "loadavg_at_end": os.getloadavg(),
        **m,
    }
    meta = data / "meta.json"
    if meta.exists():
        result["dataset"] = json.loads(meta.read_text())
    if m["exit_code"] != 0 or not clusters.exists():
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-25:]
        result["error"] = f"match_csv exited with {m['exit_code']}"
        (out / "result.json").write_text(json.dumps(result, indent=1) + "\n")
        print("\n".join(tail), file=sys.stderr)
        raise SystemExit(f"[vss] match_csv failed (exit {m['exit_code']}); see {log}")
    metrics = evaluate(truth, clusters)
    result.update(
        precision=metrics["precision"],
        recall=metrics["recall"],
        f1=metrics["f1"],
        metrics=metrics,
        peak_mib=m["peak_mib"],
        wall_seconds=m["wall_seconds"],
    )
    (out / "result.json").write_text(json.dumps(result, indent=1) + "\n")
    return result


def row(size: str, r: dict) -> str:
    return (
        f"| {size} | {r['tool']} | {r['precision']:.4f} | {r['recall']:.4f} | {r['f1']:.4f} "
        f"| {r['wall_seconds']:.1f} | {r['peak_mib']:.0f} |"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="VSS's match_csv on a synthetic data set.")
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, help="default: bench/matching/out/vss/<data name>")
    ap.add_argument("--python", default=str(ROOT / ".venv" / "bin" / "python"))
    ap.add_argument("--manage", default=str(ROOT / "manage.py"))
    ap.add_argument("--settings", help="DJANGO_SETTINGS_MODULE (default: manage.py's)")
    ap.add_argument("--size", help="label of the table row (default: the data dir's name)")
    ap.add_argument("extra", nargs="*", help="extra arguments for match_csv (after --)")
    args = ap.parse_args(argv)
    data = args.data.resolve()
    out = (args.out or HERE / "out" / "vss" / data.name).resolve()
    r = run(data, out, args.python, args.manage, args.settings, args.extra)
    print("| size | tool | precision | recall | F1 | wall s | peak MiB |")
    print(row(args.size or data.name, r))
    return 0


if __name__ == "__main__":
    sys.exit(main())

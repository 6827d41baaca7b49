"""VSS's matcher split into shards on the task queue: `manage.py match_csv IN OUT
--shards S --queue` with W database workers (`manage.py db_worker`) taking the steps,
each process under GNU time -v; then pairwise precision, recall and F1 against the truth.

    python bench/matching/run_queue.py --data bench/matching/data/10m --shards 8 \\
        [--workers 2] [--out DIR]

The queue is a SQLite database of its own (in --out, migrated first), so the run touches
no other database; the shards' files go to <out>/work. Writes <out>/clusters.csv, the logs
of the command and of each worker with GNU time's report, and <out>/result.json; prints
the figures. Only the standard library is used.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from evaluate import evaluate  # noqa: E402
from measure import GNU_TIME  # noqa: E402

ROOT = HERE.parent.parent


def parse_time_report(text: str) -> dict:
    """Peak RSS (MiB) and CPU seconds from GNU time -v's report."""

    def number(label: str) -> float:
        found = re.findall(re.escape(label) + r": ([\d.]+)", text)
        return float(found[-1]) if found else 0.0

    return {
        "peak_mib": round(number("Maximum resident set size (kbytes)") / 1024, 1),
        "user_seconds": number("User time (seconds)"),
        "system_seconds": number("System time (seconds)"),
    }


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(x) for x in path.read_text().split()] if path.exists() else []


def run(data: Path, out: Path, shards: int, workers: int, python: str) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    work = out / "work"
    shutil.rmtree(work, ignore_errors=True)
    database = out / "queue.sqlite3"
    database.unlink(missing_ok=True)
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{database}",
        VSS_TASKS_BACKEND="database",
        VSS_MATCHING_WORK_DIR=str(work),
    )
    manage = str(ROOT / "manage.py")
    subprocess.run([python, manage, "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)

    def measured(name: str, argv: list[str]) -> tuple[subprocess.Popen, Path]:
        report = out / f"{name}.time"
        log = (out / f"{name}.log").open("w", encoding="utf-8")
        process = subprocess.Popen(
            [GNU_TIME, "-v", "-o", str(report), *argv],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        return process, report

    pool = [
        measured(
            f"worker-{k}",
            [python, manage, "db_worker", "--no-reload", "--interval", "1", "--worker-id", f"w{k}"],
        )
        for k in range(workers)
    ]
    clusters = out / "clusters.csv"
    load = os.getloadavg()
    started = time.monotonic()
    command, command_report = measured(
        "match_csv",
        [
            python,
            manage,
            "match_csv",
            str(data / "records.csv"),
            str(clusters),
            "--shards",
            str(shards),
            "--queue",
            "--work-dir",
            str(work),
        ],
    )
    code = command.wait()
    wall = time.monotonic() - started
    # The workers wait for more work for ever: stop them (the processes under time).
    for process, _ in pool:
        for child in _children(process.pid):
            os.kill(child, signal.SIGTERM)
    for process, _ in pool:
        process.wait()
    result: dict = {
        "data": str(data),
        "shards": shards,
        "workers": workers,
        "exit_code": code,
        "wall_seconds": round(wall, 1),
        "loadavg_at_start": load,
        "loadavg_at_end": os.getloadavg(),
        "match_csv": parse_time_report(command_report.read_text()),
        "workers_time": [parse_time_report(report.read_text()) for _, report in pool],
    }
    times = work / "times"
    if times.exists():
        result["step_seconds"] = {
            p.stem: round(json.loads(p.read_text()), 1) for p in sorted(times.glob("*.json"))
        }
    plan = work / "plan.json"
    if plan.exists():
        result["plan"] = json.loads(plan.read_text())
    if code == 0:
        result["metrics"] = evaluate(data / "truth.csv", clusters)
    (out / "result.json").write_text(json.dumps(result, indent=1) + "\n")
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--shards", type=int, default=8)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--python", default=str(ROOT / ".venv" / "bin" / "python"))
    args = ap.parse_args()
    out = args.out or HERE / "out" / "queue" / args.data.name
    result = run(args.data.resolve(), out.resolve(), args.shards, args.workers, args.python)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()

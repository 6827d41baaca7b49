import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from vss.matching.csvio import (
    HeaderError,
    ReadResult,
    iter_records,
    read_records,
    write_clusters,
)
from vss.matching.engine import shards
from vss.matching.engine.pipeline import DEFAULT_THRESHOLD, MatchResult, match
from vss.matching.engine.records import build_record_set
from vss.matching.tasks import match_step

# How often the command looks whether the queue's workers have finished.
WAIT_SECONDS = 2.0


class Command(BaseCommand):
    help = (
        "Group the rows of a spreadsheet of people into persons before it is imported. "
        "Reads record_id,family_name,given_name,family_name_km,given_name_km,sex,birth_year,"
        "village_code; writes record_id,cluster_id. Needs no database content."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", type=Path)
        parser.add_argument("output", type=Path)
        parser.add_argument(
            "--threshold",
            type=float,
            default=DEFAULT_THRESHOLD,
            help="probability at which two rows are taken for one person (default: the one the model expects to give the best F1)",
        )
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--shards",
            type=int,
            default=1,
            help="split the run into this many shards (engine/shards.py): in this process, "
            "one step after another, or with --queue on the task queue's workers",
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="with --shards, put the steps on the task queue and wait for the workers",
        )
        parser.add_argument(
            "--work-dir",
            type=Path,
            default=None,
            help="the shards' files (default: a new directory under VSS_MATCHING_WORK_DIR, "
            "removed at the end); every worker must reach it",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        source: Path = options["input"]
        in_steps = options["shards"] > 1 or options["queue"]
        try:
            with source.open(encoding="utf-8", newline="") as stream:
                if in_steps:
                    # Only the arrays go to the steps: the rows are not all held at once.
                    read = ReadResult()
                    records = build_record_set(iter_records(stream, read))
                else:
                    read = read_records(stream)
                    records = build_record_set(read.records)
        except FileNotFoundError:
            raise CommandError(f"{source}: no such file") from None
        except UnicodeDecodeError as error:
            raise CommandError(
                f"{source}: not UTF-8 text ({error.reason} at byte {error.start})"
            ) from None
        except HeaderError as error:
            raise CommandError(f"{source}: {error}") from None
        for problem in read.problems:
            self.stderr.write(f"{source}:{problem.line}: {problem.message}")

        self.stderr.write(f"{len(records)} records read ({read.skipped} rows left out)")

        def progress(stage: str, fraction: float) -> None:
            self.stderr.write(f"  {stage} {fraction:.0%}")

        if in_steps:
            labels, report, compared = self._in_steps(records, options)
        else:
            result = match(
                records, threshold=options["threshold"], seed=options["seed"], progress=progress
            )
            with options["output"].open("w", encoding="utf-8", newline="") as stream:
                write_clusters(stream, zip(records.ids, result.cluster_ids(), strict=True))
            labels, report = result.cluster_ids(), result.report
            compared = int(result.timings["candidate_pairs"])
        clusters = len(set(labels))
        self.stderr.write(
            f"duplicate rate {report['duplicate_rate']:.4f} pairs per record "
            f"({report['prior_source']}); field weights {report['m_source']}; threshold "
            f"{report['threshold']:.3f} ({report['threshold_source']}), expected precision "
            f"{report['expected_precision']:.3f}, recall {report['expected_recall']:.3f}"
        )
        largest = ", ".join(
            f"{c['size']} ({' '.join(c['records'][:6])})" for c in report["largest_clusters"]
        )
        if largest:
            self.stderr.write(f"largest clusters: {largest}")
        self.stderr.write(
            f"{clusters} persons among {len(records)} records; "
            f"{compared} pairs compared; "
            f"{time.perf_counter() - started:.1f} s"
        )
        sys.stderr.flush()

    def _in_steps(self, records: Any, options: dict) -> tuple[list[str], dict, int]:
        """The run split into shards: in this process, or on the task queue's workers
        (the command waits for them); the clusters end in the output file either way."""
        count = max(options["shards"], 1)
        own = options["work_dir"] is None
        directory: Path = options["work_dir"] or Path(settings.VSS_MATCHING_WORK_DIR) / (
            f"csv-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
        )
        shutil.rmtree(directory, ignore_errors=True)
        shards.prepare(
            records, directory, count, threshold=options["threshold"], seed=options["seed"]
        )
        try:
            if options["queue"]:
                for number in range(shards.steps(directory, "block")):
                    match_step.enqueue(
                        run_id=None, directory=str(directory), stage="block", number=number
                    )
                self._wait(directory)
            else:
                for stage in shards.STAGES[:-1]:
                    for number in range(shards.steps(directory, stage)):
                        self.stderr.write(f"  {stage} {number + 1}/{count}")
                        shards.run_step(directory, stage, number)
                result: MatchResult = shards.merge(directory)
                shards.write_clusters(directory, result)
            shutil.copyfile(directory / "clusters.csv", options["output"])
            report = json.loads((directory / "report.json").read_text())
            with (directory / "clusters.csv").open(encoding="utf-8") as stream:
                labels = [line.rstrip("\n").rsplit(",", 1)[1] for line in stream][1:]
            compared = int(shards.plan(directory)["candidates"])
        finally:
            if own:
                shutil.rmtree(directory, ignore_errors=True)
        return labels, report, compared

    def _wait(self, directory: Path) -> None:
        while not (directory / "clusters.csv").exists():
            failure = directory / "failed.txt"
            if failure.exists():
                raise CommandError(f"a step of the run failed: {failure.read_text()}")
            time.sleep(WAIT_SECONDS)

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vss.matching.csvio import HeaderError, read_records, write_clusters
from vss.matching.engine.pipeline import DEFAULT_THRESHOLD, match
from vss.matching.engine.records import build_record_set


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

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        source: Path = options["input"]
        try:
            with source.open(encoding="utf-8", newline="") as stream:
                read = read_records(stream)
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

        records = build_record_set(read.records)
        self.stderr.write(f"{len(records)} records read ({read.skipped} rows left out)")

        def progress(stage: str, fraction: float) -> None:
            self.stderr.write(f"  {stage} {fraction:.0%}")

        result = match(
            records, threshold=options["threshold"], seed=options["seed"], progress=progress
        )
        with options["output"].open("w", encoding="utf-8", newline="") as stream:
            write_clusters(stream, zip(records.ids, result.cluster_ids(), strict=True))
        clusters = len(set(result.labels.tolist()))
        report = result.report
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
            f"{int(result.timings['candidate_pairs'])} pairs compared; "
            f"{time.perf_counter() - started:.1f} s"
        )
        sys.stderr.flush()

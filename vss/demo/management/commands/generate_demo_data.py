"""`manage.py generate_demo_data`: a realistic, synthetic, reproducible data set.

    manage.py generate_demo_data                      # 5,000 applicants, the court's size
    manage.py generate_demo_data --if-empty           # what `make run` calls
    manage.py generate_demo_data --applicants 1000000 --batch-size 20000

Needs the reference data (`manage.py load_reference_data`). Runs the steps the apps
register (vss.core.demo.steps); see vss.demo.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from vss.applications.models import VictimInformationForm
from vss.core.demo.steps import DEFAULT_SEED, NoReferenceData, Options
from vss.core.demo.writer import ModelChanged
from vss.demo.runner import demo_data_generate
from vss.tallies.services import counting_now


class Command(BaseCommand):
    help = (
        "Generate synthetic applicants, forms, applications and their histories, and one "
        "demo account per role. Deterministic for a given --seed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--applicants",
            type=int,
            default=5_000,
            help="Number of applicants (default 5,000, the court's real size; the "
            "applications number about 1.28 per applicant).",
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help=f"Random seed (default {DEFAULT_SEED})."
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=5_000,
            help="Applications written per batch (default 5,000); one progress line each.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database holds any Victim Information Form.",
        )
        parser.add_argument(
            "--no-copy",
            action="store_true",
            help="On PostgreSQL, INSERT in batches instead of COPY (for comparison).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.SETTINGS_MODULE.endswith(".production"):
            raise CommandError("Demo data and demo passwords have no place in production.")
        if options["applicants"] < 1:
            raise CommandError("--applicants must be at least 1.")
        if options["if_empty"] and VictimInformationForm.objects.exists():
            self.stdout.write("The database already holds forms: no demo data generated.")
            return
        self.stdout.write(
            f"Generating {options['applicants']:,} applicants (seed {options['seed']})..."
        )
        demo = Options(
            applicants=options["applicants"],
            seed=options["seed"],
            batch_size=options["batch_size"],
            use_copy=False if options["no_copy"] else None,
            progress=self.stdout.write,
        )
        try:
            result = demo_data_generate(options=demo).result
        except (NoReferenceData, ModelChanged) as error:
            raise CommandError(str(error)) from error
        for note in result.notes:
            self.stdout.write(self.style.WARNING(f"  {note}"))
        rows = ", ".join(f"{table} {count:,}" for table, count in result.rows.items())
        self.stdout.write(f"  rows: {rows}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {result.applicants:,} applicants and {result.applications:,} "
                f"applications in {result.seconds:.1f} s."
            )
        )
        counted = time.monotonic()
        counting = counting_now(user=None)
        self.stdout.write(
            f"  figures counted: {counting.rows:,} kept rows in {time.monotonic() - counted:.1f} s"
        )

"""How long a table report's PDF takes to draw, and how much memory it takes, by its number
of rows: the report of pending decisions's template and columns, its rows made up (Khmer
and Latin names, as the real ones are), no database.

    DJANGO_SETTINGS_MODULE=vss.settings.test .venv/bin/python bench/reports/report_pdf.py [ROWS ...]
"""

import dataclasses
import datetime
import resource
import sys
import time

import django

django.setup()

from django.utils import translation  # noqa: E402

from vss.reports import table_reading  # noqa: E402
from vss.reports.pending import REPORT, PendingForm, PendingRow  # noqa: E402


def rows(count: int) -> list[PendingRow]:
    today = datetime.date.today()
    return [
        PendingRow(
            reference=f"VSS-002-{n:05d}",
            applicant=f"សុខ ជា{n} (SOK Chea{n})",
            case="002",
            received_on=today - datetime.timedelta(days=n % 900),
            days_waiting=n % 900,
            status="Transmitted to the judges",
            late=n % 7 == 0,
            accepted_by="Chief of the Section" if n % 14 == 0 else "",
            province="Takeo",
        )
        for n in range(count)
    ]


def main(counts: list[int]) -> None:
    form = PendingForm()
    # Its totals are read from the database; the drawing is what is measured.
    report = dataclasses.replace(REPORT, totals=None)
    for count in counts:
        made = rows(count)
        for language in ("en", "km"):
            with translation.override(language):
                start = time.perf_counter()
                content = table_reading.draw_pdf(report, None, form, made)  # type: ignore[arg-type]
                took = time.perf_counter() - start
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"{count:>6} rows {language}: {took:6.1f} s, {len(content) / 1e6:5.1f} MB, "
                f"peak RSS so far {peak:6.0f} MB",
                flush=True,
            )


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [100, 1000])

"""Peak memory of the list exports (vss.core.exports) as the rows grow.

Each measurement runs in a process of its own, so that its peak resident set (ru_maxrss)
is its own: the rows, generated one at a time with the cells of the list of applications
(a Khmer and Latin name, a case, choices, a province, a date, and one cell in twenty that
would start a formula), go through the CSV writer (read to the end, as a client would)
or into the write-only XLSX workbook and its temporary file.

    DJANGO_SETTINGS_MODULE=vss.settings.test .venv/bin/python bench/export_memory.py
    ... bench/export_memory.py 10000 100000 1000000   # the sizes, rows

It prints one line per format and size: rows, seconds, peak RSS (MB), output size (MB).

With `db`, the whole export of the list of applications is measured instead, from the
database: the selector (scope, filters, audit entry, `queryset.iterator(chunk_size=2000)`),
the applicant's name as the user may see it (one in ten protected) and the CSV writer.
Each size gets a new SQLite database in a temporary directory (migrated, then filled in
batches); the peak resident set is reset (/proc/self/clear_refs) once it is filled, so
the figure is the export's own:

    ... bench/export_memory.py db 20000 200000"""

import datetime
import os
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SIZES = [10_000, 100_000, 1_000_000]


def rows(n: int) -> Iterator[tuple]:
    day = datetime.date(2024, 3, 1)
    for i in range(n):
        name = f"=HYPERLINK({i})" if i % 20 == 0 else f"សុខ ស្រីមុំ (SOK Srey Mom {i})"
        yield (
            f"VSS-002-{i:07d}",
            name,
            "002/02",
            "Civil Party",
            "Received",
            "" if i % 7 else "yes",
            "Takeo",
            "Intermediary",
            "ADHOC",
            day,
        )


def measure(export_format: str, n: int) -> None:
    import django

    django.setup()
    from vss.core.exports import Column, csv_rows, xlsx_file

    columns = [Column(f"column {k}", lambda row, k=k: row[k]) for k in range(10)]
    started = time.perf_counter()
    if export_format == "csv":
        size = sum(len(line.encode()) for line in csv_rows(rows(n), columns))
    else:
        with xlsx_file(rows(n), columns) as handle:
            size = os.fstat(handle.fileno()).st_size
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{export_format:4} {n:>9,} rows  {seconds:7.1f} s  peak RSS {peak_mb:6.1f} MB  "
        f"output {size / 2**20:7.1f} MB",
        flush=True,
    )


def _peak_rss_mb() -> float:
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def measure_db(n: int) -> None:
    import tempfile

    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='vss-export-bench-')}/db"
    import django

    django.setup()
    from django.core.management import call_command

    from vss.accounts.models import Role, User
    from vss.applications.exports import application_columns
    from vss.applications.models import Application, ApplicationKind, Status
    from vss.applications.models import VictimInformationForm as Form
    from vss.applications.selectors import ApplicationFilters, application_export_for_user
    from vss.core.exports import csv_rows
    from vss.geo.selectors import provinces_by_code
    from vss.people.models import Person
    from vss.proceedings.models import Case

    call_command("migrate", verbosity=0)
    user = User.objects.create(username="intake", role=Role.INTAKE)
    case = Case.objects.create(number="002/02", title="Case 002/02")
    for start in range(0, n, 5_000):
        batch = range(start, min(n, start + 5_000))
        people = Person.objects.bulk_create(
            Person(
                family_name_km="សុខ",
                given_name_km="ស្រីមុំ",
                family_name_latin="SOK",
                given_name_latin=f"Srey Mom {i}",
                is_protected=i % 10 == 0,
                pseudonym=f"Witness {i}" if i % 10 == 0 else "",
            )
            for i in batch
        )
        forms = Form.objects.bulk_create(
            Form(applicant=p, channel="in_person", created_by=user) for p in people
        )
        Application.objects.bulk_create(
            Application(
                form=f,
                applicant=f.applicant,
                case=case,
                kind=ApplicationKind.CIVIL_PARTY,
                status=Status.RECEIVED,
                vss_number=f"VSS-002-{i:07d}",
            )
            for i, f in zip(batch, forms, strict=True)
        )
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")
    before = _peak_rss_mb()
    started = time.perf_counter()
    rows = application_export_for_user(user, ApplicationFilters(), export_format="csv")
    columns = application_columns(user, provinces_by_code())
    size = sum(len(line.encode()) for line in csv_rows(rows, columns))
    seconds = time.perf_counter() - started
    print(
        f"db   {n:>9,} rows  {seconds:7.1f} s  peak RSS {_peak_rss_mb():6.1f} MB "
        f"(before the export {before:6.1f} MB)  output {size / 2**20:7.1f} MB",
        flush=True,
    )


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] in ("csv", "xlsx", "db-one"):
        n = int(sys.argv[2])
        measure_db(n) if sys.argv[1] == "db-one" else measure(sys.argv[1], n)
        return
    if sys.argv[1:2] == ["db"]:
        for n in [int(a) for a in sys.argv[2:]] or [20_000, 200_000]:
            subprocess.run([sys.executable, __file__, "db-one", str(n)], check=True)
        return
    sizes = [int(a) for a in sys.argv[1:]] or SIZES
    for export_format in ("csv", "xlsx"):
        for n in sizes:
            subprocess.run([sys.executable, __file__, export_format, str(n)], check=True)


if __name__ == "__main__":
    main()

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
database, two ways in one process: the baseline, the CSV streamed in the request (the
selector with its scope and filters, `queryset.iterator(chunk_size=2000)`, the
applicant's name as the user may see it, one in ten protected, and the CSV writer), then
the XLSX written by the background job (vss.exports: asked for, then written as the
worker writes it, progress on its row, into its file). Each size gets a new SQLite
database in a temporary directory (migrated, then filled in batches); the peak resident
set is reset (/proc/self/clear_refs) before each, so each figure is that export's own;
rows/s is rows over the whole time:

    ... bench/export_memory.py db 100000 1000000

With `pg`, the same on PostgreSQL, on the database DATABASE_URL names as it is (the data
set of bench/README.md), every application exported by the Chief (`--user`): first
`COPY (SELECT the same columns ...) TO STDOUT` through psycopg into a file (the cells as
the export words them in English: the name as the user sees it, the choices by their
labels, the province by its name, the formula escape), then the background job as the
worker writes it, CSV then XLSX, all three in this process, the peak resident set reset
before each; then the CSV job's file is read back beside COPY's to check that they hold
the same cells, row by row:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench15_m \\
        .venv/bin/python bench/export_memory.py pg [--user chief] [--json out.json]"""

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


def _filled_database(n: int):  # type: ignore[no-untyped-def]
    """A new SQLite database holding `n` applications (one applicant in ten protected),
    and the intake officer who exports them."""
    import tempfile

    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='vss-export-bench-')}/db"
    import django

    django.setup()
    from django.core.management import call_command

    from vss.accounts.models import Role, User
    from vss.applications.models import Application, ApplicationKind, Status
    from vss.applications.models import VictimInformationForm as Form
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
    return user


def _reset_peak() -> float:
    """Start the peak resident set again from what is resident now (which it returns)."""
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")
    return _peak_rss_mb()


def measure_db(n: int) -> None:
    """The list of applications exported from the database, the two ways VSS exports
    it, one after the other in this process: the baseline, the CSV streamed in the
    request (the selector, `iterator(chunk_size=2000)`, each name as the user may see
    it, the CSV writer), then the background job that writes the XLSX (vss.exports:
    the job asked for, then written as the worker writes it, its progress on its row,
    into its file outside the web root)."""
    user = _filled_database(n)
    from django.http import QueryDict

    from vss.applications.exports import APPLICATIONS_EXPORT
    from vss.core.exports import csv_rows
    from vss.exports.models import ExportJob, JobStatus
    from vss.exports.selectors import export_rows_for_user
    from vss.exports.services import export_job_request
    from vss.exports.storage import export_path
    from vss.exports.writing import write_export_now

    before = _reset_peak()
    started = time.perf_counter()
    rows = export_rows_for_user(user, APPLICATIONS_EXPORT, QueryDict())
    size = sum(len(line.encode()) for line in csv_rows(rows.read(), rows.columns))
    _report("csv stream (baseline)", n, time.perf_counter() - started, before, size)

    before = _reset_peak()
    started = time.perf_counter()
    job = export_job_request(
        actor=user, export=APPLICATIONS_EXPORT, export_format="xlsx", query=QueryDict(), total=n
    )
    if ExportJob.objects.get(pk=job.pk).status == JobStatus.QUEUED:
        write_export_now(job.pk)  # no worker beside this process: do its part
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, (job.status, job.error)
    size = export_path(job.file_name).stat().st_size
    _report("xlsx background job", job.written, time.perf_counter() - started, before, size)


def _report(what: str, n: int, seconds: float, before: float, size: int) -> dict[str, float]:
    print(
        f"{what:22} {n:>9,} rows  {seconds:7.1f} s  {n / seconds:8,.0f} rows/s  "
        f"peak RSS {_peak_rss_mb():6.1f} MB (before {before:6.1f} MB)  "
        f"file {size / 2**20:7.1f} MB",
        flush=True,
    )
    return {
        "rows": n,
        "seconds": round(seconds, 2),
        "rows_per_s": round(n / seconds),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
        "rss_before_mb": round(before, 1),
        "file_mb": round(size / 2**20, 1),
    }


# --- on PostgreSQL, every application, against COPY -------------------------------------


def _labels(choices: type, column: str) -> str:
    """A coded column by its English label, as the export words it."""
    whens = " ".join(
        "WHEN '{}' THEN '{}'".format(value, str(label).replace("'", "''"))
        for value, label in choices.choices  # type: ignore[attr-defined]
    )
    return f"CASE {column} {whens} ELSE '' END"


def _escaped(cell: str) -> str:
    """A cell that would start a formula with a leading apostrophe, as safe_cell has it."""
    return f"CASE WHEN {cell} ~ E'^[-=+@\\\\t\\\\r]' THEN '''' || {cell} ELSE {cell} END"


def copy_sql(sees_protected: bool) -> str:
    """Every application with the cells of the export of the list (English), in its order."""
    from vss.applications.models import ApplicationKind, Channel, Status

    latin = "CONCAT_WS(' ', NULLIF(UPPER(p.family_name_latin), ''), NULLIF(p.given_name_latin, ''))"
    khmer = "CONCAT_WS(' ', NULLIF(p.family_name_km, ''), NULLIF(p.given_name_km, ''))"
    named = (
        f"CASE WHEN {latin} <> '' AND {khmer} <> '' THEN {khmer} || ' (' || {latin} || ')' "
        f"WHEN {khmer} <> '' THEN {khmer} ELSE {latin} END"
    )
    if not sees_protected:
        named = f"CASE WHEN p.is_protected THEN p.pseudonym ELSE {named} END"
    intermediary = "COALESCE(NULLIF(o.acronym, ''), o.name, '')"
    columns = [
        ("VSS number", "a.vss_number"),
        ("Applicant", _escaped(f"({named})")),
        ("Case", "c.number"),
        ("Kind", _labels(ApplicationKind, "a.kind")),
        ("Status", _labels(Status, "a.status")),
        ("Late", "CASE WHEN a.is_late THEN 'yes' ELSE '' END"),
        ("Province", "COALESCE(pr.name_en, '')"),
        ("Channel", _labels(Channel, "f.channel")),
        ("Intermediary", _escaped(intermediary)),
        ("Received", "f.received_on"),
    ]
    select = ", ".join(f'{sql} AS "{header}"' for header, sql in columns)
    return (
        f"COPY (SELECT {select} FROM applications_application a "
        "JOIN people_person p ON p.id = a.applicant_id "
        "JOIN proceedings_case c ON c.id = a.case_id "
        "JOIN applications_victiminformationform f ON f.id = a.form_id "
        "LEFT JOIN accounts_organisation o ON o.id = f.intermediary_id "
        "LEFT JOIN geo_province pr ON pr.code = a.province_code "
        "ORDER BY a.id DESC) TO STDOUT (FORMAT csv, HEADER)"
    )


def measure_pg(username: str, json_path: str | None) -> None:
    """COPY, then the CSV job, then the XLSX job, in this process, on the database
    DATABASE_URL names; then the CSV job's cells checked against COPY's."""
    import csv
    import json
    import tempfile

    # Settings as the other benches on PostgreSQL have them; DEBUG would keep every query.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vss.settings.dev")
    os.environ.setdefault("DEBUG", "0")
    import django

    django.setup()
    from django.db import connection
    from django.http import QueryDict

    from vss import policy
    from vss.accounts.models import User
    from vss.applications.exports import APPLICATIONS_EXPORT
    from vss.applications.models import Application
    from vss.exports.models import ExportJob, JobStatus
    from vss.exports.services import export_job_request
    from vss.exports.storage import export_path
    from vss.exports.writing import write_export_now
    from vss.policy import Right

    if connection.vendor != "postgresql":
        raise SystemExit("pg: set DATABASE_URL to a PostgreSQL database holding the data set")
    user = User.objects.get(username=username)
    total = Application.objects.count()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"{connection.settings_dict['NAME']}: {total:,} applications, exported by "
        f"{user.username}; load {load}",
        flush=True,
    )
    results: dict[str, object] = {"load_at_start": os.getloadavg(), "applications": total}

    sql = copy_sql(policy.has_right(user, Right.SEE_PROTECTED_IDENTITIES))
    before = _reset_peak()
    started = time.perf_counter()
    with (
        tempfile.NamedTemporaryFile(suffix=".csv", delete=False) as copied,
        connection.cursor() as cursor,
        cursor.cursor.copy(sql) as copy,
    ):
        for block in copy:
            copied.write(block)
    copy_report = _report(
        "COPY ... TO STDOUT", total, time.perf_counter() - started, before,
        os.stat(copied.name).st_size,
    )  # fmt: skip
    results["copy"] = copy_report

    files = {}
    for export_format in ("csv", "xlsx"):
        before = _reset_peak()
        started = time.perf_counter()
        job = export_job_request(
            actor=user,
            export=APPLICATIONS_EXPORT,
            export_format=export_format,
            query=QueryDict(),
            total=total,
        )
        if ExportJob.objects.get(pk=job.pk).status == JobStatus.QUEUED:
            write_export_now(job.pk)  # no worker beside this process: do its part
        job.refresh_from_db()
        assert job.status == JobStatus.DONE, (job.status, job.error)
        files[export_format] = export_path(job.file_name)
        report = _report(
            f"{export_format} background job", job.written, time.perf_counter() - started,
            before, files[export_format].stat().st_size,
        )  # fmt: skip
        report["to_copy"] = round(report["rows_per_s"] / copy_report["rows_per_s"], 3)
        results[export_format] = report
        print(
            f"  {export_format} job: {report['to_copy']:.3f} x COPY's rows per second "
            f"(COPY {1 / report['to_copy']:.1f} times as fast)",
            flush=True,
        )

    # The same cells in the CSV job's file as in COPY's, row by row: PostgreSQL quotes an
    # empty text and Python does not, and the job's file starts with the mark Excel needs.
    compared = 0
    with (
        open(files["csv"], encoding="utf-8-sig", newline="") as job_file,
        open(copied.name, encoding="utf-8", newline="") as copy_file,
    ):
        for ours, theirs in zip(csv.reader(job_file), csv.reader(copy_file), strict=True):
            compared += 1
            if ours != theirs:
                raise SystemExit(f"row {compared} differs:\n  job  {ours}\n  COPY {theirs}")
    print(f"  the CSV job and COPY hold the same {compared - 1:,} rows and header", flush=True)
    os.unlink(copied.name)
    for path in files.values():
        path.unlink()
    results["load_at_end"] = os.getloadavg()
    if json_path:
        Path(json_path).write_text(json.dumps(results, indent=2))


def main() -> None:
    if sys.argv[1:2] == ["pg"]:
        options = sys.argv[2:]
        json_path = options[options.index("--json") + 1] if "--json" in options else None
        user = options[options.index("--user") + 1] if "--user" in options else "chief"
        measure_pg(user, json_path)
        return
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

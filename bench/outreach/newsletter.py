#!/usr/bin/env python
"""A newsletter to N Civil Parties through the message engine and the logging SMS gateway
on PostgreSQL: messages written per second (`messages_write`) and sent per second
(`messages_send`), beside the rate of writing the same Message rows with COPY; and the
peak memory of each (RSS and tracemalloc) at each size, to show it stays flat.

    createdb -h 127.0.0.1 -U postgres vss_news_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/vss_news_bench
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/outreach/newsletter.py --sizes 10000,100000,1000000

Each size runs in a process of its own (so that its peak RSS is its own): it makes N
Civil Parties of a case of their own once (people, forms, applications and contact
preferences, each in one INSERT ... SELECT: most by SMS with consent, some by email or
post, some without consent or asked to stop, some numbers the gateway refuses), writes the
newsletter to them, sends it, then copies the same rows into an empty table of the same
shape (indexes and unique key included) with COPY as the baseline. Emails go to Django's
dummy back end; the SMS log is a file under a temporary directory, deleted after.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vss.settings.dev")
os.environ.setdefault("DEBUG", "0")  # dev settings default to DEBUG, which logs every query
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from vss.accounts.models import Role, User  # noqa: E402
from vss.applications.models import Application, Status, VictimInformationForm  # noqa: E402
from vss.outreach.models import (  # noqa: E402
    AudienceKind,
    ContactPreference,
    Message,
    MessageKind,
    Newsletter,
    SendJob,
)
from vss.outreach.selectors.newsletters import audience_people, newsletter_content  # noqa: E402
from vss.outreach.services import sending  # noqa: E402
from vss.people.models import Person  # noqa: E402
from vss.proceedings.models import Case  # noqa: E402
from vss.testing.factories import ApplicationFactory, CaseFactory, PersonFactory  # noqa: E402

MARK = "BENCHNEWS"


def _table(model: Any) -> str:
    return str(model._meta.db_table)


def _clone(
    model: Any, template: int, sources: str, overrides: dict[str, str], where: str = "TRUE"
) -> int:
    """Rows of `model` made from the row `template`, one per row of `sources` (a FROM
    clause naming `g`, a series, or other tables), its columns as the template's but for
    `overrides` (column -> SQL expression). One statement."""
    columns = [f.column for f in model._meta.concrete_fields if not f.primary_key]
    values = [overrides.get(column, f"t.{column}") for column in columns]
    sql = (
        f"INSERT INTO {_table(model)} ({', '.join(columns)}) "
        f"SELECT {', '.join(values)} FROM {_table(model)} t, {sources} "
        f"WHERE t.id = {template} AND ({where})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return int(cursor.rowcount)


def _case(size: int) -> Case:
    number = f"{MARK}-{size}"
    found = Case.objects.filter(number=number).first()
    if found is not None:
        return found
    started = time.perf_counter()
    with transaction.atomic():
        case = CaseFactory.create(number=number)
        template = ApplicationFactory.create(
            form__applicant=PersonFactory.create(family_name_latin="TEMPLATE", phone="0"),
            case=case,
            status=Status.ADMITTED,
        )
        tag = f"{MARK}{size}"
        _clone(
            Person,
            template.applicant_id,
            f"generate_series(1, {size}) AS g",
            {
                "family_name_latin": f"'{tag}'",
                "given_name_latin": "'N' || g",
                # One number in a thousand is one the logging gateway refuses.
                "phone": "CASE WHEN g % 1000 = 0 THEN '000' ELSE '012' END || lpad(g::text, 7, '0')",
                "preferred_language": "(ARRAY['km','km','km','en','fr'])[1 + g % 5]",
                "created_at": "now()",
            },
        )
        people = f"{_table(Person)} p"
        of_size = f"p.family_name_latin = '{tag}'"
        _clone(
            VictimInformationForm,
            template.form_id,
            people,
            {"applicant_id": "p.id", "created_at": "now()", "updated_at": "now()"},
            where=of_size,
        )
        forms = f"{_table(VictimInformationForm)} f JOIN {people} ON p.id = f.applicant_id"
        _clone(
            Application,
            template.pk,
            forms,
            {
                "form_id": "f.id",
                "applicant_id": "p.id",
                "vss_number": f"'{MARK}-{size}-' || f.id",
                "created_at": "now()",
                "status_changed_at": "now()",
            },
            where=of_size,
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {_table(ContactPreference)} (version, person_id, channel, email, "
                "postal_address, consents_to_news, consent_recorded_on, stopped_at, stopped_how, "
                "stop_token, updated_at) "
                "SELECT 0, p.id, "
                "CASE WHEN p.id % 50 = 0 THEN 'email' WHEN p.id % 100 = 1 THEN 'post' "
                "ELSE 'sms' END, "
                "CASE WHEN p.id % 50 = 0 THEN 'cp' || p.id || '@example.org' ELSE '' END, "
                "CASE WHEN p.id % 100 = 1 THEN 'Phum ' || p.id ELSE '' END, "
                "p.id % 20 <> 7, current_date, "
                "CASE WHEN p.id % 97 = 0 THEN now() END, '', "
                f"'{MARK}-' || p.id, now() FROM {people} WHERE {of_size}"
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"  made {size:,} Civil Parties in {time.perf_counter() - started:.1f} s", flush=True)
    return case


class RssPeak:
    """The process's resident memory, sampled every 20 ms in a thread: its peak over a
    phase (getrusage's peak covers the whole process's life)."""

    def __init__(self) -> None:
        self.peak = 0
        self._running = False

    @staticmethod
    def now() -> int:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

    def __enter__(self) -> RssPeak:
        self.peak = self.now()
        self._running = True
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while self._running:
            self.peak = max(self.peak, self.now())
            time.sleep(0.02)

    def __exit__(self, *exc: object) -> None:
        self._running = False
        self._thread.join()


def _phase(name: str, run: Any, rows: int, trace: bool) -> dict[str, Any]:
    if trace:
        tracemalloc.start()
    load = os.getloadavg()[0]
    with RssPeak() as rss:
        started = time.perf_counter()
        run()
        seconds = time.perf_counter() - started
    figures: dict[str, Any] = {
        "seconds": round(seconds, 2),
        "rows_per_second": round(rows / seconds),
        "rss_peak_mb": round(rss.peak / 2**20, 1),
        # The machine is shared: the one-minute load average at the start and the end.
        "load_average": [round(load, 1), round(os.getloadavg()[0], 1)],
    }
    if trace:
        figures["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 2)
        tracemalloc.stop()
    print(
        f"  {name:<8} {seconds:8.1f} s {figures['rows_per_second']:>10,}/s "
        f"RSS peak {figures['rss_peak_mb']:>7} MB"
        + (f", tracemalloc peak {figures['tracemalloc_peak_mb']} MB" if trace else "")
        + f", load {figures['load_average'][0]}-{figures['load_average'][1]}",
        flush=True,
    )
    return figures


def _copy_baseline(job: SendJob, path: Path) -> Any:
    """The job's rows written out once (not timed), then COPY into an empty table of the
    same shape, its indexes and unique key included (timed)."""
    table = _table(Message)
    columns = ", ".join(f.column for f in Message._meta.concrete_fields if not f.primary_key)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_message_copy")
        cursor.execute(f"CREATE TABLE bench_message_copy (LIKE {table} INCLUDING ALL)")
        with (
            path.open("wb") as out,
            cursor.copy(
                f"COPY (SELECT {columns} FROM {table} WHERE job_id = {job.pk}) TO STDOUT"
            ) as copy,
        ):
            for chunk in copy:
                out.write(chunk)

    def copy_in() -> None:
        with (
            transaction.atomic(),
            connection.cursor() as cursor,
            path.open("rb") as rows,
            cursor.copy(f"COPY bench_message_copy ({columns}) FROM STDIN") as copy,
        ):
            while chunk := rows.read(1 << 20):
                copy.write(chunk)

    return copy_in


def one(size: int, trace: bool) -> dict[str, Any]:
    case = _case(size)
    user, _ = User.objects.get_or_create(username="bench-news", defaults={"role": Role.OUTREACH})
    newsletter = Newsletter.objects.create(
        title_km="ព្រឹត្តិបត្រ",
        title_en="Newsletter",
        title_fr="Lettre",
        body_km="សាលក្រមនឹងប្រកាស",
        body_en="The judgment will be pronounced.",
        body_fr="Le jugement sera prononcé.",
        sms_km="សាលក្រមនឹងប្រកាស",
        sms_en="The judgment will be pronounced.",
        sms_fr="Le jugement sera prononcé.",
        audience=AudienceKind.CASE,
        case=case,
        created_by=user,
    )
    job = sending.job_start(label=f"bench {size}", user=user)
    results: dict[str, Any] = {"size": size}
    with tempfile.TemporaryDirectory() as directory:
        settings.VSS_SMS_LOG = str(Path(directory) / "sms.log")

        def write() -> None:
            with transaction.atomic():
                sending.messages_write(
                    job=job,
                    kind=MessageKind.NEWSLETTER,
                    people=audience_people(newsletter),
                    content=newsletter_content(newsletter),
                    key=f"newsletter-{newsletter.pk}",
                    news=True,
                    newsletter=newsletter,
                )

        results["write"] = _phase("write", write, size, trace)
        job.refresh_from_db()
        results["send"] = _phase("send", lambda: sending.messages_send(job.pk), size, trace)
        job.refresh_from_db()
        results["job"] = {
            "total": job.total,
            "sent": job.sent,
            "failed": job.failed,
            "skipped": job.skipped,
        }
        copy_in = _copy_baseline(job, Path(directory) / "messages.copy")
        results["copy"] = _phase("copy", copy_in, size, trace)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_message_copy")
    results["ru_maxrss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument(
        "--no-tracemalloc",
        action="store_true",
        help="leave tracemalloc off (it slows Python's allocations; the rates then are the "
        "engine's own)",
    )
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()
    trace = not args.no_tracemalloc
    if args.one:
        print(json.dumps(one(args.one, trace)), flush=True)
        return
    if connection.vendor != "postgresql":
        sys.exit("This bench needs PostgreSQL: set DATABASE_URL.")
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"PostgreSQL {connection.cursor().connection.info.server_version}, "
        f"send batch {settings.VSS_SEND_BATCH}, tracemalloc {'on' if trace else 'off'}",
        flush=True,
    )
    figures = []
    for size in [int(s) for s in args.sizes.split(",")]:
        print(f"{size:,} recipients", flush=True)
        command = [sys.executable, __file__, "--one", str(size)]
        if not trace:
            command.append("--no-tracemalloc")
        # Each phase's line is shown as it ends: a run stopped at the million keeps the
        # figures of the phases it finished.
        with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as child:
            assert child.stdout is not None
            lines = []
            for line in child.stdout:
                lines.append(line)
                if not line.startswith("{"):
                    print(line, end="", flush=True)
        if child.returncode:
            sys.exit(child.returncode)
        figures.append(json.loads(lines[-1]))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1) + "\n")


if __name__ == "__main__":
    main()

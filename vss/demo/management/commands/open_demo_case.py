"""`manage.py open_demo_case`: the demo case open for applications today, however long
ago the demo data was made (`make run` calls it after `generate_demo_data --if-empty`,
which leaves an existing database alone). Its notice of the end of the investigation
moves to today, with an audit entry; no other case is touched. A database the demo data
was never generated into gets no demo case, and production refuses it.

With `--keep-open` it stays running beside the server (`make run` starts it so) and opens
the case again each hour: the notice moves once a day, when the date has turned, with its
audit entry (an hour on the same day changes nothing and writes nothing), so a server left
up for weeks keeps the demo case open without a restart."""

from __future__ import annotations

import datetime
import time
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections
from django.utils import timezone
from django.utils.formats import date_format

from vss.audit.models import AuditEntry
from vss.proceedings.services import case_open_demo

# Often enough that the day turning is caught within the hour, rarely enough to cost nothing.
CHECK_EVERY_SECONDS = 3600


class Command(BaseCommand):
    help = "Keep the demo case open for applications: its deadline moves ahead of today."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="The day to open it on (YYYY-MM-DD; default: today in the office's time zone).",
        )
        parser.add_argument(
            "--keep-open",
            action="store_true",
            help="Stay running and open it again every hour, so that it stays open while "
            "the demo is served, however many days that is.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if (settings.SETTINGS_MODULE or "").endswith(".production"):
            raise CommandError("A demo case has no place in production.")
        # The demo run's own audit entry tells a demo database from one with real records.
        if not AuditEntry.objects.filter(object_type="demo_data").exists():
            self.stdout.write("No demo data in this database: no demo case.")
            return
        self._open(options["today"] or timezone.localdate())
        while options["keep_open"]:
            # No connection held open between the hours (SQLite would keep it locked).
            close_old_connections()
            time.sleep(CHECK_EVERY_SECONDS)
            self._open(timezone.localdate())

    def _open(self, today: datetime.date) -> None:
        try:
            case = case_open_demo(today=today)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        deadline = case.application_deadline
        assert deadline is not None
        self.stdout.write(
            f"The demo case ({case.number}) takes applications until "
            f"{date_format(deadline, 'Y-m-d')}."
        )

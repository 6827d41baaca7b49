"""`manage.py open_demo_case`: the demo case open for applications today, however long
ago the demo data was made (`make run` calls it after `generate_demo_data --if-empty`,
which leaves an existing database alone). Its notice of the end of the investigation
moves to today, with an audit entry; no other case is touched. A database the demo data
was never generated into gets no demo case, and production refuses it."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.formats import date_format

from vss.audit.models import AuditEntry
from vss.proceedings.services import case_open_demo


class Command(BaseCommand):
    help = "Keep the demo case open for applications: its deadline moves ahead of today."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="The day to open it on (YYYY-MM-DD; default: today in the office's time zone).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if (settings.SETTINGS_MODULE or "").endswith(".production"):
            raise CommandError("A demo case has no place in production.")
        # The demo run's own audit entry tells a demo database from one with real records.
        if not AuditEntry.objects.filter(object_type="demo_data").exists():
            self.stdout.write("No demo data in this database: no demo case.")
            return
        try:
            case = case_open_demo(today=options["today"] or timezone.localdate())
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        deadline = case.application_deadline
        assert deadline is not None
        self.stdout.write(
            f"The demo case ({case.number}) takes applications until "
            f"{date_format(deadline, 'Y-m-d')}."
        )

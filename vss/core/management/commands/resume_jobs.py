"""Puts back in the queue the background tasks whose worker died part-way (see
vss.core.workers). Run it when the workers start and from cron every few minutes; `make
run` keeps it running beside its worker with `--keep-checking`. Safe at any time and on
any machine: a task whose worker still shows signs of life is left to it."""

import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from vss.core.workers import tasks_resume


class Command(BaseCommand):
    help = "Queue again the background tasks that a worker which died left running."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--silent-seconds",
            type=float,
            default=None,
            help="A task's worker silent this long is taken for dead "
            "(default: VSS_WORKER_SILENT_SECONDS).",
        )
        parser.add_argument(
            "--keep-checking",
            action="store_true",
            help="Stay running and check again every VSS_WORKER_BEAT_SECONDS.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        seconds = options["silent_seconds"]
        silent_for = timedelta(seconds=seconds) if seconds is not None else None
        while True:
            resumed = tasks_resume(silent_for=silent_for)
            if resumed or not options["keep_checking"]:
                self.stdout.write(
                    f"{len(resumed)} task(s) queued again: {', '.join(resumed) or '-'}"
                )
            if not options["keep_checking"]:
                return
            # No connection held open between checks (SQLite would keep it locked).
            close_old_connections()
            time.sleep(settings.VSS_WORKER_BEAT_SECONDS)

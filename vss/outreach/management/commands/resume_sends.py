"""Queues again every send left unfinished: a worker killed part-way leaves its task
marked running, and no worker takes it up again by itself. Safe to run at any time: a
message already handed over is never sent again (the keys, and the gateway asked about
those left being sent), a send still running beside it shares its messages out rather
than sending them twice, and a send whose task still waits for a worker is left to it.

`make run` runs it once before it starts the worker (nothing sends then, so every
unfinished send was left by a worker that stopped), then keeps it running beside the
worker with `--keep-checking`: every few minutes it queues again the sends no worker has
recorded progress on for a quarter of an hour (`SILENT_AFTER`). django-tasks has no signal
for a worker starting and no periodic tasks, so the check is this process of its own. In
production, run `resume_sends` when the workers start and `resume_sends --silent-minutes
15` from cron."""

import time
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections, transaction

from vss.outreach.services.sending import SILENT_AFTER, sends_resume

# Often enough that a send whose worker died is taken up again within minutes of being
# found silent; each check is one query when nothing is unfinished.
CHECK_EVERY_SECONDS = 300


class Command(BaseCommand):
    help = "Queue again the sends of messages that a stopped worker left unfinished."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--silent-minutes",
            type=float,
            default=None,
            help="Only the sends no worker has recorded progress on for this many minutes "
            "(for a check run while workers are sending; default: every unfinished send).",
        )
        parser.add_argument(
            "--keep-checking",
            action="store_true",
            help="Stay running and check every five minutes for sends whose worker has "
            f"been silent for {SILENT_AFTER.seconds // 60} minutes (or --silent-minutes).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        minutes = options["silent_minutes"]
        silent_for = timedelta(minutes=minutes) if minutes is not None else None
        if not options["keep_checking"]:
            self._resume(silent_for)
            return
        while True:
            self._resume(silent_for or SILENT_AFTER)
            # No connection held open between the checks (SQLite would keep it locked).
            close_old_connections()
            time.sleep(CHECK_EVERY_SECONDS)

    def _resume(self, silent_for: timedelta | None) -> None:
        with transaction.atomic():
            resumed = sends_resume(silent_for=silent_for)
        if resumed or silent_for is None:
            self.stdout.write(
                f"{len(resumed)} send(s) queued again: {', '.join(map(str, resumed)) or '-'}"
            )

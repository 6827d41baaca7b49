"""Queues again every send left unfinished: a worker killed part-way leaves its task
marked running, and no worker takes it up again by itself. Safe to run at any time (after
a restart, or from cron): a message already handed over is never sent again (the keys,
and the gateway asked about those left being sent), and a send still running beside it
shares its messages out rather than sending them twice."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from vss.outreach.services.sending import sends_resume


class Command(BaseCommand):
    help = "Queue again the sends of messages that a stopped worker left unfinished."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            resumed = sends_resume()
        self.stdout.write(
            f"{len(resumed)} send(s) queued again: {', '.join(map(str, resumed)) or '-'}"
        )

"""Queues again every draw left unfinished: a worker killed part-way leaves its draw
marked running, and no worker takes it up again by itself, while the event refuses a new
draw until that one is done. Safe to run at any time (after a restart, or from cron): a
draw writes its invitations in one transaction at its end, and a draw made meanwhile by
a worker still running it is not written twice."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from vss.outreach.services.choosing import draws_resume


class Command(BaseCommand):
    help = "Queue again the draws of participants that a stopped worker left unfinished."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            resumed = draws_resume()
        self.stdout.write(
            f"{len(resumed)} draw(s) queued again: {', '.join(map(str, resumed)) or '-'}"
        )

from typing import Any

from django.core.management.base import BaseCommand

from vss.tallies.services import counting_now


class Command(BaseCommand):
    help = (
        "Count the Section's figures again now, in this process (the figures page asks the "
        "worker for a count when they are older than VSS_FIGURES_MAX_AGE_SECONDS; run this "
        "from cron to have them fresh before anyone asks)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counting = counting_now(user=None)
        if counting.started_at and counting.finished_at:
            took = (counting.finished_at - counting.started_at).total_seconds()
            self.stdout.write(f"{counting.rows:,} kept rows counted in {took:.1f} s")
        else:
            self.stdout.write(f"count {counting.pk}: {counting.get_status_display()}")

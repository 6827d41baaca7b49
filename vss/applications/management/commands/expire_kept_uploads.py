from typing import Any

from django.core.management.base import BaseCommand

from vss.applications.uploads import staged_uploads_expire


class Command(BaseCommand):
    help = (
        "Delete the files kept aside for a form sent back for a mistake once their day is "
        "over (a form never corrected leaves them); run it daily from cron."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{staged_uploads_expire()} kept files deleted")

from typing import Any

from django.core.management.base import BaseCommand

from vss.exports.services import export_jobs_expire


class Command(BaseCommand):
    help = (
        "Delete the files of the exports finished more than VSS_EXPORT_KEEP_HOURS ago "
        "(each new export does it too); run it from cron so that none outlives its time "
        "when nobody exports."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{export_jobs_expire()} export files deleted")

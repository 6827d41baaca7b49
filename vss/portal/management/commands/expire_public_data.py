import datetime
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from vss.portal.services.applying import drafts_wipe_expired
from vss.portal.services.throttling import throttles_forget

# Longer than the longest window a limit counts in (a day): a count kept past it limits
# nothing, and only tells when someone tried.
THROTTLES_KEPT = datetime.timedelta(days=2)


class Command(BaseCommand):
    help = (
        "Wipe the online forms never sent and past their two weeks (with their files), "
        "and forget the public site's counts of tries once they limit nothing. A draft "
        "found past its date is wiped when it is opened too; run this from cron so that "
        "none outlives its time when nobody comes back to it."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        drafts = drafts_wipe_expired()
        counts = throttles_forget(before=timezone.now() - THROTTLES_KEPT)
        self.stdout.write(f"{drafts} unsent online forms wiped, {counts} counts of tries forgotten")

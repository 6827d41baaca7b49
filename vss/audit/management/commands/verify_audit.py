from typing import Any

from django.core.management.base import BaseCommand, CommandError

from vss.audit.chain import chain_head, first_break


class Command(BaseCommand):
    help = (
        "Check the audit log's hash chain: exits non-zero and names the first entry "
        "rewritten, or following an entry removed or inserted out of order."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, database: str, **options: Any) -> None:
        broken = first_break(using=database)
        if broken is not None:
            raise CommandError(str(broken))
        count, head = chain_head(database)
        # The last hash, kept outside the database (a ticket, a signed email), is what
        # shows later that nothing was removed from the end or recomputed since.
        self.stdout.write(f"{count} audit entries, chain intact; last hash {head}")

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from vss.backups.errors import BackupError
from vss.backups.services import backup_create


class Command(BaseCommand):
    help = (
        "Write one encrypted archive of the database and the uploaded files into --to, "
        "with its manifest beside it (docs/deployment.md, Backups)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--to", required=True, type=Path, help="the folder of the backups")
        parser.add_argument(
            "--recipient",
            action="append",
            default=[],
            help="an age public key (age1…) or a file of them; repeatable "
            "(default: VSS_BACKUP_RECIPIENTS)",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, to: Path, recipient: list[str], database: str, **_: Any) -> None:
        try:
            made = backup_create(
                to=Path(to),
                recipients=recipient or settings.VSS_BACKUP_RECIPIENTS,
                using=database,
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = made.manifest
        facts = manifest.database
        self.stdout.write(f"{made.archive} ({made.archive.stat().st_size:,} bytes)")
        self.stdout.write(
            f"  database: {facts.engine}, {len(facts.tables)} tables, "
            f"{sum(facts.tables.values()):,} rows"
        )
        self.stdout.write(f"  files: {len(manifest.media):,} ({manifest.media_bytes:,} bytes)")
        # As verify_audit prints it: the hash to keep outside the server, with the backup.
        self.stdout.write(
            f"  {facts.audit_entries} audit entries; last hash {facts.audit_last_hash}"
        )
        self.stdout.write(f"  manifest: {made.manifest_path}")

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from vss.backups.errors import BackupError
from vss.backups.services import backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive made by `manage.py backup` into the configured database and "
        "media folder, both empty unless --replace. On PostgreSQL, run it as the role that "
        "owns the schema (docs/deployment.md), with the service and the worker stopped."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--identity", required=True, type=Path, help="the age private key's file"
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace what the database holds and write over the folder's files",
        )
        parser.add_argument("--database", default="default")

    def handle(
        self, *args: Any, archive: Path, identity: Path, replace: bool, database: str, **_: Any
    ) -> None:
        try:
            restored = backup_restore(
                archive=Path(archive), identity=Path(identity), using=database, replace=replace
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        facts = restored.manifest.database
        self.stdout.write(
            f"Restored the backup of {restored.manifest.created_at}: {len(facts.tables)} "
            f"tables, {sum(facts.tables.values()):,} rows, {restored.files_written:,} files"
        )
        if restored.files_kept:
            self.stdout.write(
                f"  {restored.files_kept:,} files of the folder the archive does not hold "
                "were left in place"
            )
        self.stdout.write(
            f"  {facts.audit_entries} audit entries; last hash {facts.audit_last_hash}"
        )
        if restored.recorded:
            self.stdout.write(
                "  The audit log's next entry says that it was restored: its hash before is "
                "the backup's last hash."
            )
        else:
            self.stdout.write(
                "  The backup is of an older VSS: run `manage.py migrate`. Its audit log does "
                "not say that it was restored; keep this output."
            )

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from vss.backups.errors import BackupError
from vss.backups.services import backup_verify


class Command(BaseCommand):
    help = (
        "Restore an archive made by `manage.py backup` into a scratch database (created and "
        "dropped; nothing configured is touched), compare every table's rows and the audit "
        "chain with its manifest, and check the chain. Exits non-zero on any difference."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--identity", required=True, type=Path, help="the age private key's file"
        )
        parser.add_argument(
            "--database",
            default="default",
            help="a PostgreSQL backup's scratch database is made on this database's server",
        )

    def handle(self, *args: Any, archive: Path, identity: Path, database: str, **_: Any) -> None:
        try:
            verification = backup_verify(
                archive=Path(archive), identity=Path(identity), using=database
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = verification.manifest
        facts = manifest.database
        self.stdout.write(
            f"{Path(archive).name}: made {manifest.created_at}, VSS {manifest.vss_version}, "
            f"{facts.engine}"
        )
        self.stdout.write(
            f"  {len(manifest.media):,} files ({manifest.media_bytes:,} bytes) and the "
            "database: every digest matches the manifest"
        )
        if verification.problems:
            for problem in verification.problems:
                self.stderr.write(f"  MISMATCH {problem}")
            raise CommandError(f"{Path(archive).name}: {len(verification.problems)} mismatch(es).")
        self.stdout.write(
            f"  {len(facts.tables)} tables, {sum(facts.tables.values()):,} rows: every count "
            "matches the manifest"
        )
        self.stdout.write(
            f"  {facts.audit_entries} audit entries, chain intact; last hash "
            f"{facts.audit_last_hash}"
        )
        self.stdout.write("Backup verified.")

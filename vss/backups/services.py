"""Making, restoring and verifying a backup. These are the operator's, run from a shell
on the server (`manage.py backup`, `restore`, `verify_backup`), not by a user of VSS:
whoever runs them already holds the database's password, so no right of the policy
applies; the operator's key decides who can read a backup."""

from __future__ import annotations

import datetime
import getpass
import os
import shutil
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from vss.audit.chain import first_break
from vss.audit.models import AuditAction
from vss.audit.services import audit_entry, new_values

from . import archive as archives
from . import database
from .crypto import encrypting, recipients_from
from .errors import BackupError
from .manifest import MANIFEST_NAME, MEDIA_PREFIX, DatabaseFacts, Manifest, file_facts

ARCHIVE_SUFFIX = ".tar.age"
MANIFEST_SUFFIX = ".manifest.json"
# The audit log's record type of a backup: it is a file, not a row of any table.
BACKUP_RECORD = "backups.backup"


def media_root() -> Path:
    """The folder of the uploaded files: the default storage, where every document, kept
    upload and export lives (the settings define no other storage)."""
    storage = storages["default"]
    if not isinstance(storage, FileSystemStorage):
        raise BackupError("The default storage is not a folder: back it up with its own tools.")
    return Path(storage.location)


def manifest_beside(archive: Path) -> Path:
    name = archive.name.removesuffix(ARCHIVE_SUFFIX)
    return archive.with_name(name + MANIFEST_SUFFIX)


def _operator() -> str:
    """Who ran the command, as the server names them: no user of VSS runs it."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def _backup_record(
    *, using: str, action: AuditAction, archive: Path, changes: dict[str, object]
) -> None:
    """One audit entry about the backup in `archive`, written in the database `using`:
    the log of the database that was copied, or of the one that was restored."""
    entry = audit_entry(
        actor=None,
        action=action,
        object_type=BACKUP_RECORD,
        label=archive.name.removesuffix(ARCHIVE_SUFFIX),
        changes=new_values({"operator": _operator(), **changes}),
    )
    with transaction.atomic(using=using):
        entry.save(using=using)


def _audit_log_is_this_versions(using: str) -> bool:
    """Whether the database's audit log has every migration this code's has, so that an
    entry this code writes fits it: a backup of an older VSS is restored before `migrate`."""
    loader = MigrationLoader(connections[using])
    audit_migrations = {key for key in loader.disk_migrations if key[0] == "audit"}
    return audit_migrations <= loader.applied_migrations.keys()


def _vss_version() -> str:
    try:
        with (Path(settings.BASE_DIR) / "pyproject.toml").open("rb") as stream:
            return str(tomllib.load(stream)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


@dataclass(frozen=True)
class BackupMade:
    archive: Path
    manifest_path: Path
    manifest: Manifest


def backup_create(
    *,
    to: Path,
    recipients: Sequence[str],
    using: str = "default",
    media: Path | None = None,
) -> BackupMade:
    """Write one archive of the database and the uploaded files into the folder `to`,
    encrypted to `recipients` (age public keys, or files of them), and its manifest
    beside it. The database is copied first, then the files, so that every file a row
    of the copy names is in the archive (unless deleted meanwhile, as an export past its
    time is)."""
    keys = recipients_from(recipients)
    media = media_root() if media is None else media
    engine = database.engine_of(using)
    if to.resolve().is_relative_to(media.resolve()):
        raise BackupError(
            f"{to} is inside the media folder {media}: each backup would hold the ones before."
        )
    to.mkdir(mode=0o700, parents=True, exist_ok=True)
    now = timezone.now().astimezone(datetime.UTC)
    stem = f"vss-backup-{now:%Y%m%dT%H%M%S%fZ}"
    archive = to / f"{stem}{ARCHIVE_SUFFIX}"
    with archives.temporary_folder() as work:
        dump = work / archives.database_member(engine)
        facts = database.dump(using, dump)
        manifest = Manifest(
            created_at=now.isoformat(),
            vss_version=_vss_version(),
            database=facts,
            database_file=file_facts(dump),
        )
        with encrypting(archive, keys) as stream, archives.writing(stream) as tar:
            archives.add_file(tar, dump, manifest.database_name)
            dump.unlink()
            for name, path in archives.media_files(media):
                added = archives.add_file(tar, path, MEDIA_PREFIX + name)
                if added is not None:
                    manifest.media[name] = added
            archives.add_bytes(tar, MANIFEST_NAME, manifest.to_json())
    manifest_path = manifest_beside(archive)
    descriptor = os.open(manifest_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as output:
        output.write(manifest.summary(archive=file_facts(archive)).to_json())
    # Written once the archive is whole, so the log tells of no backup that is not there;
    # the next backup holds this one's entry.
    _backup_record(
        using=using,
        action=AuditAction.EXPORT,
        archive=archive,
        changes={"encrypted_to": len(keys), "files": len(manifest.media)},
    )
    return BackupMade(archive=archive, manifest_path=manifest_path, manifest=manifest)


def _files_in(folder: Path) -> int:
    return sum(1 for _ in archives.media_files(folder)) if folder.is_dir() else 0


@dataclass(frozen=True)
class Restored:
    manifest: Manifest
    files_written: int
    files_kept: int
    # False when the restored database is of an older VSS, whose log this code cannot
    # write to before `migrate`.
    recorded: bool


def backup_restore(
    *,
    archive: Path,
    identity: Path,
    using: str = "default",
    media: Path | None = None,
    replace: bool = False,
) -> Restored:
    """Restore the archive into the database `using` and the media folder. Refused when
    either already holds something, unless `replace`: then the database's content is
    replaced and the archive's files are written over the folder's (files it does not
    hold are left, and counted). Nothing is touched before the whole archive has been
    decrypted and every digest checked. The restored database's log then says that it was
    restored, from which backup and by whom, after the backup's own last entry."""
    media = media_root() if media is None else media
    engine = database.engine_of(using)
    if not replace:
        tables = database.table_names(using)
        if tables:
            raise BackupError(
                f"The database already holds {len(tables)} tables: restore into an empty "
                "database, or pass --replace to replace its content."
            )
        if _files_in(media):
            raise BackupError(
                f"{media} already holds files: restore into an empty folder, or pass "
                "--replace to write the archive's files over them."
            )
    with archives.staged(archive, identity) as staged:
        if staged.manifest.database.engine != engine:
            raise BackupError(
                f"The archive holds a {staged.manifest.database.engine} database; the "
                f"configured database is {engine}."
            )
        database.load(staged.database_file, using, replace=replace)
        kept = _files_in(media) - len(
            [name for name in staged.manifest.media if archives.place(media, name).exists()]
        )
        for name in staged.manifest.media:
            target = archives.place(media, name)
            target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            shutil.move(archives.place(staged.media_root, name), target)
    recorded = _audit_log_is_this_versions(using)
    if recorded:
        _backup_record(
            using=using,
            action=AuditAction.RESTORE,
            archive=archive,
            changes={
                "backup_made_at": staged.manifest.created_at,
                "replaced": replace,
                "files": len(staged.manifest.media),
            },
        )
    return Restored(
        manifest=staged.manifest,
        files_written=len(staged.manifest.media),
        files_kept=kept,
        recorded=recorded,
    )


@dataclass
class Verification:
    manifest: Manifest
    restored: DatabaseFacts | None = None
    problems: list[str] = field(default_factory=list)


def _compare(expected: DatabaseFacts, found: DatabaseFacts, where: str) -> list[str]:
    problems = []
    for table in sorted(expected.tables.keys() | found.tables.keys()):
        if table not in found.tables:
            problems.append(f"table {table}: in the {where}, missing from the restored database")
        elif table not in expected.tables:
            problems.append(f"table {table}: in the restored database, not in the {where}")
        elif expected.tables[table] != found.tables[table]:
            problems.append(
                f"table {table}: {found.tables[table]} rows restored, "
                f"{expected.tables[table]} in the {where}"
            )
    if expected.migrations != found.migrations:
        problems.append(f"the migrations applied differ from the {where}'s")
    if (expected.audit_entries, expected.audit_last_hash) != (
        found.audit_entries,
        found.audit_last_hash,
    ):
        problems.append(
            f"audit chain: {found.audit_entries} entries ending {found.audit_last_hash} "
            f"restored, {expected.audit_entries} ending {expected.audit_last_hash} in the {where}"
        )
    return problems


def _against_notes(archive: Path, inner: Manifest) -> list[str]:
    """The manifest written beside the archive, when it is there: the archive must be
    the one it describes, holding what it says."""
    path = manifest_beside(archive)
    if not path.is_file():
        return []
    try:
        notes = Manifest.from_json(path.read_bytes())
    except (ValueError, KeyError, TypeError) as error:
        return [f"{path.name} cannot be read ({error})"]
    problems = []
    if notes.archive != file_facts(archive):
        problems.append(f"{archive.name} is not the archive {path.name} describes")
    if notes.database_file != inner.database_file or notes.created_at != inner.created_at:
        problems.append(f"{path.name} describes another backup than the archive's own manifest")
    return problems + _compare(notes.database, inner.database, path.name)


def backup_verify(*, archive: Path, identity: Path, using: str = "default") -> Verification:
    """Restore the archive into a scratch database (dropped afterwards; nothing of the
    configured database or media folder is touched), then compare every table's rows, the
    migrations and the audit chain with the manifest, and check the chain entry by entry.
    Every file's digest is checked on the way (a mismatch raises BackupError)."""
    with archives.staged(archive, identity) as staged:
        verification = Verification(manifest=staged.manifest)
        verification.problems += _against_notes(archive, staged.manifest)
        engine = staged.manifest.database.engine
        with database.scratch(using, engine, staged.database_file) as alias:
            restored = database.database_facts(alias)
            broken = first_break(using=alias)
        verification.restored = restored
        verification.problems += _compare(staged.manifest.database, restored, "manifest")
        if broken is not None:
            verification.problems.append(str(broken))
    return verification

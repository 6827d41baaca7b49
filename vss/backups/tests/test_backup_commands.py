"""`manage.py backup`, `restore` and `verify_backup` on the engine the suite runs on
(SQLite, or PostgreSQL with DATABASE_URL). The records are committed (transaction=True)
because pg_dump reads the database from a connection of its own."""

from __future__ import annotations

import io
import json
import secrets
import subprocess
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connections

from vss.accounts.models import Role
from vss.applications.uploads import check_upload
from vss.audit.chain import chain_head, first_break
from vss.audit.models import AuditAction, AuditEntry
from vss.audit.presentation import field_label
from vss.backups.database import database_facts, registered
from vss.backups.manifest import MANIFEST_NAME
from vss.backups.services import BACKUP_RECORD, manifest_beside
from vss.reparations.models import ProjectDocument, ProjectDocumentKind
from vss.reparations.services.projects import ProjectUpload, project_document_add
from vss.testing.constants import PDF, PNG
from vss.testing.factories import PersonFactory, ProjectFactory
from vss.testing.personas import persona

committed = pytest.mark.django_db(transaction=True)

FAMILY_LATIN = "VANNARITH"
GIVEN_LATIN = "Sopheakmony"
FAMILY_KM = "វណ្ណរិទ្ធ"
GIVEN_KM = "សុភ័ក្រមុន្នី"


@dataclass(frozen=True)
class Keys:
    identity: Path
    recipient: str


def _keys(folder: Path) -> Keys:
    folder.mkdir()
    identity = folder / "identity.txt"
    subprocess.run(["age-keygen", "-o", str(identity)], check=True, capture_output=True)
    recipient = subprocess.run(
        ["age-keygen", "-y", str(identity)], check=True, capture_output=True, text=True
    ).stdout.strip()
    return Keys(identity=identity, recipient=recipient)


def _use_media(settings, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder)},
        },
    }
    return folder


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file()
    }


def _last_entry(using: str = "default") -> AuditEntry:
    return AuditEntry.objects.using(using).latest("id")


def _restore_follows_the_backup(using: str, archive: Path, at_backup: tuple[int, str]) -> None:
    """The restored log is the backup's, then the entry saying it was restored."""
    entries, last_hash = at_backup
    restored = _last_entry(using)
    assert chain_head(using)[0] == entries + 1
    assert restored.previous_hash == last_hash
    assert (restored.action, restored.object_type, restored.actor) == (
        AuditAction.RESTORE,
        BACKUP_RECORD,
        None,
    )
    assert restored.object_label == archive.name.removesuffix(".tar.age")
    manifest = json.loads(manifest_beside(archive).read_bytes())
    assert restored.changes["backup_made_at"]["new"] == manifest["created_at"]
    assert restored.changes["operator"]["new"]
    assert first_break(using=using) is None


@pytest.fixture
def keys(tmp_path) -> Keys:
    return _keys(tmp_path / "keys")


@pytest.fixture
def media(settings, tmp_path) -> Path:
    return _use_media(settings, tmp_path / "media")


@pytest.fixture
def records(media):
    """A person whose names the archive must not show, and uploaded files (a project's
    document, written and audited by its service, and a kept upload in a subfolder)."""
    officer = persona(Role.REPARATIONS)
    PersonFactory(
        family_name_latin=FAMILY_LATIN,
        given_name_latin=GIVEN_LATIN,
        family_name_km=FAMILY_KM,
        given_name_km=GIVEN_KM,
    )
    upload = SimpleUploadedFile("budget.pdf", PDF, content_type="application/pdf")
    document = project_document_add(
        user=officer,
        project=ProjectFactory(officer=officer, created_by=officer),
        upload=ProjectUpload(ProjectDocumentKind.BUDGET, upload, check_upload(upload)),
    )
    (media / "staging" / "kept").mkdir(parents=True)
    (media / "staging" / "kept" / "photo.png").write_bytes(PNG)
    return document


def _backup(keys: Keys, folder: Path) -> Path:
    out = io.StringIO()
    call_command("backup", to=str(folder), recipient=[keys.recipient], stdout=out)
    (archive,) = folder.glob("*.tar.age")
    assert str(archive) in out.getvalue()
    return archive


@pytest.fixture
def archive(records, keys, tmp_path) -> Path:
    return _backup(keys, tmp_path / "backups")


@pytest.fixture
def fresh_database(tmp_path) -> Iterator[str]:
    """An empty database beside the test's, under an alias of its own."""
    default = connections["default"]
    if default.vendor == "sqlite":
        settings_dict = {**default.settings_dict, "NAME": str(tmp_path / "restored.sqlite3")}
    else:
        name = f"vss_restored_{secrets.token_hex(4)}"
        with default.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {name} TEMPLATE template0")
        settings_dict = {**default.settings_dict, "NAME": name}
    try:
        with registered(settings_dict) as alias:
            yield alias
    finally:
        if default.vendor == "postgresql":
            with default.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {settings_dict['NAME']}")


@committed
def test_a_backup_restores_into_a_fresh_database_and_folder_and_verifies(
    archive, keys, records, settings, tmp_path, fresh_database
):
    written = _files(Path(settings.STORAGES["default"]["OPTIONS"]["location"]))
    assert records.file.name in written
    verified = io.StringIO()
    call_command("verify_backup", str(archive), identity=str(keys.identity), stdout=verified)
    restored_media = _use_media(settings, tmp_path / "restored-media")

    out = io.StringIO()
    call_command(
        "restore", str(archive), identity=str(keys.identity), database=fresh_database, stdout=out
    )

    before, after = database_facts("default"), database_facts(fresh_database)
    # The same rows, but the log: each has one entry since the copy, the backup's own
    # making here and the restoring there.
    assert after.tables == before.tables
    assert after.migrations == before.migrations
    made = _last_entry()
    _restore_follows_the_backup(
        fresh_database, archive, (before.audit_entries - 1, made.previous_hash)
    )
    assert "not say that it was restored" not in out.getvalue()
    assert _files(restored_media) == written
    document = ProjectDocument.objects.using(fresh_database).get(pk=records.pk)
    assert (restored_media / document.file.name).read_bytes() == PDF
    assert f"{len(before.tables)} tables" in out.getvalue()
    report = verified.getvalue()
    assert f"{len(before.tables)} tables" in report
    assert f"last hash {made.previous_hash}" in report
    assert "Backup verified." in report


@committed
def test_the_archive_and_its_manifest_show_no_personal_data_but_the_chain_head(archive):
    names = [FAMILY_LATIN, GIVEN_LATIN, FAMILY_KM, GIVEN_KM]
    encrypted = archive.read_bytes()
    notes = manifest_beside(archive).read_bytes()

    assert encrypted.startswith(b"age-encryption.org/v1")
    for name in names:
        assert name.encode() not in encrypted
        assert name.encode() not in notes
    assert b"%PDF" not in encrypted
    # The chain as copied: the live log's last entry, the backup's making, follows it.
    made = _last_entry()
    count, _head = chain_head("default")
    database = json.loads(notes)["database"]
    assert json.loads(notes)["media_files"] == 2  # the document and the kept upload
    assert (database["audit_entries"], database["audit_last_hash"]) == (
        count - 1,
        made.previous_hash,
    )
    assert database["tables"] == {
        **database_facts("default").tables,
        "audit_auditentry": count - 1,
    }


@committed
def test_a_wrong_key_fails_cleanly(archive, tmp_path, settings, fresh_database):
    other = _keys(tmp_path / "other-keys")
    restored_media = _use_media(settings, tmp_path / "restored-media")

    with pytest.raises(CommandError, match="cannot be decrypted"):
        call_command("restore", str(archive), identity=str(other.identity), database=fresh_database)
    with pytest.raises(CommandError, match="cannot be decrypted"):
        call_command("verify_backup", str(archive), identity=str(other.identity))

    with connections[fresh_database].cursor() as cursor:
        assert connections[fresh_database].introspection.table_names(cursor) == []
    assert _files(restored_media) == {}


@committed
def test_restore_refuses_a_database_or_a_folder_that_holds_something(
    archive, keys, settings, tmp_path, fresh_database
):
    facts = database_facts("default")

    # Into the folder backed up, which holds its files.
    with pytest.raises(CommandError, match="already holds files"):
        call_command("restore", str(archive), identity=str(keys.identity), database=fresh_database)
    _use_media(settings, tmp_path / "restored-media")
    # Into the database backed up, which holds its records.
    with pytest.raises(CommandError, match="--replace"):
        call_command("restore", str(archive), identity=str(keys.identity))

    assert database_facts("default") == facts
    with connections[fresh_database].cursor() as cursor:
        assert connections[fresh_database].introspection.table_names(cursor) == []


@committed
def test_restore_with_replace_brings_the_database_back_to_the_backup(archive, keys, records):
    made = _last_entry()
    at_backup = database_facts("default")
    officer = persona(Role.REPARATIONS)
    upload = SimpleUploadedFile("later.png", PNG, content_type="image/png")
    later = project_document_add(
        user=officer,
        project=records.project,
        upload=ProjectUpload(ProjectDocumentKind.BUDGET, upload, check_upload(upload)),
    )
    PersonFactory(family_name_latin="LATER")
    assert database_facts("default") != at_backup
    out = io.StringIO()

    call_command("restore", str(archive), identity=str(keys.identity), replace=True, stdout=out)

    restored = database_facts("default")
    assert restored.tables == at_backup.tables
    assert restored.migrations == at_backup.migrations
    _restore_follows_the_backup(
        "default", archive, (at_backup.audit_entries - 1, made.previous_hash)
    )
    assert _last_entry().changes["replaced"] == {"old": None, "new": True}
    assert not ProjectDocument.objects.filter(pk=later.pk).exists()
    # The file written since is left in the folder, and said.
    assert "1 files of the folder the archive does not hold" in out.getvalue()


def _reencrypted(archive: Path, keys: Keys, change, extra: str = "") -> Path:
    """A copy of the archive, its manifest changed by `change` (and a file named `extra`
    added before it), encrypted again to the same public key: what anyone holding the
    public key could make."""
    plain = subprocess.run(
        ["age", "--decrypt", "--identity", str(keys.identity), str(archive)],
        check=True,
        capture_output=True,
    ).stdout
    rewritten = io.BytesIO()
    with (
        tarfile.open(fileobj=io.BytesIO(plain), mode="r:") as source,
        tarfile.open(fileobj=rewritten, mode="w:", format=tarfile.PAX_FORMAT) as target,
    ):
        for member in source:
            stream = source.extractfile(member)
            assert stream is not None
            data = stream.read()
            if member.name == MANIFEST_NAME:
                if extra:
                    target.addfile(tarfile.TarInfo(extra), io.BytesIO())
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    copy = archive.with_name(f"altered-{change.__name__}.tar.age")
    subprocess.run(
        ["age", "--encrypt", "--recipient", keys.recipient, "--output", str(copy)],
        input=rewritten.getvalue(),
        check=True,
    )
    # The manifest kept beside it is the original's.
    manifest_beside(copy).write_bytes(manifest_beside(archive).read_bytes())
    return copy


def _one_entry_more(manifest):
    manifest["database"]["tables"]["audit_auditentry"] += 1
    manifest["database"]["audit_entries"] += 1


def _another_digest(manifest):
    name = next(iter(manifest["media"]))
    manifest["media"][name]["sha256"] = "0" * 64


def _unchanged(manifest):
    pass


@committed
def test_an_altered_archive_fails_verification(archive, keys):
    counts_differ = _reencrypted(archive, keys, _one_entry_more)
    file_differs = _reencrypted(archive, keys, _another_digest)
    escapes = _reencrypted(archive, keys, _unchanged, extra="media/../../escaped.txt")
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0x01
    archive.write_bytes(bytes(data))
    identity = str(keys.identity)

    with pytest.raises(CommandError, match="cannot be decrypted"):
        call_command("verify_backup", str(archive), identity=identity)
    with pytest.raises(CommandError, match="does not match its manifest"):
        call_command("verify_backup", str(file_differs), identity=identity)
    with pytest.raises(CommandError, match="outside its folder"):
        call_command("verify_backup", str(escapes), identity=identity)
    errors = io.StringIO()
    with pytest.raises(CommandError, match="mismatch"):
        call_command("verify_backup", str(counts_differ), identity=identity, stderr=errors)

    report = errors.getvalue()
    assert "table audit_auditentry" in report
    assert "audit chain" in report
    assert "is not the archive" in report


def test_a_backup_needs_a_public_key_and_a_folder_of_its_own(keys, media, tmp_path, settings):
    settings.VSS_BACKUP_RECIPIENTS = []

    with pytest.raises(CommandError, match="No public key"):
        call_command("backup", to=str(tmp_path / "backups"))
    with pytest.raises(CommandError, match="neither an age public key"):
        call_command("backup", to=str(tmp_path / "backups"), recipient=["not-a-key"])
    with pytest.raises(CommandError, match="inside the media folder"):
        call_command("backup", to=str(media / "backups"), recipient=[keys.recipient])

    assert not (tmp_path / "backups").exists()
    assert not (media / "backups").exists()


@committed
def test_a_backup_made_is_in_the_log_of_the_database_it_copies(archive, keys):
    made = _last_entry()
    manifest = json.loads(manifest_beside(archive).read_bytes())
    assert (made.action, made.object_type, made.actor) == (AuditAction.EXPORT, BACKUP_RECORD, None)
    assert made.object_label == archive.name.removesuffix(".tar.age")
    assert made.changes["encrypted_to"] == {"old": None, "new": 1}
    assert made.changes["files"] == {"old": None, "new": manifest["media_files"]}
    assert made.changes["operator"]["new"]
    # Each thing the entries say is named in the log, not by its key.
    for key in [*made.changes, "backup_made_at", "replaced"]:
        assert field_label(BACKUP_RECORD, key) != key


@committed
def test_a_backup_that_fails_writes_nothing_in_the_log(keys, media, tmp_path):
    before = chain_head()
    with pytest.raises(CommandError, match="inside the media folder"):
        call_command("backup", to=str(media / "backups"), recipient=[keys.recipient])
    assert chain_head() == before


@committed
def test_a_restore_into_a_log_of_an_older_vss_writes_nothing_and_says_so(
    archive, keys, monkeypatch
):
    from vss.backups import services

    # As when the archive is of a VSS before this code's last migration of the log.
    monkeypatch.setattr(services, "_audit_log_is_this_versions", lambda using: False)
    made = _last_entry()
    out = io.StringIO()
    call_command("restore", str(archive), identity=str(keys.identity), replace=True, stdout=out)
    assert "run `manage.py migrate`" in out.getvalue()
    assert _last_entry().entry_hash == made.previous_hash  # the backup's own last entry


@committed
def test_a_log_is_this_versions_when_it_has_every_migration_of_the_log(fresh_database):
    from vss.backups.services import _audit_log_is_this_versions

    assert _audit_log_is_this_versions("default")
    assert not _audit_log_is_this_versions(fresh_database)

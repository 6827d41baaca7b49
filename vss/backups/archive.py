"""The archive inside the encryption: a tar stream (POSIX pax) of the database's dump,
the uploaded files under `media/`, and the manifest last, once every file's digest is
known. It is written and read as a stream, one member at a time.

Reading stages everything into a private temporary folder and checks every digest
against the manifest before anything is restored, so a restore never starts on an
archive it cannot finish."""

from __future__ import annotations

import io
import os
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from .crypto import decrypting
from .errors import BackupError
from .manifest import (
    DATABASE_FILES,
    MANIFEST_NAME,
    MEDIA_PREFIX,
    FileFacts,
    HashingReader,
    Manifest,
)

_CHUNK = 1 << 20


def media_files(root: Path) -> Iterator[tuple[str, Path]]:
    """The files under `root` (its path relative to the root, in POSIX form, and the
    file), in a stable order, walked as they are found rather than listed first."""
    for folder, subfolders, names in os.walk(root):
        subfolders.sort()
        for name in sorted(names):
            path = Path(folder, name)
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(root).as_posix(), path


def add_file(tar: tarfile.TarFile, path: Path, name: str) -> FileFacts | None:
    """Add the file as `name`, hashed as it is read; None when it was removed before it
    could be opened (an expired export, a kept upload let go)."""
    try:
        stream = path.open("rb")
    except FileNotFoundError:
        return None
    with stream:
        status = os.fstat(stream.fileno())
        info = tarfile.TarInfo(name)
        info.size = status.st_size
        info.mtime = int(status.st_mtime)
        info.mode = 0o600
        reader = HashingReader(stream)
        tar.addfile(info, reader)  # type: ignore[arg-type]
        return reader.facts()


def add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


@contextmanager
def temporary_folder() -> Iterator[Path]:
    """A folder for the service's user alone (0700), under TMPDIR, removed afterwards:
    the database's dump is written there unencrypted before it joins the archive, so it
    must be on the database's own machine, never in the backups' folder."""
    with tempfile.TemporaryDirectory(prefix="vss-backup-") as work:
        yield Path(work)


@contextmanager
def writing(stream: IO[bytes]) -> Iterator[tarfile.TarFile]:
    with tarfile.open(fileobj=stream, mode="w|", format=tarfile.PAX_FORMAT) as tar:
        yield tar


@dataclass(frozen=True)
class Staged:
    """An archive decrypted into a private folder, every digest checked."""

    manifest: Manifest
    database_file: Path
    media_root: Path


def place(root: Path, name: str) -> Path:
    """Where the archive's file `name` goes under `root`; refused unless the name is
    relative, written plainly and stays inside (an archive anyone with the public key
    could have made must not write elsewhere)."""
    path = PurePosixPath(name)
    if not name or path.is_absolute() or ".." in path.parts or path.as_posix() != name:
        raise BackupError(f"The archive holds a file outside its folder: {name!r}.")
    return root.joinpath(*path.parts)


def _extract(tar: tarfile.TarFile, member: tarfile.TarInfo, target: Path) -> FileFacts:
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    source = tar.extractfile(member)
    assert source is not None
    reader = HashingReader(source)
    with target.open("xb") as output:
        shutil.copyfileobj(reader, output, _CHUNK)  # type: ignore[misc]
    return reader.facts()


def _differences(manifest: Manifest, found: dict[str, FileFacts]) -> list[str]:
    problems = []
    expected = {manifest.database_name: manifest.database_file} | {
        MEDIA_PREFIX + name: facts for name, facts in manifest.media.items()
    }
    for name, facts in expected.items():
        if name not in found:
            problems.append(f"{name}: in the manifest, missing from the archive")
        elif found[name] != facts:
            problems.append(f"{name}: its content is not what the manifest says")
    problems += [f"{name}: in the archive, not in the manifest" for name in found.keys() - expected]
    return problems


@contextmanager
def staged(archive: Path, identity: Path) -> Iterator[Staged]:
    """The archive decrypted with `identity` into a temporary folder (mode 0700, under
    TMPDIR: it needs room for the whole backup), removed when the block ends."""
    with temporary_folder() as root:
        found: dict[str, FileFacts] = {}
        manifest_data = b""
        with (
            decrypting(archive, identity) as stream,
            tarfile.open(fileobj=stream, mode="r|") as tar,
        ):
            for member in tar:
                if not member.isfile():
                    raise BackupError(f"The archive holds {member.name!r}, not a file.")
                if member.name == MANIFEST_NAME:
                    source = tar.extractfile(member)
                    assert source is not None
                    manifest_data = source.read()
                elif member.name in found:
                    raise BackupError(f"The archive holds {member.name!r} twice.")
                else:
                    found[member.name] = _extract(tar, member, place(root, member.name))
        if not manifest_data:
            raise BackupError(f"{archive.name} has no manifest: it is not a whole VSS backup.")
        try:
            manifest = Manifest.from_json(manifest_data)
        except (ValueError, KeyError, TypeError) as error:
            raise BackupError(f"{archive.name}: its manifest cannot be read ({error}).") from error
        problems = _differences(manifest, found)
        if problems:
            raise BackupError(f"{archive.name} does not match its manifest: " + "; ".join(problems))
        yield Staged(
            manifest=manifest,
            database_file=root / manifest.database_name,
            media_root=root / MEDIA_PREFIX.rstrip("/"),
        )


def database_member(engine: str) -> str:
    return DATABASE_FILES[engine]

"""Encryption of a backup with age (https://age-encryption.org, Debian's `age`), run as a
process the archive streams through, so that a database of several gigabytes is never
held in memory.

age encrypts to public keys (recipients, `age1…`): the server that makes and keeps the
backups holds only those, and cannot read what it wrote. Reading an archive takes the
identity (the private key) the operator keeps elsewhere. age's format authenticates each
64 KiB chunk, so an archive altered by a single byte fails to decrypt."""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from .errors import BackupError

RECIPIENT_PREFIX = "age1"


def _age() -> str:
    found = shutil.which("age")
    if found is None:
        raise BackupError("age is not installed (Debian package 'age'; `make system-deps`).")
    return found


def recipients_from(values: Sequence[str]) -> list[str]:
    """The public keys named by `values`: each an `age1…` key, or the path of a file of
    them, one a line (`#` starts a comment), as `age-keygen -y` prints them."""
    keys: list[str] = []
    for value in (v.strip() for v in values):
        if not value:
            continue
        if value.startswith(RECIPIENT_PREFIX):
            keys.append(value)
            continue
        path = Path(value)
        if not path.is_file():
            raise BackupError(f"{value!r} is neither an age public key (age1…) nor a file.")
        for line in path.read_text().splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                if not line.startswith(RECIPIENT_PREFIX):
                    raise BackupError(f"{value}: {line[:20]!r}… is not an age public key.")
                keys.append(line)
    if not keys:
        raise BackupError(
            "No public key to encrypt to: give --recipient (age1…, or a file of them) or set "
            "VSS_BACKUP_RECIPIENTS."
        )
    return keys


def _failure(stderr: IO[bytes], what: str) -> BackupError:
    stderr.seek(0)
    said = stderr.read().decode(errors="replace").strip()
    return BackupError(f"{what}: {said or 'age failed'}")


@contextmanager
def encrypting(path: Path, recipients: Sequence[str]) -> Iterator[IO[bytes]]:
    """A stream whose bytes are written, encrypted to `recipients`, to `path`. The file
    appears under its name only once age has finished; until then it is `path.partial`,
    removed on any failure."""
    partial = path.with_name(path.name + ".partial")
    command = [_age(), "--encrypt", "--output", str(partial)]
    for key in recipients:
        command += ["--recipient", key]
    with tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stderr=stderr)
        assert process.stdin is not None
        try:
            yield process.stdin
            process.stdin.close()
        except BaseException:
            process.stdin.close()
            process.kill()
            process.wait()
            partial.unlink(missing_ok=True)
            raise
        if process.wait() != 0:
            partial.unlink(missing_ok=True)
            raise _failure(stderr, "Encrypting the backup failed")
    os.replace(partial, path)


@contextmanager
def decrypting(path: Path, identity: Path) -> Iterator[IO[bytes]]:
    """The decrypted bytes of the archive at `path`, read with the private key in the file
    `identity`. A wrong key, or an archive altered or cut short, raises BackupError with
    age's reason, whatever the reader made of the bytes that came before."""
    if not path.is_file():
        raise BackupError(f"{path}: no such archive.")
    if not identity.is_file():
        raise BackupError(f"{identity}: no such identity file.")
    command = [_age(), "--decrypt", "--identity", str(identity), str(path)]
    with tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr)
        assert process.stdout is not None
        try:
            yield process.stdout
        except (tarfile.TarError, EOFError, OSError) as error:
            # A tar cut short follows from what age refused (a wrong key, an altered
            # chunk): say that. A closed pipe stops an age still writing.
            process.stdout.close()
            if process.wait() != 0:
                raise _failure(stderr, f"{path.name} cannot be decrypted") from error
            raise BackupError(f"{path.name} is not a VSS backup ({error}).") from error
        except BaseException:
            # The reader gave up for its own reason (a digest that does not match): stop age.
            process.kill()
            process.wait()
            process.stdout.close()
            raise
        # Read to the end: age checks the last chunk's tag only once it has been read.
        while process.stdout.read(1 << 16):
            pass
        process.stdout.close()
        if process.wait() != 0:
            raise _failure(stderr, f"{path.name} cannot be decrypted")

"""Where uploaded spreadsheets are kept: beside the uploaded documents (VSS_MEDIA_ROOT),
which the web server never serves, in a folder for the service's user alone. A file is
stored under a random name; its digest is what the dry run and the import compare."""

import contextlib
import hashlib
import os
import secrets
from collections.abc import Iterable
from pathlib import Path

from django.core.files.storage import default_storage

FOLDER = "imports"


def import_path(file_name: str) -> Path:
    return Path(default_storage.path(f"{FOLDER}/{file_name}"))


def store(chunks: Iterable[bytes], suffix: str) -> tuple[str, int, str]:
    """Write the upload to a new private file: its name, size and SHA-256."""
    file_name = f"{secrets.token_hex(16)}.{suffix}"
    path = import_path(file_name)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        for chunk in chunks:
            digest.update(chunk)
            size += len(chunk)
            handle.write(chunk)
    return file_name, size, digest.hexdigest()


def digest_of(file_name: str) -> str:
    """The SHA-256 of the stored file as it is now ("" if it is gone)."""
    digest = hashlib.sha256()
    try:
        with open(import_path(file_name), "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except FileNotFoundError:
        return ""
    return digest.hexdigest()


def remove(file_name: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.remove(import_path(file_name))

"""Where export files are kept: beside the uploaded documents (VSS_MEDIA_ROOT), which
the web server never serves; only the download view, which checks who asks and audits,
reads them."""

import contextlib
import os
from pathlib import Path

from django.core.files.storage import default_storage

FOLDER = "exports"


def export_path(file_name: str) -> Path:
    return Path(default_storage.path(f"{FOLDER}/{file_name}"))


def prepared_path(file_name: str) -> Path:
    """The path a new file is written to, its folder made for the service's user alone."""
    path = export_path(file_name)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def remove(file_name: str) -> None:
    if file_name:
        with contextlib.suppress(FileNotFoundError):
            os.remove(export_path(file_name))

"""What a backup says of itself: written inside the archive (with every file's digest)
and beside it (without them, with the archive's own digest), so that the operator can
keep the second in their notes and a verification can compare the restored database with
both. It holds counts, names of tables and migrations, sizes and digests: no personal
data."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

FORMAT = 1
MANIFEST_NAME = "manifest.json"
MEDIA_PREFIX = "media/"
DATABASE_FILES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
_CHUNK = 1 << 20


@dataclass(frozen=True)
class DatabaseFacts:
    """What a database holds, as a backup and its verification compare it."""

    engine: str
    tables: dict[str, int]
    migrations: list[str]
    audit_entries: int
    audit_last_hash: str


@dataclass(frozen=True)
class FileFacts:
    size: int
    sha256: str


@dataclass
class Manifest:
    created_at: str
    vss_version: str
    database: DatabaseFacts
    database_file: FileFacts
    media: dict[str, FileFacts] = field(default_factory=dict)
    archive: FileFacts | None = None
    format: int = FORMAT

    @property
    def database_name(self) -> str:
        return DATABASE_FILES[self.database.engine]

    @property
    def media_bytes(self) -> int:
        return sum(item.size for item in self.media.values())

    def summary(self, *, archive: FileFacts) -> Manifest:
        """The manifest kept beside the archive: the archive's digest, and of the files
        their number alone (`to_json`)."""
        return Manifest(
            created_at=self.created_at,
            vss_version=self.vss_version,
            database=self.database,
            database_file=self.database_file,
            media=self.media,
            archive=archive,
        )

    def to_json(self) -> bytes:
        values = asdict(self)
        if self.archive is None:
            del values["archive"]
        else:
            values["media_files"] = len(self.media)
            del values["media"]
        return json.dumps(values, indent=2, sort_keys=True).encode()

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        values: dict[str, Any] = json.loads(data)
        if values.get("format") != FORMAT:
            raise ValueError(f"manifest format {values.get('format')!r}, expected {FORMAT}")
        archive = values.get("archive")
        return cls(
            created_at=values["created_at"],
            vss_version=values["vss_version"],
            database=DatabaseFacts(**values["database"]),
            database_file=FileFacts(**values["database_file"]),
            media={name: FileFacts(**item) for name, item in values.get("media", {}).items()},
            archive=FileFacts(**archive) if archive else None,
        )


class HashingReader:
    """A file read through, its bytes counted and hashed on the way (for tarfile, which
    reads a member's bytes from a file object)."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._digest = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self._stream.read(size)
        self._digest.update(chunk)
        self.size += len(chunk)
        return chunk

    def facts(self) -> FileFacts:
        return FileFacts(size=self.size, sha256=self._digest.hexdigest())


def file_facts(path: Path) -> FileFacts:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return FileFacts(size=size, sha256=digest.hexdigest())

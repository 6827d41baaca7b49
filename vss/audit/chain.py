"""The audit log as a hash chain: each entry keeps the hash of the entry before it and a
hash of its own content that covers that link, so an entry rewritten, removed or
inserted out of order breaks the chain at the first entry that no longer follows.

The content hash is the log's format: changing what it covers, or how, would make every
entry written before the change look rewritten. `entry_digest` is also what the
migration that sealed the entries written before the chain existed uses."""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connections, transaction
from django.utils import timezone

if TYPE_CHECKING:
    from .models import AuditEntry

GENESIS = "0" * 64

# The fields an entry's hash covers, beside the link to the entry before it: all it
# stores but its id (given by the database once the hash is made) and the hash itself.
CHAINED_FIELDS = (
    "at",
    "actor_id",
    "actor_username",
    "action",
    "object_type",
    "object_id",
    "object_label",
    "changes",
    "ip_address",
    "request_id",
    "client_request_id",
)

# The key of PostgreSQL's advisory lock that lets one transaction at a time extend the
# chain (an arbitrary number, the same for every process).
_CHAIN_LOCK = 7_220_417_003


def _canonical_time(value: datetime.datetime) -> str:
    # Both engines keep microseconds; the zone is normalised so the hash made before
    # the insert equals the one made from the row read back.
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _canonical_ip(value: str | None) -> str | None:
    return ipaddress.ip_address(value).compressed if value else None


def entry_digest(previous_hash: str, values: Mapping[str, Any]) -> str:
    """The hash of an entry whose fields are `values` (by the names of CHAINED_FIELDS)
    and which follows the entry whose hash is `previous_hash`."""
    content = {
        **{name: values[name] for name in CHAINED_FIELDS},
        "at": _canonical_time(values["at"]),
        "ip_address": _canonical_ip(values["ip_address"]),
        "previous_hash": previous_hash,
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _take_the_chain(using: str) -> None:
    """Make the caller's transaction the only one extending the chain until it ends.

    PostgreSQL: an advisory lock held to the end of the transaction, so a concurrent
    writer reads the head only once this one's entries are committed. SQLite: the
    transactions are IMMEDIATE (settings), so a writing transaction already holds the
    database's one write lock from its start."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])


def seal(entries: list[AuditEntry], *, using: str) -> None:
    """Time and chain entries about to be inserted, in their order. The caller inserts
    them in the same transaction, which must be open (see `_take_the_chain`)."""
    from .models import AuditEntry

    if not transaction.get_connection(using).in_atomic_block:
        raise transaction.TransactionManagementError("Audit entries are chained in a transaction.")
    _take_the_chain(using)
    head = (
        AuditEntry.objects.using(using).order_by("-id").values_list("entry_hash", flat=True).first()
    )
    previous = head or GENESIS
    # The log takes its time from the clock, under the lock, never from the caller: the
    # times follow the chain.
    at = timezone.now()
    for entry in entries:
        entry.at = at
        entry.previous_hash = previous
        entry.entry_hash = entry_digest(
            previous, {name: getattr(entry, name) for name in CHAINED_FIELDS}
        )
        previous = entry.entry_hash


@dataclass(frozen=True)
class Break:
    entry_id: int
    reason: str

    def __str__(self) -> str:
        return f"Audit entry {self.entry_id}: {self.reason}"


def _rows(using: str) -> Iterator[dict[str, Any]]:
    from .models import AuditEntry

    fields = ("id", "previous_hash", "entry_hash", *CHAINED_FIELDS)
    return AuditEntry.objects.using(using).order_by("id").values(*fields).iterator(2000)


def first_break(
    rows: Iterable[dict[str, Any]] | None = None, *, using: str = "default"
) -> Break | None:
    """The first entry, in the order they were written, that does not follow the entry
    before it or whose content is not what its hash says; None when the chain holds."""
    previous = GENESIS
    for row in _rows(using) if rows is None else rows:
        if row["previous_hash"] != previous:
            return Break(
                row["id"],
                "does not follow the entry before it "
                "(an entry was removed before it, or it was inserted out of order)",
            )
        if entry_digest(row["previous_hash"], row) != row["entry_hash"]:
            return Break(row["id"], "its content does not match its hash (it was rewritten)")
        previous = row["entry_hash"]
    return None


def chain_head(using: str = "default") -> tuple[int, str]:
    """How many entries the chain holds and the hash of the last one."""
    from .models import AuditEntry

    entries = AuditEntry.objects.using(using)
    return entries.count(), entries.order_by("-id").values_list(
        "entry_hash", flat=True
    ).first() or GENESIS

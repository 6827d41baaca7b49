"""Bulk writing of generated rows, with ids chosen by the generator.

The generator builds plain tuples, in the column order given here, and hands them over in
batches: on PostgreSQL they are streamed with COPY (psycopg's `cursor.copy`), elsewhere
inserted with one `executemany` per table and batch. Rows carry their own ids, taken from a
block reserved above everything already in the table, so that rows of one batch can point
at each other without a round trip; the sequences are moved past the block at the end.

Why not `bulk_create`: it stamps `auto_now_add` fields with the current time, while the
generated history needs its own dates (a form received in 2009 was created in 2009), and
at a million applicants the model instances alone cost more than the database.
"""

from __future__ import annotations

import datetime
import itertools
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.management.color import no_style
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.fields import NOT_PROVIDED


class ModelChanged(Exception):
    """The model has a column the generator does not fill and the database cannot default."""


@dataclass
class Table:
    model: type[models.Model]
    columns: tuple[str, ...]
    first_id: int = 1
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    written: int = 0

    def __post_init__(self) -> None:
        self.new_id: Callable[[], int] = itertools.count(self.first_id).__next__

    @property
    def name(self) -> str:
        return self.model._meta.db_table


def check_columns(model: type[models.Model], columns: Sequence[str]) -> None:
    """Fail early, with a useful message, if the model gained or lost columns."""
    concrete = {f.column: f for f in model._meta.concrete_fields}
    unknown = [c for c in columns if c not in concrete]
    if unknown:
        raise ModelChanged(f"{model._meta.label}: no column {', '.join(unknown)}")
    for column, f in concrete.items():
        if (
            column in columns
            or f.null
            or getattr(f, "db_default", NOT_PROVIDED) is not NOT_PROVIDED
        ):
            continue
        raise ModelChanged(
            f"{model._meta.label}.{f.name} is new and has no database default: teach "
            "the demo step that writes the table to fill it."
        )


def _adapter(connection: BaseDatabaseWrapper, f: models.Field) -> Callable[[Any], Any] | None:
    ops = connection.ops
    if isinstance(f, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(f, models.DateField):
        return ops.adapt_datefield_value
    return None


class Writer:
    """Collects rows per table and flushes them, in the order the tables were declared
    (parents before children, so that each statement's foreign keys already exist).

    Dates and times reach it as numbers, cheap to compute with: a day is its ordinal
    (`date.toordinal()`), a moment the minutes since day 0 in the zone `offset` minutes
    east of UTC. `day()` and `moment()` turn them into what the database takes: text for
    PostgreSQL (COPY parses it much faster than psycopg formats date objects) and SQLite
    (which stores text, UTC, as Django does), Python objects elsewhere."""

    def __init__(
        self, connection: BaseDatabaseWrapper, offset: int, use_copy: bool | None = None
    ) -> None:
        self.connection = connection
        self.vendor = connection.vendor
        self.use_copy = self.vendor == "postgresql" if use_copy is None else use_copy
        self.tables: list[Table] = []
        self.offset = offset
        self._days: dict[int, str] = {}
        sign = "+" if offset >= 0 else "-"
        self._suffix = f"{sign}{abs(offset) // 60:02d}:{abs(offset) % 60:02d}"
        self._zone = datetime.timezone(datetime.timedelta(minutes=offset))
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def day(self, ordinal: int) -> Any:
        text = self._days.get(ordinal)
        if text is None:
            text = self._days[ordinal] = datetime.date.fromordinal(ordinal).isoformat()
        if self.vendor in ("postgresql", "sqlite"):
            return text
        return datetime.date.fromordinal(ordinal)

    def moment(self, minutes: int) -> Any:
        if self.vendor == "postgresql":
            day, minute = divmod(minutes, 1440)
            return f"{self.day(day)} {minute // 60:02d}:{minute % 60:02d}:00{self._suffix}"
        if self.vendor == "sqlite":
            day, minute = divmod(minutes - self.offset, 1440)
            return f"{self.day(day)} {minute // 60:02d}:{minute % 60:02d}:00"
        day, minute = divmod(minutes, 1440)
        return datetime.datetime.combine(
            datetime.date.fromordinal(day),
            datetime.time(minute // 60, minute % 60),
            tzinfo=self._zone,
        )

    def table(self, model: type[models.Model], columns: Sequence[str]) -> Table:
        check_columns(model, columns)
        table = Table(model, tuple(columns), first_id=self._first_free_id(model))
        self.tables.append(table)
        return table

    def _first_free_id(self, model: type[models.Model]) -> int:
        name = self.connection.ops.quote_name(model._meta.db_table)
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX(id) FROM {name}")
            highest = cursor.fetchone()[0] or 0
            if self.connection.vendor == "postgresql":
                # Never hand out an id the sequence gave before (to a row since deleted).
                cursor.execute(
                    "SELECT last_value, is_called FROM "
                    f"{self._sequence(cursor, model._meta.db_table)}"
                )
                last, called = cursor.fetchone()
                highest = max(highest, last if called else last - 1)
            elif self.connection.vendor == "sqlite":
                cursor.execute(
                    "SELECT seq FROM sqlite_sequence WHERE name = %s", [model._meta.db_table]
                )
                row = cursor.fetchone()
                highest = max(highest, row[0] if row else 0)
        return highest + 1

    @staticmethod
    def _sequence(cursor: Any, table: str) -> str:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        return str(cursor.fetchone()[0])

    def flush(self) -> int:
        written = 0
        batch: list[tuple[Table, list[tuple[Any, ...]]]] = []
        for table in self.tables:
            if table.rows:
                batch.append((table, table.rows))
                written += len(table.rows)
                table.written += len(table.rows)
                table.rows = []
        if not self.use_copy:
            for table, rows in batch:
                self._insert(table, rows)
        else:
            # COPY runs in a thread while the next batch is built: the server parses and
            # stores one batch as Python builds the next (psycopg's connection is
            # thread-safe; this thread does not touch it until `finish`).
            self.finish()
            q = self.connection.ops.quote_name
            statements = [
                (f"COPY {q(t.name)} ({', '.join(q(c) for c in t.columns)}) FROM STDIN", rows)
                for t, rows in batch
            ]
            # `django.db.connection` is per thread: hand the thread psycopg's connection.
            raw = self.connection.connection
            self._thread = threading.Thread(target=self._copy_batch, args=(raw, statements))
            self._thread.start()
        return written

    def finish(self) -> None:
        """Wait for the COPY under way, and raise its error if it failed."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def _copy_batch(self, raw: Any, statements: list[tuple[str, list[tuple[Any, ...]]]]) -> None:
        try:
            with raw.cursor() as cursor:
                for sql, rows in statements:
                    with cursor.copy(sql) as copy:
                        for row in rows:
                            copy.write_row(row)
        except BaseException as error:  # handed to the main thread by finish()
            self._error = error

    def _insert(self, table: Table, rows: list[Any]) -> None:
        q = self.connection.ops.quote_name
        fields = {f.column: f for f in table.model._meta.concrete_fields}
        adapters = [(i, _adapter(self.connection, fields[c])) for i, c in enumerate(table.columns)]
        # Dates and times arrive as text on PostgreSQL and SQLite, as objects elsewhere.
        adapting = [(i, a) for i, a in adapters if a is not None]
        if self.vendor in ("postgresql", "sqlite"):
            adapting = []
        if adapting:
            rows, original = [], rows
            for row in original:
                values = list(row)
                for i, adapt in adapting:
                    if values[i] is not None:
                        values[i] = adapt(values[i])
                rows.append(values)
        placeholders = ", ".join(["%s"] * len(table.columns))
        sql = (
            f"INSERT INTO {q(table.name)} ({', '.join(q(c) for c in table.columns)}) "
            f"VALUES ({placeholders})"
        )
        with self.connection.cursor() as cursor:
            cursor.executemany(sql, rows)

    def suspend_checks(self) -> list[str]:
        """PostgreSQL: drop the foreign keys and the plain (non-unique) indexes of the
        tables about to be loaded; `restore_checks` puts them back, checking every row
        at once (a join per key) and building each index in one sort.

        Kept row by row, they cost more than everything else together: a foreign key is
        a query per row (about 5 million of them at a million applicants), an index an
        insertion per row. This is the bulk-loading advice of the PostgreSQL manual
        ("Populating a Database"). Primary keys, unique and check constraints stay, and
        the definitions are read back from the catalogue, so everything returns exactly
        as the migrations made it. The tables stay locked until the transaction ends.
        Returns the statements that restore what was dropped."""
        if self.vendor != "postgresql":
            return []
        tables = [[t.name for t in self.tables]]
        q = self.connection.ops.quote_name
        with self.connection.cursor() as cursor:
            # Run the checks still pending in this transaction (the demo accounts' ones):
            # ALTER TABLE refuses a table with pending trigger events.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) "
                "ORDER BY 1, 2",
                tables,
            )
            keys = cursor.fetchall()
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
                "FROM pg_index i WHERE i.indrelid = ANY(%s::regclass[]) "
                "AND NOT i.indisprimary AND NOT i.indisunique "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
                "ORDER BY 1",
                tables,
            )
            indexes = cursor.fetchall()
            for table, name, _ in keys:
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {q(name)}")
            for name, _ in indexes:
                cursor.execute(f"DROP INDEX {name}")
        return [definition for _, definition in indexes] + [
            f"ALTER TABLE {table} ADD CONSTRAINT {q(name)} {definition}"
            for table, name, definition in keys
        ]

    def restore_checks(self, statements: list[str]) -> None:
        self.finish()
        with self.connection.cursor() as cursor:
            # Index builds sort in memory up to this much (this transaction only).
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for sql in statements:
                cursor.execute(sql)

    def analyze(self) -> None:
        """PostgreSQL: fresh statistics for the tables just loaded, so that the planner
        knows their size before autovacuum gets round to it."""
        if self.vendor != "postgresql":
            return
        with self.connection.cursor() as cursor:
            for table in self.tables:
                cursor.execute(f"ANALYZE {self.connection.ops.quote_name(table.name)}")

    def reset_sequences(self) -> None:
        """Move each table's id sequence past the ids written (PostgreSQL; SQLite's
        AUTOINCREMENT follows explicit ids by itself)."""
        self.finish()
        statements = self.connection.ops.sequence_reset_sql(
            no_style(), [t.model for t in self.tables if t.written]
        )
        with self.connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

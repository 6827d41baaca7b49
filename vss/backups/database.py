"""The database's part of a backup, with the engine's own tools: pg_dump and pg_restore
(custom format) on PostgreSQL, SQLite's online backup API on SQLite. Never a dump format
of VSS's own.

The facts a backup records (each table's rows, the migrations applied, the audit chain's
head) are read from the very state that is dumped: on PostgreSQL in the transaction whose
snapshot pg_dump is given, on SQLite from the copy."""

from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.db import connections, transaction
from django.db.utils import load_backend

from vss.audit.chain import chain_head

from .errors import BackupError
from .manifest import DATABASE_FILES, DatabaseFacts

# libpq reads these from the environment: the password never appears in a command line.
_PG_SETTINGS = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD"}
_PG_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}


def engine_of(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"Backups know PostgreSQL and SQLite, not {vendor}.")
    return vendor


def table_names(using: str) -> list[str]:
    connection = connections[using]
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def database_facts(using: str) -> DatabaseFacts:
    """Every table's rows, the migrations applied and the audit chain's head, as
    `manage.py verify_audit` prints it. Inside a transaction, as of its snapshot."""
    connection = connections[using]
    tables = table_names(using)
    counts: dict[str, int] = {}
    migrations: list[str] = []
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = int(cursor.fetchone()[0])
        if "django_migrations" in counts:
            cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
            migrations = [f"{app}.{name}" for app, name in cursor.fetchall()]
    entries, last_hash = chain_head(using)
    return DatabaseFacts(
        engine=engine_of(using),
        tables=counts,
        migrations=migrations,
        audit_entries=entries,
        audit_last_hash=last_hash,
    )


def _pg_environment(settings_dict: Mapping[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, variable in _PG_SETTINGS.items():
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    for key, variable in _PG_OPTIONS.items():
        if settings_dict.get("OPTIONS", {}).get(key):
            env[variable] = str(settings_dict["OPTIONS"][key])
    return env


def _run(command: Sequence[str], settings_dict: Mapping[str, Any]) -> None:
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(
            f"{command[0]} is not installed (Debian package 'postgresql-client'; "
            "`make system-deps`)."
        )
    done = subprocess.run(
        [program, *command[1:]],
        env=_pg_environment(settings_dict),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        said = done.stderr.decode(errors="replace").strip()
        raise BackupError(f"{command[0]} failed: {said}")


def dump(using: str, target: Path) -> DatabaseFacts:
    """Write the database to `target` in the engine's own format and return what it
    holds, as of the moment it was copied."""
    if engine_of(using) == "postgresql":
        return _dump_postgresql(using, target)
    return _dump_sqlite(using, target)


def _dump_postgresql(using: str, target: Path) -> DatabaseFacts:
    connection = connections[using]
    # pg_dump takes the snapshot this transaction exports, so the counts and the audit
    # chain's head below describe exactly the rows it writes, while the service runs on.
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-password",
                f"--snapshot={snapshot}",
                f"--file={target}",
                f"--dbname={connection.settings_dict['NAME']}",
            ],
            connection.settings_dict,
        )
        return database_facts(using)


def _dump_sqlite(using: str, target: Path) -> DatabaseFacts:
    connection = connections[using]
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        # The online backup API copies a consistent state of the database, page by page,
        # while other connections go on writing.
        connection.connection.backup(copy)
    finally:
        copy.close()
    with registered(_sqlite_settings(using, target)) as alias:
        return database_facts(alias)


def load(source: Path, using: str, *, replace: bool) -> None:
    """Restore the dump `source` into the database `using`. PostgreSQL: in one
    transaction, as the role that owns the schema (the audit log's triggers and tables
    are dropped and made again only by their owner); with `replace`, what the database
    already holds is dropped first. SQLite: the file's whole content is replaced."""
    connection = connections[using]
    connection.close()
    if engine_of(using) == "postgresql":
        _pg_restore(source, connection.settings_dict, replace=replace)
        return
    connection.ensure_connection()
    backup = sqlite3.connect(source)
    try:
        backup.backup(connection.connection)
    finally:
        backup.close()
    connection.close()


def _pg_restore(source: Path, settings_dict: Mapping[str, Any], *, replace: bool) -> None:
    command = [
        "pg_restore",
        "--no-password",
        "--exit-on-error",
        "--single-transaction",
        # The objects belong to the role that restores them (the owner role of
        # docs/deployment.md), whatever role owned them where the dump was made.
        "--no-owner",
        f"--dbname={settings_dict['NAME']}",
    ]
    if replace:
        command += ["--clean", "--if-exists"]
    _run([*command, str(source)], settings_dict)


def _sqlite_settings(using: str, path: Path) -> dict[str, Any]:
    # Read as it is: the service's options (WAL, IMMEDIATE) would write to the copy. The
    # configured database may be PostgreSQL, where a SQLite backup is verified.
    return {
        **connections[using].settings_dict,
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {},
        **dict.fromkeys(("HOST", "PORT", "USER", "PASSWORD"), ""),
    }


@contextmanager
def registered(settings_dict: dict[str, Any]) -> Iterator[str]:
    """A connection to another database, under an alias of its own for the duration of
    the block, for the ORM and the audit chain's functions to read it with. It is added
    to the connections alone, not to the settings: nothing else learns of it."""
    alias = f"vss_backup_{secrets.token_hex(4)}"
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)
    connections[alias] = wrapper
    try:
        yield alias
    finally:
        wrapper.close()
        del connections[alias]


@contextmanager
def scratch(using: str, engine: str, source: Path) -> Iterator[str]:
    """The dump `source` restored into a database of its own, dropped afterwards: a
    temporary file beside it for SQLite, a new database on the server of `using` for
    PostgreSQL (its role needs the right to create databases)."""
    if engine == "sqlite":
        with registered(_sqlite_settings(using, source)) as alias:
            yield alias
        return
    if engine_of(using) != "postgresql":
        raise BackupError(
            "A PostgreSQL backup is verified on a PostgreSQL server: set DATABASE_URL to one."
        )
    settings_dict = connections[using].settings_dict
    name = f"vss_verify_{secrets.token_hex(6)}"
    _run(["createdb", "--no-password", "--template=template0", name], settings_dict)
    try:
        _pg_restore(source, {**settings_dict, "NAME": name}, replace=False)
        with registered({**settings_dict, "NAME": name}) as alias:
            yield alias
    finally:
        _run(["dropdb", "--no-password", "--if-exists", name], settings_dict)

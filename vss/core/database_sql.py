"""SQL that a migration writes for each database engine the project runs on (triggers,
functions): PostgreSQL's as one script, SQLite's as statements, since its driver runs
one statement at a time."""

from collections.abc import Sequence
from typing import Any


def run_for_engine(connection: Any, *, postgresql: str, sqlite: Sequence[str]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(postgresql)
        elif connection.vendor == "sqlite":
            for statement in sqlite:
                cursor.execute(statement)

"""What tests read of the database itself, beside its tables."""

from django.db import connection


def trigger_names() -> set[str]:
    """The triggers the migrations made (PostgreSQL's own, for constraints, left out)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {name for (name,) in cursor.fetchall()}

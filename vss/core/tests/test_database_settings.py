import pytest
from django.db import connection


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("setting", "value"),
    [
        # JIT compiles a costly plan for 100 to 400 ms before it runs.
        ("jit", "off"),
        # Parallel workers cost a page's query about 5 ms to start, and cores under load.
        ("max_parallel_workers_per_gather", "0"),
    ],
)
def test_postgresql_connections_plan_for_pages(setting: str, value: str) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {setting}")
        assert cursor.fetchone() == (value,)

import pytest
from django.db import connection


@pytest.mark.django_db
def test_postgresql_connections_plan_without_jit():
    if connection.vendor != "postgresql":
        pytest.skip("JIT is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


@pytest.mark.django_db
def test_postgresql_connections_start_no_parallel_workers_unless_told():
    if connection.vendor != "postgresql":
        pytest.skip("parallel workers are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone() == ("0",)

"""The API against its own OpenAPI schema, with schemathesis: every operation, with data
drawn from the schema (and data that breaks it), as the Chief and as a role with few
rights; no answer is a server error, none falls outside the schema, and every status is
one the schema names. The draws are fixed (derandomised) and few, to keep the suite
quick; the records of `world` give the ids something to find."""

from collections.abc import Iterator
from contextlib import contextmanager

import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from vss.testing.api import api_token, bearer
from vss.testing.clients import authenticator

from .world import world

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]


SETTINGS = settings(
    max_examples=8,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@contextmanager
def connection_kept() -> Iterator[None]:
    """Django's test client keeps the test's database connection (and its transaction)
    across requests by leaving out the receivers that close it at a request's start and
    end; the WSGI application schemathesis calls is kept the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_every_operation_keeps_to_the_schema(db, chief, intermediary, lawyer, partner, donor):
    world(chief=chief, intermediary=intermediary, lawyer=lawyer, partner=partner, donor=donor)
    tokens = []
    for user in (chief, partner):
        authenticator(user)
        tokens.append(bearer(api_token(user)))
    with connection_kept():
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 14
        for operation in operations:

            @SETTINGS
            @given(case=operation.as_strategy())
            def keeps_to_the_schema(case) -> None:
                for headers in tokens:
                    case.call_and_validate(headers=headers, checks=CHECKS)

            keeps_to_the_schema()

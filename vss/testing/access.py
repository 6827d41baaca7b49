"""The access matrix: for each URL, the status each persona gets from it.

Every access test writes its expectations in one shape, an AccessMatrix of rows
`url name -> persona -> status`, and asks the pages with `answers`, which returns the
statuses met in the same shape, so that a test reads `assert answers(...) == MATRIX`
and a failure shows the cells that differ. A row may name one URL twice, with a
qualifier in brackets ("people:detail (relative)"), when it is asked for two kinds of
record. vss/testing/tests/test_every_url.py fails when a URL of the project has no row
for every persona.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from .clients import signed_in

Statuses = dict[str, int]


class AccessMatrix(dict[str, Statuses]):
    """url name (with an optional qualifier) -> persona fixture name -> status."""


def url_name(row: str) -> str:
    """The URL name a row is about, without its qualifier."""
    return row.split(" (", 1)[0]


def answers(
    request: pytest.FixtureRequest,
    matrix: AccessMatrix,
    url: Callable[[str], str],
    *,
    method: str = "get",
    data: Callable[[str, str], dict[str, object]] | None = None,
    before_each: Callable[[], None] | None = None,
) -> dict[str, Statuses]:
    """Ask each row's URL as each persona of the row and return the statuses met.

    `url(row)` builds the URL for a row; it is called for every attempt, so that an
    attempt may get a record of its own. `data(row, url)` is the body of a POST.
    `before_each` puts back what a successful attempt changed."""
    clients: dict[str, Client] = {}
    met: dict[str, Statuses] = {}
    for row, expected in matrix.items():
        met[row] = {}
        for persona in expected:
            if before_each is not None:
                before_each()
            if persona not in clients:
                clients[persona] = signed_in(request, persona)
            target = url(row)
            body = data(row, target) if data is not None else {}
            response = getattr(clients[persona], method)(target, body)
            met[row][persona] = response.status_code
    return met


@dataclass(frozen=True)
class Route:
    name: str  # with its namespace, as reverse() takes it
    pattern: URLPattern
    arguments: tuple[str, ...]  # the names of the values the path takes


def routes() -> Iterator[Route]:
    """Every named URL pattern of the project."""
    yield from _walk(get_resolver(), namespace=None, arguments=())


def _walk(
    resolver: URLResolver, namespace: str | None, arguments: tuple[str, ...]
) -> Iterator[Route]:
    for entry in resolver.url_patterns:
        inner_arguments = (*arguments, *entry.pattern.converters)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry, inner, inner_arguments)
        elif entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield Route(name=name, pattern=entry, arguments=inner_arguments)

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
from importlib import import_module
from importlib.util import find_spec
from pkgutil import iter_modules

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .clients import signed_in

Statuses = dict[str, int]


class AccessMatrix(dict[str, Statuses]):
    """url name (with an optional qualifier) -> persona fixture name -> status."""


def url_name(row: str) -> str:
    """The URL name a row is about, without its qualifier."""
    return row.split(" (", 1)[0]


@dataclass(frozen=True)
class Attempt:
    """One persona asking one row's URL."""

    row: str
    persona: str
    url: str


def answers(
    request: pytest.FixtureRequest,
    matrix: AccessMatrix,
    url: Callable[[str], str],
    *,
    method: str = "get",
    data: Callable[["Attempt"], dict[str, object]] | None = None,
    before_each: Callable[[], None] | None = None,
) -> dict[str, Statuses]:
    """Ask each row's URL as each persona of the row and return the statuses met.

    `url(row)` builds the URL for a row; it is called for every attempt, so that an
    attempt may get a record of its own. `data(attempt)` is the body of a POST.
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
            attempt = Attempt(row=row, persona=persona, url=url(row))
            body = data(attempt) if data is not None else {}
            response = getattr(clients[persona], method)(attempt.url, body)
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


def allowed_methods(client: Client, url: str) -> set[str]:
    """The methods the view behind `url` accepts, as it declares them (the Allow header
    of its answer to OPTIONS), without HEAD and OPTIONS, which every view may answer."""
    declared = client.options(url).get("Allow", "")
    return {method.strip() for method in declared.split(",") if method.strip()} - {
        "HEAD",
        "OPTIONS",
    }


def example_url(route: Route, value: int = 999_999) -> str:
    """The route's URL with `value` for each of its arguments: a record that does not
    exist, enough for what is checked before a record is looked for."""
    return reverse(route.name, kwargs=dict.fromkeys(route.arguments, value))


def _access_test_modules(app_name: str) -> list[str]:
    """An app's access tests: `<app>.tests.test_views_access`, and for an app whose
    areas each test their own pages, `<app>.tests.test_<area>_access`."""
    try:
        spec = find_spec(f"{app_name}.tests")
    except ModuleNotFoundError:  # the app is a module of a package without tests
        spec = None
    if spec is None or not spec.submodule_search_locations:
        return []
    return sorted(
        f"{app_name}.tests.{module.name}"
        for module in iter_modules(spec.submodule_search_locations)
        if module.name == "test_views_access"
        or (module.name.startswith("test_") and module.name.endswith("_access"))
    )


def access_matrices() -> list[AccessMatrix]:
    """Every AccessMatrix of the apps' access tests (see `_access_test_modules`)."""
    matrices = []
    for app in apps.get_app_configs():
        for name in _access_test_modules(app.name):
            module = import_module(name)
            matrices += [
                value for value in vars(module).values() if isinstance(value, AccessMatrix)
            ]
    return matrices


def personas_by_url(matrices: list[AccessMatrix]) -> dict[str, set[str]]:
    """For each URL name, the personas some matrix gives a row for it."""
    covered: dict[str, set[str]] = {}
    for matrix in matrices:
        for row, statuses in matrix.items():
            covered.setdefault(url_name(row), set()).update(statuses)
    return covered

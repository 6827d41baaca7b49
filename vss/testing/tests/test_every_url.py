"""Checks generated over every URL of the project, so that a new view is held to them
without anyone listing it: each URL has a row for every persona in some access matrix,
a state-changing URL refuses GET (405) and a POST without the CSRF token (403)."""

import pytest
from django.test import Client
from django.urls import reverse

from vss.testing.access import (
    AccessMatrix,
    access_matrices,
    allowed_methods,
    example_url,
    personas_by_url,
    routes,
    url_name,
)
from vss.testing.api import api_client
from vss.testing.clients import signed_in
from vss.testing.outsiders import OUT_OF_SCOPE, SCOPED, Outsiders, out_of_scope_status, outsiders
from vss.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

# The page Django shows for a refused CSRF token (vss/templates/403_csrf.html), told apart
# from a refusal by right.
CSRF_FAILURE = b'data-refusal="csrf"'


def test_every_url_has_a_row_for_every_persona_in_an_access_matrix():
    covered = personas_by_url(access_matrices())
    missing = {
        route.name: sorted(set(PERSONAS) - covered.get(route.name, set()))
        for route in routes()
        if not set(PERSONAS) <= covered.get(route.name, set())
    }
    assert missing == {}


def test_every_row_of_an_access_matrix_is_about_a_url_of_the_project():
    """A row for a URL renamed or gone would still pass, asking nothing."""
    names = {route.name for route in routes()}
    assert set(personas_by_url(access_matrices())) - names == set()


@pytest.fixture
def urls_by_methods(chief) -> dict[str, set[str]]:
    client = Client()
    client.force_login(chief)
    return {example_url(route): allowed_methods(client, example_url(route)) for route in routes()}


def test_the_project_has_post_only_urls_to_check(urls_by_methods):
    """The checks below would pass on nothing if no view declared its methods."""
    post_only = [url for url, methods in urls_by_methods.items() if methods == {"POST"}]
    assert len(post_only) > 20


def test_each_post_only_url_refuses_get(chief, urls_by_methods):
    client = Client()
    client.force_login(chief)
    post_only = [url for url, methods in urls_by_methods.items() if methods == {"POST"}]
    assert {url: client.get(url).status_code for url in post_only} == dict.fromkeys(post_only, 405)


# Posted by a provider's server, not a browser: no CSRF token, a secret of their own
# instead, without which they refuse the post (403) all the same.
AUTHENTICATED_OTHERWISE = {"outreach:email_tracking", "outreach:sms_report"}
# The API takes a token and no session: a browser's cookie alone, and so a forged
# cross-site post, is not signed in there (401), CSRF token or not.
TOKEN_AUTHENTICATED = "api:"


def test_each_url_that_takes_a_post_refuses_one_without_the_csrf_token(chief, urls_by_methods):
    client = Client(enforce_csrf_checks=True)
    client.force_login(chief)
    otherwise = {example_url(route) for route in routes() if route.name in AUTHENTICATED_OTHERWISE}
    by_token = {
        example_url(route) for route in routes() if route.name.startswith(TOKEN_AUTHENTICATED)
    }
    posted = [url for url, methods in urls_by_methods.items() if "POST" in methods]
    refused = {}
    for url in posted:
        response = client.post(url, {})
        if url in by_token:
            refused[url] = response.status_code == 401
            continue
        refused[url] = response.status_code == 403 and (
            url in otherwise or CSRF_FAILURE in response.content
        )
    assert refused == dict.fromkeys(posted, True)


def test_every_url_with_a_record_names_one_out_of_every_scope():
    """Each row of a matrix is asked again with a record outside the persona's scope
    (below): a URL that takes a record needs one in vss.testing.outsiders."""
    taking_records = {route.name for route in routes() if route.arguments}
    assert taking_records - set(OUT_OF_SCOPE) == set()
    assert set(OUT_OF_SCOPE) - taking_records == set()


def _refused_by_right(matrices: list[AccessMatrix]) -> dict[tuple[str, str], bool]:
    """(URL name, persona) -> whether every row of the URL refuses the persona by right
    (403) or by method (405), whatever the record."""
    refused: dict[tuple[str, str], bool] = {}
    for matrix in matrices:
        for row, statuses in matrix.items():
            for persona, status in statuses.items():
                key = (url_name(row), persona)
                refused[key] = refused.get(key, True) and status in (403, 405)
    return refused


@pytest.fixture
def strangers(chief, other_intermediary, other_partner) -> Outsiders:
    return outsiders(
        other_intermediary=other_intermediary, other_partner=other_partner, chief=chief
    )


@pytest.mark.parametrize("persona", SCOPED)
def test_a_record_outside_the_personas_scope_is_not_found(request, chief, strangers, persona):
    """What each matrix row says of a record in scope, the same URL says of one outside
    the persona's scope: not found (404) where the persona could be shown one, and the
    same refusal (403) where its role may not ask for any."""
    refused = _refused_by_right(access_matrices())
    options = Client()
    options.force_login(chief)
    client = signed_in(request, persona)
    # The API is asked as it is called: with the persona's token.
    token_client = api_client(request, persona)
    met, expected = {}, {}
    for route in routes():
        if not route.arguments:
            continue
        url = reverse(
            route.name, kwargs=dict.fromkeys(route.arguments, OUT_OF_SCOPE[route.name](strangers))
        )
        method = "get" if "GET" in allowed_methods(options, url) else "post"
        asking = token_client if route.name.startswith(TOKEN_AUTHENTICATED) else client
        status = getattr(asking, method)(url).status_code
        by_right = refused.get((route.name, persona), False)
        # A role refused by right may as well be told the record is not there: it
        # learns nothing more either way.
        met[route.name] = 403 if by_right and status == 404 else status
        expected[route.name] = out_of_scope_status(403 if by_right else 200)
    assert met == expected

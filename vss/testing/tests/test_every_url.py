"""Checks generated over every URL of the project, so that a new view is held to them
without anyone listing it: each URL has a row for every persona in some access matrix,
a state-changing URL refuses GET (405) and a POST without the CSRF token (403)."""

import pytest
from django.test import Client

from vss.testing.access import (
    access_matrices,
    allowed_methods,
    example_url,
    personas_by_url,
    routes,
)
from vss.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

CSRF_FAILURE = b"CSRF verification failed"


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


def test_each_url_that_takes_a_post_refuses_one_without_the_csrf_token(chief, urls_by_methods):
    client = Client(enforce_csrf_checks=True)
    client.force_login(chief)
    posted = [url for url, methods in urls_by_methods.items() if "POST" in methods]
    refused = {}
    for url in posted:
        response = client.post(url, {})
        refused[url] = response.status_code == 403 and CSRF_FAILURE in response.content
    assert refused == dict.fromkeys(posted, True)

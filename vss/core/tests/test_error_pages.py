"""The refusals and failures a user may meet are the project's pages, in the user's
language: 403 (a missing right), 404 (a missing record or one outside the user's scope),
500, and a form sent with an expired security token; and `make run` shows them rather than
Django's debug pages."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from vss.testing.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


def _khmer(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    return client


def _in_khmer(text: str) -> str:
    with translation.override("km"):
        return translation.gettext(text)


def test_a_record_outside_the_scope_is_the_projects_404_page_in_khmer(client, intermediary) -> None:
    other = ApplicationFactory.create()  # entered by no organisation of the intermediary's
    client.force_login(intermediary)
    response = _khmer(client).get(reverse("applications:detail", args=[other.pk]))
    assert response.status_code == 404
    html = response.content.decode()
    assert _in_khmer("Page not found") in html
    assert 'lang="km"' in html
    assert 'class="topbar"' in html  # the project's page, with its menu
    assert "Page not found" not in html


def test_a_missing_right_is_the_projects_403_page_in_khmer(client, intake) -> None:
    client.force_login(intake)
    response = _khmer(client).get(reverse("accounts:users"))
    assert response.status_code == 403
    html = response.content.decode()
    assert _in_khmer("Not allowed") in html
    assert "Not allowed" not in html


def test_a_server_error_page_needs_no_context_and_speaks_the_users_language() -> None:
    request = RequestFactory().get("/")
    with translation.override("fr"):
        response = server_error(request)
        expected = translation.gettext("Server error")
    assert response.status_code == 500
    html = response.content.decode()
    assert expected in html and expected != "Server error"
    assert "vss/css/app.css" in html


def test_an_expired_form_token_is_explained_in_khmer(intake) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(intake)
    response = _khmer(client).post(reverse("accounts:logout"))
    assert response.status_code == 403
    assert _in_khmer("Form expired") in response.content.decode()


def test_make_run_settings_show_the_projects_error_pages() -> None:
    """Unless DEBUG=1 is asked for, the run is not in debug mode (Django's debug 404 page
    would stand in for the project's)."""
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG"}}
    environment["DJANGO_SETTINGS_MODULE"] = "vss.settings.dev"
    result = subprocess.run(
        [sys.executable, "-c", "import django.conf as c; print(c.settings.DEBUG)"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "False"

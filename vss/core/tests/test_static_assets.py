"""The shell's own files: every stylesheet, script and icon a page links is one the
project serves, and the page names its icon, for a browser asks for /favicon.ico (and
writes a failed request on its console) when a page does not."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

LINKED = re.compile(r'(?:href|src)="(?P<url>[^"]+)"')


def _static_paths(html: str) -> list[str]:
    return [
        match["url"].removeprefix(settings.STATIC_URL)
        for match in LINKED.finditer(html)
        if match["url"].startswith(settings.STATIC_URL)
    ]


def test_the_sign_in_page_names_an_icon_the_project_serves(client):
    html = client.get("/accounts/login/").content.decode()

    icon = re.search(r'<link rel="icon" href="(?P<url>[^"]+)"', html)

    assert icon is not None
    assert finders.find(icon["url"].removeprefix(settings.STATIC_URL))


def test_every_static_file_a_page_links_exists(client):
    html = client.get("/accounts/login/").content.decode()

    linked = _static_paths(html)

    assert len(linked) >= 4  # fonts, styles, the icon, htmx
    assert [path for path in linked if not finders.find(path)] == []

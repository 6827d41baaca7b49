"""The main pages of each role (vss.testing.main_pages), which the browser checks walk,
open for their role on the demo data."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from vss.accounts.models import User
from vss.core.demo.steps import Options
from vss.core.menu import menu_for
from vss.demo.runner import demo_data_generate
from vss.testing.clients import force_verified_login
from vss.testing.main_pages import DEMO_USERNAMES, PAGES, main_pages, main_pages_prepare
from vss.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_reference_data", stdout=io.StringIO())
    demo_data_generate(options=Options())
    main_pages_prepare()


def test_every_persona_has_its_main_pages():
    assert set(PAGES) == set(PERSONAS)


def test_every_main_page_opens_for_its_role_and_the_roles_menu_leads_to_none_other(demo):
    """The demo is built once for both: it is the slow part."""
    met, expected, off_the_list = {}, {}, {}
    for persona in PERSONAS:
        user = User.objects.get(username=DEMO_USERNAMES[persona])
        client = Client()
        force_verified_login(client, user)
        pages = main_pages(persona)
        for page in pages:
            met[(persona, page.path)] = client.get(page.path).status_code
            expected[(persona, page.path)] = 200
        listed = {page.path for page in pages}
        off_the_list[persona] = [url for url, _label in menu_for(user) if url not in listed]
    assert met == expected
    assert off_the_list == {persona: [] for persona in PERSONAS}

"""The main pages of each role (vss.testing.main_pages), which the browser checks walk,
open for their role on the demo data."""

import io
import re
from collections import Counter

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


def test_every_main_page_opens_for_its_role_with_unique_ids_and_the_menu_leads_to_no_other(
    demo,
):
    """The demo is built once for both: it is the slow part."""
    met, expected, off_the_list, repeated_ids = {}, {}, {}, {}
    for persona in PERSONAS:
        user = User.objects.get(username=DEMO_USERNAMES[persona])
        client = Client()
        force_verified_login(client, user)
        pages = main_pages(persona)
        for page in pages:
            response = client.get(page.path)
            met[(persona, page.path)] = response.status_code
            expected[(persona, page.path)] = 200
            # A label or a link to a field finds the one field only if its id is unique.
            ids = Counter(re.findall(r'\sid="([^"]+)"', response.content.decode()))
            repeated = sorted(name for name, times in ids.items() if times > 1)
            if repeated:
                repeated_ids[(persona, page.path)] = repeated
        listed = {page.path for page in pages}
        off_the_list[persona] = [url for url, _label in menu_for(user) if url not in listed]
    assert met == expected
    assert repeated_ids == {}
    assert off_the_list == {persona: [] for persona in PERSONAS}

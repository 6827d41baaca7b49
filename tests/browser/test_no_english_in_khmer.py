"""Every main page of every role, read in Khmer, says its interface in Khmer: no word of
the interface's English in its headings, labels, buttons, links, table heads, choices,
hints or accessible names (vss.testing.english), on the demo data `make run` loads."""

import io
import re

import pytest
from django.core.management import call_command

from vss.core.demo.steps import Options
from vss.demo import DEMO_PASSWORD
from vss.demo.runner import demo_data_generate
from vss.testing.browser import log_in, log_out
from vss.testing.english import INTERFACE_TEXT, english_words
from vss.testing.main_pages import DEMO_USERNAMES, main_pages, main_pages_prepare
from vss.testing.personas import PERSONAS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KHMER = re.compile("[\u1780-\u17ff]")


@pytest.fixture
def demo():
    call_command("load_reference_data", stdout=io.StringIO())
    demo_data_generate(options=Options())
    main_pages_prepare()


def test_every_main_page_in_khmer_has_no_english_interface(page, demo):
    english: dict[tuple[str, str], list[str]] = {}
    for persona in PERSONAS:
        log_in(page, DEMO_USERNAMES[persona], language="km", password=DEMO_PASSWORD)
        for main in main_pages(persona):
            response = page.goto(main.path)
            assert response is not None and response.ok, (persona, main.path)
            assert page.locator("html").get_attribute("lang") == "km", main.path
            text = page.evaluate(INTERFACE_TEXT)
            assert KHMER.search(text), (persona, main.path)  # the check read the page
            words = english_words(text)
            if words:
                english[(persona, main.url_name)] = sorted(set(words))
        log_out(page)
    assert english == {}, "English on Khmer pages:\n" + "\n".join(
        f"{persona} {name}: {' '.join(words)}" for (persona, name), words in english.items()
    )

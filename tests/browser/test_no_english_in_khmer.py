"""Every main page of every role, read in Khmer, is in Khmer, on the demo data `make run`
loads: no word of the interface's English in its headings, labels, buttons, links, table
heads, choices, hints or accessible names (vss.testing.english.INTERFACE_TEXT), and no
English anywhere else on the page either, in its table cells, definition lists, notes and
the values of its fields (vss.testing.english.PAGE_TEXT): only names and codes on file keep
their Latin letters (vss.testing.names_on_file)."""

import io
import re

import pytest
from django.core.management import call_command

from vss.core.demo.steps import Options
from vss.demo import DEMO_PASSWORD
from vss.demo.runner import demo_data_generate
from vss.testing.browser import log_in, log_out
from vss.testing.english import INTERFACE_TEXT, PAGE_TEXT, english_words, latin_words
from vss.testing.main_pages import DEMO_USERNAMES, main_pages, main_pages_prepare
from vss.testing.names_on_file import names_on_file
from vss.testing.personas import PERSONAS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KHMER = re.compile("[\u1780-\u17ff]")


def test_every_main_page_in_khmer_has_no_english(page):
    """One demo for every role (building it is the slow part), one sign-in per role; the
    English of every page is told together, the interface's apart from the data's."""
    call_command("load_reference_data", stdout=io.StringIO())
    demo_data_generate(options=Options())
    main_pages_prepare()
    names = names_on_file()
    interface: dict[tuple[str, str], list[str]] = {}
    data: dict[tuple[str, str], list[str]] = {}
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
                interface[(persona, main.url_name)] = sorted(set(words))
            words = latin_words(page.evaluate(PAGE_TEXT), allowed=names)
            if words:
                data[(persona, main.url_name)] = sorted(set(words))
        log_out(page)
    assert (interface, data) == ({}, {}), "English on Khmer pages:\n" + "\n".join(
        f"{persona} {name} ({kind}): {' '.join(words)}"
        for kind, found in (("interface", interface), ("page", data))
        for (persona, name), words in found.items()
    )

"""A village on file is shown in the village input as the autocomplete offers one, code and
names in the page's language, so that the chosen village can be read on a form opened to
edit it."""

import pytest
from django.utils import translation

from vss.geo.fields import VillageInput, village_value
from vss.testing.factories import VillageFactory

pytestmark = pytest.mark.django_db


def test_a_village_on_file_is_shown_with_its_names():
    village = VillageFactory.create()

    with translation.override("en"):
        html = VillageInput().render("village", village_value(village))

    assert 'value="12010101 — Phum 1, Tonle Basak, Chamkar Mon, Phnom Penh"' in html


def test_the_names_are_in_the_page_s_language():
    village = VillageFactory.create()

    with translation.override("km"):
        assert village_value(village) == "12010101 — ភូមិ ១, ទន្លេបាសាក់, ចំការមន, ភ្នំពេញ"


def test_no_village_is_an_empty_field():
    assert village_value(None) == ""

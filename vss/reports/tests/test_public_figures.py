"""The public figures against counts written by hand for a small world (public_world.py):
small counts hidden with the figures that would give them away, the rest as counted, the
drafts and the demo's practice case left out, in Khmer by default and in each language."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from vss.reports.public import PublicTable, public_tables, suppressed_together
from vss.reports.suppression import Figure

from .public_world import public_world

pytestmark = pytest.mark.django_db

HIDDEN = "*"


def printed(table: PublicTable) -> list[list[object]]:
    """The table as the page prints it, a hidden figure as *."""

    def value(figure):
        return HIDDEN if figure.hidden else figure.shown

    rows = [[row.label, *map(value, row.figures), value(row.total)] for row in table.rows]
    rows.append(["Total", *map(value, table.column_totals), value(table.grand_total)])
    return rows


@pytest.fixture
def tables():
    public_world()
    with translation.override("en"):
        return {table.slug: table for table in public_tables()}


def test_applications_by_province_hide_the_three_and_what_would_give_them_away(tables):
    table = tables["applications-by-province"]
    assert table.columns == ["Case 002", "Case 004"]
    # Kampong Cham's 3 in Case 002 is hidden; its row hides its smallest other cell (8)
    # and its column the smallest other one (the 6 whose village is not known), whose
    # row then hides its 5: no line has a single hidden figure, and none can be worked
    # out from a total.
    assert printed(table) == [
        ["Kampong Cham", HIDDEN, HIDDEN, 11],
        ["Phnom Penh", 20, 10, 30],
        ["Siem Reap", 0, 0, 0],
        ["Province not known", HIDDEN, HIDDEN, 11],
        ["Total", 29, 23, 52],
    ]


def test_civil_parties_by_province_hide_a_small_total_too(tables):
    # Kampong Cham's 2 Civil Parties are its row's total as well: both hidden, and the
    # column of totals hides Phnom Penh's 13 beside it, so the grand total does not give
    # Kampong Cham's away.
    assert printed(tables["civil-parties-by-province"]) == [
        ["Kampong Cham", HIDDEN, 0, HIDDEN],
        ["Phnom Penh", HIDDEN, 6, HIDDEN],
        ["Siem Reap", 0, 0, 0],
        ["Province not known", 0, 0, 0],
        ["Total", 9, 6, 15],
    ]


def test_by_sex(tables):
    assert tables["applications-by-sex"].columns == ["Female", "Male", "Not stated"]
    assert printed(tables["applications-by-sex"]) == [
        ["Case 002", 18, 11, 0, 29],
        ["Case 004", 5, 13, 5, 23],
        ["Total", 23, 24, 5, 52],
    ]
    assert printed(tables["civil-parties-by-sex"]) == [
        ["Case 002", HIDDEN, HIDDEN, 0, 9],
        ["Case 004", HIDDEN, HIDDEN, 0, 6],
        ["Total", 9, 6, 0, 15],
    ]


def test_the_two_tables_of_a_figure_hide_the_same_case_totals():
    """A case's total hidden in the province table as a second figure would be handed
    back by the sex table if that one printed it."""
    # Case 1's 3 applicants are all women: the province table hides its column total
    # (3) and so the sex table hides that case's row total, whatever its own rule says.
    by_province = [[20, 3], [30, 0]]
    by_sex = [[25, 25, 0], [3, 0, 0]]
    province, sex = suppressed_together(by_province, by_sex)
    hidden_in_province = [f.hidden for f in province.column_totals]
    hidden_in_sex = [f.hidden for f in sex.row_totals]
    assert hidden_in_province == hidden_in_sex
    assert province.grand_total.hidden == sex.grand_total.hidden


def cells(html: str) -> list[list[str]]:
    """Each table row's cells as text, the visually hidden words left out."""
    html = re.sub(r'<span class="visually-hidden">.*?</span>', "", html)
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)
    ]


def test_the_page_shows_the_mark_in_khmer_by_default(client):
    public_world()
    page = client.get(reverse("reports:public_figures"), headers={"accept-language": "en"})
    html = page.content.decode()
    assert '<html lang="km">' in html
    assert "ភ្នំពេញ" in html
    assert ["កំពង់ចាម", HIDDEN, HIDDEN, "11"] in cells(html)
    # No count of 1 to 4 anywhere on the page's tables.
    assert not [c for row in cells(html) for c in row if c in {"1", "2", "3", "4"}]
    assert "DEMO" not in html and "Demo" not in html


@pytest.mark.parametrize(
    ("language", "heading", "note"),
    [
        ("en", "Applications by province and case", "fewer than 5"),
        ("fr", "Demandes par province et par dossier", "moins de 5"),
        ("km", "ពាក្យសុំតាមខេត្ត និងសំណុំរឿង", "តិចជាង ៥"),
    ],
)
def test_each_language(language, heading, note):
    public_world()
    client = Client()
    client.cookies["django_language"] = language
    html = client.get(reverse("reports:public_figures")).content.decode()
    assert f'<html lang="{language}">' in html
    assert heading in html
    assert note in html


def test_a_signed_in_user_reads_it_in_their_language(client, chief):
    client.force_login(chief)
    html = client.get(reverse("reports:public_figures"), headers={"accept-language": "fr"})
    assert '<html lang="fr">' in html.content.decode()


def test_the_reports_page_links_it_for_the_staff(client, chief):
    client.force_login(chief)
    html = client.get(reverse("reports:index")).content.decode()
    assert f'href="{reverse("reports:public_figures")}"' in html


def test_the_figures_are_read_in_four_queries_whatever_their_number(django_assert_num_queries):
    public_world()
    # The two counts (by province, by sex), the cases and the provinces.
    with django_assert_num_queries(4):
        public_tables()


def test_the_public_site_menu_leads_to_the_figures(client: Client):
    body = client.get(reverse("portal:home")).content.decode()
    assert f'href="{reverse("reports:public_figures")}"' in body


def test_the_counts_are_kept_for_the_time_the_settings_give(client: Client, settings):
    """At the registry's scale the counts take seconds: a second reader within the
    minutes kept reads them from the cache, not from the applications."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from vss.reports.public import PUBLIC_COUNTS_KEY

    public_world()
    settings.VSS_PUBLIC_FIGURES_SECONDS = 600
    cache.delete(PUBLIC_COUNTS_KEY)
    client.cookies["django_language"] = "en"

    def application_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("reports:public_figures"))
        assert response.status_code == 200
        assert "counted again every 10 minutes" in response.content.decode()
        return sum("applications_application" in q["sql"] for q in queries.captured_queries)

    try:
        assert application_queries() == 2
        assert application_queries() == 0
    finally:
        cache.delete(PUBLIC_COUNTS_KEY)


def test_a_figure_is_printed_with_its_thousands_grouped():
    with translation.override("en"):
        cell = render_to_string("reports/public/_figure.html", {"figure": Figure(6374)})
    assert cell.strip() == "<td>6,374</td>"

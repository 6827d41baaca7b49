"""The programme's public pages: read without signing in, only endorsed projects, in the
reader's language, and no person named on them."""

import datetime
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vss.accounts.models import OrganisationKind
from vss.reparations.models import Category, ProjectStatus
from vss.testing.english import english_words
from vss.testing.factories import (
    CaseFactory,
    OrganisationFactory,
    ProjectFactory,
    ProjectPartnerFactory,
)

from .public_world import JUDGMENT_DAY, LIST, SECRETS, World, detail, endorse, public_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return public_world()


def test_a_project_endorsed_then_abandoned_stays_on_the_record(world):
    response = Client().get(detail(world.abandoned))
    assert response.status_code == 200
    assert response.context["page"].status == "Not carried out"


def test_the_list_shows_the_endorsed_projects_by_case_and_category(world):
    response = Client().get(LIST)
    [case] = response.context["programme"]
    assert [(c.category, [p.pk for p in c.projects]) for c in case.categories] == [
        (Category.REMEMBRANCE, [world.abandoned.pk]),
        (Category.REHABILITATION, [world.endorsed.pk]),
    ]
    assert world.funded.title_en not in response.content.decode()


def test_a_project_of_two_cases_is_listed_under_each(world):
    other = CaseFactory.create(number="002/01", title="Case 002/01")
    world.endorsed.cases.add(other)
    programme = Client().get(LIST).context["programme"]
    assert [
        (group.case.number, [p.pk for c in group.categories for p in c.projects])
        for group in programme
    ] == [("002/01", [world.endorsed.pk]), ("002/02", [world.abandoned.pk, world.endorsed.pk])]


def test_the_project_page_shows_what_the_programme_publishes(world):
    response = Client().get(detail(world.endorsed))
    page = response.context["page"]
    assert [(j.chamber, j.decided_on, j.document_number) for j in page.judgments] == [
        ("Trial Chamber", JUDGMENT_DAY, "E465")
    ]
    assert page.partners == ["Kdei Karuna"]
    assert page.donors == ["Germany (BMZ/GIZ)"]
    assert page.status == "Being carried out"
    assert [(r.province, r.women, r.men, r.total) for r in page.reached] == [
        ("Phnom Penh", 120, 80, 200),
        ("Takeo", 40, 0, 45),
    ]
    totals = page.reached_in_all
    assert (totals.women, totals.men, totals.total) == (160, 80, 245)
    text = response.content.decode()
    for shown in ("Phka Sla Krom Angkar", "A dance-drama on forced marriage.", "E465", "Takeo"):
        assert shown in text


def test_no_person_is_named_on_the_public_pages(world):
    """A Civil Party taking part (and named in a report), the responsible officer and the
    partner's contact are all on the project's records: none reaches its pages, in any
    language."""
    client = Client()
    for language in ("en", "km", "fr"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for url in (LIST, detail(world.endorsed)):
            text = client.get(url).content.decode()
            assert [secret for secret in SECRETS if secret in text] == []


def test_a_cancelled_pledge_names_no_donor(world):
    world.endorsed.pledges.update(cancelled_at=datetime.datetime.now(datetime.UTC))
    assert Client().get(detail(world.endorsed)).context["page"].donors == []


@pytest.mark.parametrize(
    ("language", "title", "description", "partner", "province"),
    [
        ("en", "Phka Sla Krom Angkar", "A dance-drama", "Kdei Karuna", "Phnom Penh"),
        ("km", "ផ្កាស្លាក្រោមអង្គការ", "របាំល្ខោន", "ក្តីករុណា", "ភ្នំពេញ"),
        (
            "fr",
            "théâtre dansé sur le mariage forcé",
            "Un théâtre dansé",
            "Kdei Karuna",
            "Phnom Penh",
        ),
    ],
)
def test_a_page_in_each_language(world, language, title, description, partner, province):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(detail(world.endorsed))
    text = response.content.decode()
    assert f'<html lang="{language}">' in text
    for shown in (title, description, partner, province):
        assert shown in text
    listing = client.get(LIST).content.decode()
    assert title in listing


def test_the_language_switch_is_offered_to_a_visitor(world):
    text = Client().get(detail(world.endorsed)).content.decode()
    assert f'action="{reverse("set_language")}"' in text
    switched = Client().post(
        reverse("set_language"), {"language": "km", "next": detail(world.endorsed)}
    )
    assert switched.status_code == 302


def test_the_list_reads_the_same_queries_whatever_the_number_of_projects(world):
    client = Client()
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for _ in range(5):
        endorse(
            ProjectFactory.create(
                officer=world.endorsed.officer,
                cases=[CaseFactory.create(number="002/01")],
                status=ProjectStatus.COMPLETED,
            )
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)
    assert sum(len(c.projects) for g in response.context["programme"] for c in g.categories) == 7
    assert len(many) == len(few)


def test_the_project_page_reads_a_fixed_number_of_queries(world):
    client = Client()
    with CaptureQueriesContext(connection) as one:
        client.get(detail(world.endorsed))
    second = OrganisationFactory.create(name="Youth for Peace", kind=OrganisationKind.PARTNER)
    ProjectPartnerFactory.create(project=world.endorsed, organisation=second, is_lead=False)
    with CaptureQueriesContext(connection) as two:
        response = client.get(detail(world.endorsed))
    assert response.context["page"].partners == ["Kdei Karuna", "Youth for Peace"]
    assert len(two) == len(one)


def test_the_page_is_light(world):
    """No script is needed to read it: the language switch works without one too."""
    text = Client().get(detail(world.endorsed)).content.decode()
    assert "<noscript><button" in text
    assert "hx-get" not in text


def test_a_khmer_page_shows_no_english(world):
    """Organisations keep the names they go by; everything else reads in Khmer."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    for url in (LIST, detail(world.endorsed), detail(world.abandoned)):
        html = client.get(url).content.decode()
        body = html.split("<main>", 1)[1].split("</main>", 1)[0]
        text = re.sub(r"<[^>]+>", " ", body)
        assert english_words(text, allowed=frozenset({"Germany"})) == []

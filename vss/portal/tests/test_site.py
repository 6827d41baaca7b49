"""The public site: every page in the three languages for a visitor, Khmer when the
visitor chose none, the first texts a fresh installation publishes, and the deadlines of
the cases open for applications."""

import datetime
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import escape

from vss.portal.models import ContentRevision, PublicPage, RevisionStatus
from vss.testing.factories import CaseFactory

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _url(page: PublicPage) -> str:
    if page == PublicPage.HOME:
        return reverse("portal:home")
    return reverse(f"portal:page_{page.value.replace('-', '_')}")


def _in(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_a_fresh_installation_publishes_every_page_in_every_language():
    published = set(
        ContentRevision.objects.filter(status=RevisionStatus.PUBLISHED).values_list(
            "page", "language"
        )
    )
    assert published == {(page.value, code) for page in PublicPage for code in LANGUAGES}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", list(PublicPage))
def test_each_page_answers_a_visitor_in_each_language(client, page, language):
    text = ContentRevision.objects.get(
        page=page, language=language, status=RevisionStatus.PUBLISHED
    )
    response = _in(client, language).get(_url(page))
    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert f'<html lang="{language}">' in response.content.decode()
    assert escape(text.title) in response.content.decode()


def test_each_page_s_title_names_the_section_once(client):
    for page in PublicPage:
        title = re.search(r"<title>(.*?)</title>", _in(client, "en").get(_url(page)).text, re.S)
        assert title is not None
        assert title.group(1).count("Victims Support Section") == 1, page


def test_a_visitor_who_chose_no_language_reads_khmer(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "km"
    assert '<html lang="km">' in response.content.decode()


def test_the_language_switcher_works_without_an_account(client):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/info/rights/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert client.get("/info/rights/")["Content-Language"] == "fr"


def test_a_signed_in_user_meets_the_work_queue_at_the_root(client, intake):
    client.force_login(intake)
    response = client.get("/")
    assert reverse("core:home") == "/"
    assert "core/home.html" in [t.name for t in response.templates]


def test_the_site_links_to_sign_in_apply_and_follow(client):
    html = client.get("/").content.decode()
    assert f'href="{reverse("accounts:login")}"' in html
    assert 'href="/apply/"' in html or f'href="{reverse("portal:apply")}"' in html
    assert 'href="/follow/"' in html or f'href="{reverse("portal:follow")}"' in html


def test_the_site_loads_nothing_from_elsewhere_and_no_script(client):
    for page in PublicPage:
        html = client.get(_url(page)).content.decode()
        assert "<script" not in html
        assert 'src="http' not in html
        assert 'rel="stylesheet" href="http' not in html


def test_the_applying_page_shows_the_deadline_of_each_case_open(client):
    today = timezone.localdate()
    open_case = CaseFactory.create(
        number="004/09", investigation_closed_on=today - datetime.timedelta(days=3)
    )
    not_closed = CaseFactory.create(number="004/10", investigation_closed_on=None)
    passed = CaseFactory.create(
        number="004/11", investigation_closed_on=today - datetime.timedelta(days=60)
    )
    response = _in(client, "en").get(_url(PublicPage.APPLYING))
    open_cases = response.context["open_cases"]
    assert open_case in open_cases
    assert not_closed in open_cases
    assert passed not in open_cases
    with translation.override("en"):
        deadline = date_format(open_case.application_deadline, "DATE_FORMAT")
    assert f"Apply by {deadline} at the latest." in response.content.decode()


def test_a_page_missing_in_the_visitors_language_is_shown_in_another(client):
    ContentRevision.objects.filter(page=PublicPage.CONTACT, language="fr").delete()
    html = _in(client, "fr").get(_url(PublicPage.CONTACT)).content.decode()
    assert '<article lang="km">' in html
    assert "pas encore écrite dans votre langue" in html


def test_a_page_with_no_text_at_all_says_it_is_being_written(client):
    ContentRevision.objects.filter(page=PublicPage.EVENTS).delete()
    response = _in(client, "en").get(_url(PublicPage.EVENTS))
    assert response.status_code == 200
    assert "This page is being written" in response.content.decode()


def test_the_public_sees_neither_drafts_nor_replaced_texts(client):
    ContentRevision.objects.create(
        page=PublicPage.RIGHTS, language="en", title="A draft nobody published", body="x"
    )
    html = _in(client, "en").get(_url(PublicPage.RIGHTS)).content.decode()
    assert "A draft nobody published" not in html


def test_a_public_page_answers_nothing_but_get(client):
    assert client.post(_url(PublicPage.RIGHTS)).status_code == 405

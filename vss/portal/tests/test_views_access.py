"""The access matrix of the public site and of the staff pages that write its texts: the
site's pages for everyone (the root is the work queue for whoever is signed in), the
texts' pages for the outreach officers and the Chief alone."""

import pytest
from django.urls import reverse
from django.utils import timezone

from vss.portal.models import ContentRevision, PublicPage, RevisionStatus
from vss.testing.access import AccessMatrix, answers
from vss.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

WRITERS = {"chief", "outreach"}


def _statuses(allowed: set[str], yes: int = 200, otherwise: int = 403) -> dict[str, int]:
    return {name: yes if name in allowed else otherwise for name in PERSONAS}


def _page_name(page: PublicPage) -> str:
    return (
        "portal:home" if page == PublicPage.HOME else f"portal:page_{page.value.replace('-', '_')}"
    )


PUBLIC_PAGES = [_page_name(page) for page in PublicPage if page != PublicPage.HOME]

SITE_MATRIX = AccessMatrix(
    {
        # A signed-in user meets the work queue at the root; the auditor, who has none,
        # is sent on to the audit log.
        "portal:home": {**dict.fromkeys(PERSONAS, 200), "auditor": 302},
        **{name: dict.fromkeys(PERSONAS, 200) for name in PUBLIC_PAGES},
    }
)
TEXTS_MATRIX = AccessMatrix(
    {
        "portal:content_list": _statuses(WRITERS),
        "portal:content_edit": _statuses(WRITERS),
        "portal:content_history": _statuses(WRITERS),
        "portal:content_preview": _statuses(WRITERS),
        # Posts alone: a GET is refused by method whoever asks.
        "portal:content_publish": _statuses(set(), otherwise=405),
        "portal:content_restore": _statuses(set(), otherwise=405),
    }
)
TEXTS_POSTED = AccessMatrix(
    {
        "portal:content_publish (posted)": _statuses(WRITERS, yes=302),
        "portal:content_restore (posted)": _statuses(WRITERS, yes=302),
        "portal:content_edit (posted)": _statuses(WRITERS, yes=302),
    }
)


def _revision(status: str = RevisionStatus.DRAFT) -> ContentRevision:
    return ContentRevision.objects.create(
        page=PublicPage.RIGHTS,
        language="en",
        title="Your rights",
        body="Text.",
        status=status,
        published_at=None if status == RevisionStatus.DRAFT else timezone.now(),
    )


def _url(row: str) -> str:
    name = row.removesuffix(" (posted)")
    if name in ("portal:content_edit", "portal:content_history"):
        return reverse(name, args=[PublicPage.RIGHTS.value, "km"])
    if name in ("portal:content_preview", "portal:content_publish"):
        return reverse(name, args=[_revision().pk])
    if name == "portal:content_restore":
        return reverse(name, args=[_revision(RevisionStatus.REPLACED).pk])
    return reverse(name)


def test_each_page_answers_each_persona_as_the_policy_says(request):
    assert answers(request, SITE_MATRIX, _url) == SITE_MATRIX
    assert answers(request, TEXTS_MATRIX, _url) == TEXTS_MATRIX


def test_the_posts_answer_the_writers_alone(request):
    def data(attempt):
        return {"title": "Title", "body": "Text.", "note": ""}

    assert answers(request, TEXTS_POSTED, _url, method="post", data=data) == TEXTS_POSTED


def test_every_page_of_the_site_needs_no_sign_in(client):
    statuses = {name: client.get(reverse(name)).status_code for name in SITE_MATRIX}
    assert statuses == dict.fromkeys(SITE_MATRIX, 200)


def test_the_staff_pages_send_a_visitor_to_sign_in(client):
    response = client.get(reverse("portal:content_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))

"""Writing the public site's texts: a draft, its preview as the public will read it,
publishing (the text it replaces kept), the history with who and when, going back to an
earlier text, and the audit of each step."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from vss.audit.models import AuditAction, AuditEntry
from vss.portal.models import ContentRevision, PublicPage, RevisionStatus
from vss.portal.services.content import (
    TextData,
    content_revision_publish,
    content_revision_restore,
    content_revision_write,
)
from vss.testing.clients import signed_in

pytestmark = pytest.mark.django_db

RIGHTS = PublicPage.RIGHTS.value


def _published(language="en"):
    return ContentRevision.objects.get(page=RIGHTS, language=language, status="published")


def _draft(user, title="Your rights, said again", body="## New\n\nA new text."):
    return content_revision_write(
        user=user, page=RIGHTS, language="en", data=TextData(title=title, body=body, note="Why")
    )


def test_a_draft_is_written_and_audited_while_the_public_reads_the_published_text(outreach, client):
    before = _published()
    draft = _draft(outreach)
    assert draft.status == RevisionStatus.DRAFT
    assert draft.written_by == outreach
    entry = AuditEntry.objects.get(object_type="portal.contentrevision", object_id=str(draft.pk))
    assert entry.action == AuditAction.CREATE
    assert entry.changes["body"] == {"old": None, "new": draft.body}
    client.cookies["django_language"] = "en"
    html = client.get(reverse("portal:page_rights")).content.decode()
    assert before.title in html
    assert draft.title not in html


def test_publishing_replaces_the_published_text_and_keeps_it(outreach, client):
    before = _published()
    draft = _draft(outreach)
    content_revision_publish(user=outreach, revision=draft)
    before.refresh_from_db()
    draft.refresh_from_db()
    assert (before.status, draft.status) == (RevisionStatus.REPLACED, RevisionStatus.PUBLISHED)
    assert draft.published_by == outreach
    assert draft.published_at is not None
    changes = {
        entry.object_id: entry.changes["status"]
        for entry in AuditEntry.objects.filter(action=AuditAction.STATUS_CHANGE)
    }
    assert changes == {
        str(before.pk): {"old": "published", "new": "replaced"},
        str(draft.pk): {"old": "draft", "new": "published"},
    }
    client.cookies["django_language"] = "en"
    assert draft.title in client.get(reverse("portal:page_rights")).content.decode()


def test_a_text_is_published_once(outreach):
    draft = _draft(outreach)
    content_revision_publish(user=outreach, revision=draft)
    with pytest.raises(ValidationError):
        content_revision_publish(user=outreach, revision=draft)


def test_going_back_publishes_a_copy_of_the_earlier_text(chief):
    first = _published()
    content_revision_publish(user=chief, revision=_draft(chief))
    first.refresh_from_db()
    copy = content_revision_restore(user=chief, revision=first, note="")
    assert copy.pk != first.pk
    assert (copy.title, copy.body, copy.status) == (first.title, first.body, "published")
    assert copy.note.startswith("Back to the text written on")
    first.refresh_from_db()
    assert first.status == RevisionStatus.REPLACED
    assert ContentRevision.objects.filter(page=RIGHTS, language="en").count() == 3


def test_a_writer_needs_the_right(intake):
    with pytest.raises(PermissionDenied):
        _draft(intake)


def test_a_text_needs_a_title_and_a_body(outreach):
    with pytest.raises(ValidationError) as error:
        _draft(outreach, title=" ", body="")
    assert set(error.value.message_dict) == {"title", "body"}


def test_the_edit_page_saves_a_draft_and_shows_its_preview(request, outreach):
    client = signed_in(request, "outreach")
    url = reverse("portal:content_edit", args=[RIGHTS, "fr"])
    form = client.get(url)
    assert _published("fr").title in form.content.decode()
    response = client.post(url, {"title": "Vos droits", "body": "Texte <b>nouveau</b>."})
    draft = ContentRevision.objects.get(page=RIGHTS, language="fr", status="draft")
    assert response["Location"] == reverse("portal:content_preview", args=[draft.pk])
    preview = client.get(response["Location"])
    html = preview.content.decode()
    # Drawn as the public will read it, in the text's language, with the text escaped.
    assert preview["Content-Language"] == "fr"
    assert '<html lang="fr">' in html
    assert "Texte &lt;b&gt;nouveau&lt;/b&gt;." in html
    assert "portal/site/page.html" in [t.name for t in preview.templates]


def test_a_refused_edit_shows_the_form_again_as_typed(request, outreach):
    client = signed_in(request, "outreach")
    url = reverse("portal:content_edit", args=[RIGHTS, "en"])
    response = client.post(url, {"title": "Kept title", "body": ""})
    assert response.status_code == 400
    assert "Kept title" in response.content.decode()
    assert not ContentRevision.objects.filter(status="draft").exists()


def test_the_publish_button_publishes_and_the_history_says_who_and_when(request, outreach):
    client = signed_in(request, "outreach")
    draft = _draft(outreach)
    response = client.post(reverse("portal:content_publish", args=[draft.pk]))
    history_url = reverse("portal:content_history", args=[RIGHTS, "en"])
    assert response["Location"] == history_url
    html = client.get(history_url).content.decode()
    assert draft.title in html
    assert outreach.username in html
    assert "Why" in html
    assert reverse("portal:content_restore", args=[_first_text().pk]) in html


def _first_text():
    return ContentRevision.objects.filter(page=RIGHTS, language="en").order_by("pk").first()


def test_the_restore_button_goes_back(request, outreach):
    client = signed_in(request, "outreach")
    content_revision_publish(user=outreach, revision=_draft(outreach))
    first = _first_text()
    client.post(reverse("portal:content_restore", args=[first.pk]), {"note": "Too long"})
    assert _published().title == first.title
    assert _published().note == "Too long"


def test_the_list_shows_every_page_in_every_language(request, outreach):
    html = signed_in(request, "outreach").get(reverse("portal:content_list")).content.decode()
    for page in PublicPage:
        for language in ("km", "en", "fr"):
            assert reverse("portal:content_edit", args=[page.value, language]) in html


def test_an_unknown_page_or_language_is_not_found(request, outreach):
    client = signed_in(request, "outreach")
    assert client.get(reverse("portal:content_edit", args=["no-such", "en"])).status_code == 404
    assert client.get(reverse("portal:content_history", args=[RIGHTS, "de"])).status_code == 404


def test_publishing_refuses_a_post_without_the_csrf_token(outreach):
    client = Client(enforce_csrf_checks=True)
    client.force_login(outreach)
    draft = _draft(outreach)
    assert client.post(reverse("portal:content_publish", args=[draft.pk])).status_code == 403
    draft.refresh_from_db()
    assert draft.status == RevisionStatus.DRAFT


def test_publishing_answers_a_get_with_405(request, outreach):
    draft = _draft(outreach)
    client = signed_in(request, "outreach")
    assert client.get(reverse("portal:content_publish", args=[draft.pk])).status_code == 405


def test_another_right_is_refused(request, outreach):
    draft = _draft(outreach)
    client = signed_in(request, "legal")
    assert client.get(reverse("portal:content_list")).status_code == 403
    assert client.post(reverse("portal:content_publish", args=[draft.pk])).status_code == 403
    draft.refresh_from_db()
    assert draft.status == RevisionStatus.DRAFT

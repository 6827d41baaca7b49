"""Reading the public site's texts: what the public sees (the published text of a page,
in the visitor's language or, while a translation is missing, in another), and for the
staff who write them, every revision of every page."""

from dataclasses import dataclass

from django.conf import settings
from django.http import Http404

from vss import policy
from vss.accounts.models import User
from vss.policy import Right

from ..models import ContentRevision, PublicPage, RevisionStatus

# While a page has no text in the visitor's language, the one most of its readers share.
FALLBACK_ORDER = ("km", "en", "fr")


def published_text(page: PublicPage, language: str) -> ContentRevision | None:
    texts = {
        text.language: text
        for text in ContentRevision.objects.filter(page=page, status=RevisionStatus.PUBLISHED)
    }
    for code in (language, *FALLBACK_ORDER):
        if code in texts:
            return texts[code]
    return None


@dataclass(frozen=True)
class PageTexts:
    page: PublicPage
    # By language code: the published text and the newest draft written since, if any.
    published: dict[str, ContentRevision | None]
    drafts: dict[str, ContentRevision | None]


def pages_overview(user: User) -> list[PageTexts]:
    """Every page in every language, for the list the writers start from."""
    policy.require_right(user, Right.EDIT_PUBLIC_CONTENT)
    published: dict[tuple[str, str], ContentRevision] = {}
    drafts: dict[tuple[str, str], ContentRevision] = {}
    for text in ContentRevision.objects.select_related("written_by", "published_by"):
        key = (text.page, text.language)
        if text.status == RevisionStatus.PUBLISHED:
            published[key] = text
        elif text.status == RevisionStatus.DRAFT and key not in drafts:
            # The model orders the newest first.
            drafts[key] = text
    for key, draft in list(drafts.items()):
        shown = published.get(key)
        if shown is not None and shown.published_at and draft.written_at < shown.published_at:
            del drafts[key]
    codes = [code for code, _name in settings.LANGUAGES]
    return [
        PageTexts(
            page=page,
            published={code: published.get((page.value, code)) for code in codes},
            drafts={code: drafts.get((page.value, code)) for code in codes},
        )
        for page in PublicPage
    ]


def page_history(user: User, page: str, language: str) -> list[ContentRevision]:
    policy.require_right(user, Right.EDIT_PUBLIC_CONTENT)
    _check_page(page, language)
    return list(
        ContentRevision.objects.filter(page=page, language=language).select_related(
            "written_by", "published_by"
        )
    )


def revision_for_writer(user: User, pk: int) -> ContentRevision:
    policy.require_right(user, Right.EDIT_PUBLIC_CONTENT)
    try:
        return ContentRevision.objects.select_related("written_by", "published_by").get(pk=pk)
    except ContentRevision.DoesNotExist:
        raise Http404 from None


def latest_text(user: User, page: str, language: str) -> ContentRevision | None:
    """What an editor starts from: the newest revision of the page in that language."""
    policy.require_right(user, Right.EDIT_PUBLIC_CONTENT)
    _check_page(page, language)
    return ContentRevision.objects.filter(page=page, language=language).first()


def _check_page(page: str, language: str) -> None:
    if page not in PublicPage.values or language not in dict(settings.LANGUAGES):
        raise Http404

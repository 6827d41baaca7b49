"""What the pages that print letters for post share: the language asked for, and the
letters drawn in it, each in its reader's words."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _

from vss.core.pdf import render_pdf

from ..forms_newsletters import PrintForm


def language_asked(request: HttpRequest) -> str | None:
    """The language of the letters posted, or None with the message that says to choose
    one."""
    form = PrintForm(request.POST)
    if not form.is_valid() or not form.cleaned_data["language"]:
        messages.error(request, _("Choose the language of the letters."))
        return None
    return str(form.cleaned_data["language"])


def letters_pdf(request: HttpRequest, *, title: str, letters: Any, language: str) -> bytes:
    with translation.override(language):
        return render_pdf(
            request,
            "outreach/sends/letters.pdf.html",
            {"title": title, "letters": letters, "language": language},
        )

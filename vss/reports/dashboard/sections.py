"""The dashboard's figures as the page shows them, each drawn into its section of HTML.

The figures made of the kept counts are the same for every reader of one role, in one
language, until the next count: they are made and drawn once per process and kept in the
cache under the moment of that count, so that a page shown again reads none of the kept
counts they are made of and draws none of their tables again (most of the page). A newer
count is shown at once, since its moment is in the key."""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from vss.accounts.models import User
from vss.applications.figures import ApplicationSelection

from .figures import Figure, counted_figures, figures_read_now

FIGURE_TEMPLATE = "reports/dashboard/_figure.html"
# How long a process may keep what it drew of one count, should no newer count come.
KEPT_FOR_SECONDS = 15 * 60


@dataclass(frozen=True)
class FigureSection:
    name: str
    title: str
    html: SafeString


def drawn(figure: Figure) -> FigureSection:
    return FigureSection(
        name=figure.name,
        title=str(figure.title),
        html=render_to_string(FIGURE_TEMPLATE, {"figure": figure}),
    )


def _key(user: User, selection: ApplicationSelection, counted_at: str) -> str:
    # A figure's links follow the reader's rights, which are their role's (vss.policy.roles);
    # its words and numbers are in the reader's language.
    key = f"{counted_at}|{get_language()}|{user.role}|{selection!r}"
    return "vss.dashboard." + hashlib.sha256(key.encode()).hexdigest()


def dashboard_sections(
    user: User, selection: ApplicationSelection, *, counted_at: str
) -> list[FigureSection]:
    """Every figure of the page, drawn, in its order; `counted_at` is the moment of the
    last count ("" before the first, when nothing is kept)."""
    key = _key(user, selection, counted_at)
    counted: list[FigureSection] | None = cache.get(key) if counted_at else None
    if counted is None:
        counted = [drawn(figure) for figure in counted_figures(user, selection)]
        if counted_at:
            cache.set(key, counted, KEPT_FOR_SECONDS)
    # The page's order: the figures read now stand between the applications', the
    # representation's and support's figures and the messages' (counted_figures' last).
    *by_applications, messages = counted
    return [
        *by_applications,
        *(drawn(figure) for figure in figures_read_now(user, selection)),
        messages,
    ]

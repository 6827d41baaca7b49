"""What an entry's label says, in the reader's language.

Most labels are references that read the same in every language: a VSS number, a case
number, a lawyer's or a user's name. Some say what was read or done ("list of
applications", "members of group 12"). An entry is written once and never rewritten (the
log is append-only and chained), so such a label is written in English from a *wording*
that the app writing it registered, and read back through the wordings: the log shows the
wording's translation with the label's own values put back in. A label that no wording
reads (a reference, or one written before its wording existed) is shown as written.

A wording is a msgid marked with `gettext_noop` where it is declared, so it is in the
catalogues though nothing translates it when it is written."""

import re
from functools import lru_cache

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import get_language, gettext

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")

_wordings: dict[str, re.Pattern[str]] = {}


def _pattern(wording: str) -> re.Pattern[str]:
    parts = _PLACEHOLDER.split(wording)
    # split() alternates literal text and placeholder names.
    regex = "".join(
        re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+?)"
        for index, part in enumerate(parts)
    )
    return re.compile(regex, re.DOTALL)


def register_label_wordings(*wordings: str) -> None:
    """Wordings of labels an app writes, so the log can read them back. Longer wordings
    are tried first: "list of clients" is not read as a reference to "clients"."""
    for wording in wordings:
        if not wording or wording != wording.strip():
            raise ImproperlyConfigured(f"An audit label's wording needs text: {wording!r}.")
        _wordings[wording] = _pattern(wording)
    _worded.cache_clear()


def audit_label(wording: str, **values: object) -> str:
    """A label written from a registered wording, in English, as the log keeps it."""
    if wording not in _wordings:
        raise ImproperlyConfigured(
            f"The audit label {wording!r} is not registered: the log could not translate it."
        )
    return wording % {name: str(value) for name, value in values.items()}


def _in_order() -> list[tuple[str, re.Pattern[str]]]:
    return sorted(_wordings.items(), key=lambda item: -len(item[0]))


@lru_cache(maxsize=4096)
def _worded(text: str, language: str) -> str:
    for wording, pattern in _in_order():
        found = pattern.fullmatch(text)
        if found is not None:
            # A value may itself be a label written from a wording (the representation a
            # power of attorney is of); it is strictly shorter, so this ends.
            values = {name: _worded(value, language) for name, value in found.groupdict().items()}
            return gettext(wording) % values
    return text


def worded(text: str) -> str:
    """A label in the active language if a registered wording wrote it, else as it is."""
    if not text:
        return text
    return _worded(text, get_language() or "")


def worded_value(text: str) -> str:
    """A value of a change in the active language if it is a wording without values (a
    state such as "enrolled"), else as it is. Values are typed by people (a case's title,
    a reason) and a wording with values would read some of them as its own: "Not a case
    of the court: for trying VSS out" as "… for …"."""
    if text in _wordings and not _PLACEHOLDER.search(text):
        return gettext(text)
    return text

"""Telling English on a page meant to be in Khmer: a word of the interface's English (any
word of an English message in the catalogues) in the text a page shows as its interface
(headings, labels, buttons, links, table heads, choices, hints, titles, placeholders and
accessible names), outside what is marked translate="no" (people's names). Acronyms and
names in capitals (ADHOC, SOKH) are not words of the interface, nor what the Khmer
translation keeps as it is; a short list allows the rest that is no English: the product's
name, the language menu's "English" (each language named in itself) and proper names."""

import re
from functools import cache
from pathlib import Path

from vss.testing.catalogues import parse_po

CATALOGUE = Path(__file__).resolve().parents[1] / "locale" / "km" / "LC_MESSAGES" / "django.po"
# Words of the English messages that are names on every page, not English to translate.
ALLOWED = frozenset({"VSS", "English", "Cambodia", "Kdei", "Karuna"})
PLACEHOLDERS = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{.*?\}\}|\{%.*?%\}|<[^>]+>")
# Latin letters with their accents, so that "Céline" is one name and not "line".
WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ\u2019'-]*[A-Za-zÀ-ÖØ-öø-ÿ]")

# What a page says as its interface, read in the browser: visible text of these elements
# and the names given to controls.
INTERFACE_TEXT = """() => {
  const selectors = "h1, h2, h3, h4, legend, label, th, button, summary, dt, nav a, .hint, "
    + ".empty, .messages li, .errors, caption, option, a.button, p.field > span";
  const texts = [document.title];
  for (const element of document.querySelectorAll(selectors)) {
    if (element.closest("[translate=no]")) continue;
    texts.push(element.tagName === "OPTION" ? element.textContent : element.innerText);
  }
  for (const element of document.querySelectorAll("[placeholder], [aria-label], [title], img[alt]")) {
    for (const name of ["placeholder", "aria-label", "title", "alt"]) {
      if (element.hasAttribute(name)) texts.push(element.getAttribute(name));
    }
  }
  return texts.join("\\n");
}"""


@cache
def interface_words() -> frozenset[str]:
    """Every word (three letters or more, lower case) of the catalogue's English messages
    but those its Khmer translation keeps as they are (names and codes: "SOKH Chear")."""
    words: set[str] = set()
    for entry in parse_po(CATALOGUE):
        kept = {w.lower() for text in entry.translations for w in WORD.findall(text)}
        for part in ("msgid", "msgid_plural"):
            text = PLACEHOLDERS.sub(" ", entry.parts.get(part, ""))
            words |= {w.lower() for w in WORD.findall(text) if len(w) >= 3} - kept
    return frozenset(words)


def english_words(text: str, *, allowed: frozenset[str] = frozenset()) -> list[str]:
    """The interface's English words in `text`, in order; names in capitals and the
    allowed words left out."""
    vocabulary = interface_words()
    return [
        word
        for word in WORD.findall(text)
        if word.lower() in vocabulary
        and not word.isupper()
        and word not in ALLOWED
        and word not in allowed
    ]

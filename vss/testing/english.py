"""Telling English on a page meant to be in Khmer, twice over.

The interface: a word of the interface's English (any word of an English message in the
catalogues) in the text a page shows as its interface (headings, labels, buttons, links,
table heads, choices, hints, titles, placeholders and accessible names), outside what is
marked translate="no" (people's names).

The whole page, its data too (table cells, definition lists, paragraphs, the values of its
fields): any word in Latin letters but the names and codes on file (`latin_words`, with
the names of vss.testing.names_on_file), since a Khmer reader's records are written in
Khmer and only names and numbers keep their Latin spelling.

Acronyms and names in capitals (ADHOC, SOKH, VSS-002-00042) are neither, nor what the
Khmer translation keeps as it is; a short list allows the rest that is no English: the
product's name, the language menu's "English" and "Français" (each language named in
itself) and proper names."""

import re
from functools import cache
from pathlib import Path

from vss.testing.catalogues import parse_po

CATALOGUE = Path(__file__).resolve().parents[1] / "locale" / "km" / "LC_MESSAGES" / "django.po"
# Words of the English messages that are names on every page, not English to translate
# (the product, languages named in themselves, proper names, the spreadsheet program).
ALLOWED = frozenset({"VSS", "English", "Français", "Cambodia", "Kdei", "Karuna", "Excel"})
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

# Codes written with letters that are no words: addresses (a lawyer's email, the link
# that stops a message), the numbers of the court's rules (Rule 23ter) and hexadecimal
# digests (the audit log's request ids).
CODES = re.compile(
    r"https?://\S+|[\w.+-]+@[\w.-]+|\b\d+(?:bis|ter|quater|quinquies)\b|\b(?=[0-9a-f]*\d)[0-9a-f]{8,}\b"
)

# What a whole page says, read in the browser: its visible text, the choices of its lists,
# the values typed in its fields and the names given to its controls.
PAGE_TEXT = """() => {
  // Text marked as written in another language (a message as its reader will get it, in
  // the reader's language) is that language's, not the page's.
  let body = document.body.innerText;
  for (const element of document.body.querySelectorAll("[lang]")) {
    if (element.lang && element.lang !== document.documentElement.lang) {
      body = body.replace(element.innerText, " ");
    }
  }
  const texts = [document.title, body];
  for (const option of document.querySelectorAll("option")) texts.push(option.textContent);
  const fields = "textarea, input:not([type=hidden]):not([type=password]):not([type=checkbox])"
    + ":not([type=radio]):not([type=file])";
  for (const field of document.querySelectorAll(fields)) texts.push(field.value);
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


def latin_words(text: str, *, allowed: frozenset[str] = frozenset()) -> list[str]:
    """Every word in Latin letters of `text`, in order, but codes and names in capitals,
    the short list of names above and the `allowed` ones (the names on file)."""
    return [
        word
        for word in WORD.findall(CODES.sub(" ", text))
        if not word.isupper() and word not in ALLOWED and word not in allowed
    ]

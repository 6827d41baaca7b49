"""The Khmer and French catalogues are complete: no entry left untranslated, none marked
fuzzy (makemessages' guess from a neighbouring string, which gettext never shows), and both
languages know the same strings. Read with a small parser of the .po format, so the check
needs nothing beyond the standard library."""

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
LANGUAGES = ("km", "fr")
KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")\s*$")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    parts: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str | None, str]:
        return self.parts.get("msgctxt"), self.parts.get("msgid", "")

    @property
    def translations(self) -> list[str]:
        return [text for name, text in self.parts.items() if name.startswith("msgstr")]


def parse_po(path: Path) -> list[Entry]:
    """The entries of a .po file, obsolete ones (#~) left out."""
    entries: list[Entry] = []
    entry = Entry(line=1)
    current = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            if entry.parts:
                entries.append(entry)
            entry, current = Entry(line=number + 1), None
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif match := KEYWORD.match(line):
            current = match.group(1)
            entry.parts[current] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and current is not None:
            entry.parts[current] += ast.literal_eval(line)
        else:
            raise AssertionError(f"{path}:{number}: not understood: {raw!r}")
    if entry.parts:
        entries.append(entry)
    return [e for e in entries if e.parts.get("msgid")]  # the header has an empty msgid


def _catalogue(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def _where(path: Path, entry: Entry) -> str:
    context, msgid = entry.key
    return f"{path.name}:{entry.line} {msgid!r}" + (f" (context {context!r})" if context else "")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(language: str) -> None:
    path = _catalogue(language)
    entries = parse_po(path)
    assert entries, path
    untranslated = [_where(path, e) for e in entries if not all(e.translations)]
    fuzzy = [_where(path, e) for e in entries if "fuzzy" in e.flags]
    assert untranslated == [], f"untranslated in {language}: {untranslated}"
    assert fuzzy == [], f"fuzzy in {language}: {fuzzy}"


def test_both_catalogues_know_the_same_strings() -> None:
    keys = {language: {e.key for e in parse_po(_catalogue(language))} for language in LANGUAGES}
    assert keys["km"] - keys["fr"] == set(), "in Khmer only"
    assert keys["fr"] - keys["km"] == set(), "in French only"


def test_the_parser_sees_what_it_must_refuse(tmp_path: Path) -> None:
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr "Language: km\\n"\n\n'
        '#, fuzzy\nmsgid "Open"\nmsgstr "កំពុងដំណើរការ"\n\n'
        'msgctxt "verb"\nmsgid "Change"\nmsgstr ""\n\n'
        'msgid "One"\nmsgid_plural "Many"\nmsgstr[0] "x"\nmsgstr[1] ""\n'
        '"y"\n\n'
        '#~ msgid "Gone"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    open_, change, plural = parse_po(po)
    assert open_.flags == {"fuzzy"} and open_.translations == ["កំពុងដំណើរការ"]
    assert change.key == ("verb", "Change") and change.translations == [""]
    assert plural.translations == ["x", "y"]

"""The Khmer and French catalogues are complete: no entry left untranslated, none marked
fuzzy (makemessages' guess from a neighbouring string, which gettext never shows), and both
languages know the same strings. Read with a small parser of the .po format, so the check
needs nothing beyond the standard library."""

from pathlib import Path

import pytest

from vss.testing.catalogues import Entry, parse_po

LOCALE = Path(__file__).resolve().parents[2] / "locale"
LANGUAGES = ("km", "fr")


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

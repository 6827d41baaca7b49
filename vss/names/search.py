"""How a typed name search reads: a person's given name is filed as one word or as two
(SREYMOM, SREY MOM), so the words of a search are read every way consecutive words of one
script can be run together, and each part is looked up both by its spelling (typed
partly, as one types into a search box) and by its sound (the romanisation variants the
matcher knows: CHHEUM and CHHIM, KEO and KAEV)."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from vss.names.keys import is_khmer, name_key
from vss.names.phonetic import sound_key

_WORD = re.compile(r"[\s,.;/-]+")
# Beyond this many words no reading runs words together: 2^(n-1) readings grow fast, and
# nobody's names take more words than this.
MAX_WORDS_JOINED = 5
# A sound this short is looked up as it is, not as the start of longer ones: "LI" is LY
# and LEE, not every name that begins with L.
SHORTEST_SOUND_PREFIX = 3


@dataclass(frozen=True)
class Part:
    """One name of a reading: its search key (vss.names.keys) and its sound key."""

    spelling: str
    sound: str

    @property
    def sound_is_prefix(self) -> bool:
        return len(self.sound) >= SHORTEST_SOUND_PREFIX


Reading = tuple[Part, ...]


def _part(text: str) -> Part | None:
    spelling = name_key(text)
    return Part(spelling, sound_key(text)) if spelling else None


def readings(query: str) -> list[Reading]:
    """Every way of reading the search as names, each word on its own first: every part
    of a reading must begin a name of the person (their family or given name, in spelling
    or in sound)."""
    words = [word for word in _WORD.split(query.strip()) if word and name_key(word)]
    if not words:
        return []
    joins = (
        itertools.product((False, True), repeat=len(words) - 1)
        if len(words) <= MAX_WORDS_JOINED
        else [(False,) * (len(words) - 1)]
    )
    found: list[Reading] = []
    for joined in joins:
        groups = [[words[0]]]
        for word, join in zip(words[1:], joined, strict=True):
            if join and is_khmer(word) == is_khmer(groups[-1][-1]):
                groups[-1].append(word)
            elif join:
                break  # words of two scripts are two names
            else:
                groups.append([word])
        else:
            parts = [_part("".join(group)) for group in groups]
            reading = tuple(part for part in parts if part)
            if reading and reading not in found:
                found.append(reading)
    return found


def part_begins(part: Part, spelling: str, sound: str) -> bool:
    """Whether a name whose search key and sound key are these begins with the part: the
    rule the database applies to the name rows of people (vss.people.selectors)."""
    if spelling.startswith(part.spelling):
        return True
    return sound.startswith(part.sound) if part.sound_is_prefix else sound == part.sound


def names_read_as(found: list[Reading], names: list[str]) -> bool:
    """Whether some reading of a search has every part begin one of these names (or one
    word of one of them), for the short lists searched in memory (lawyers)."""
    forms = {
        (name_key(text), sound_key(text))
        for name in names
        for text in (name, *_WORD.split(name.strip()))
        if name_key(text)
    }
    return any(
        all(any(part_begins(part, *form) for form in forms) for part in reading)
        for reading in found
    )

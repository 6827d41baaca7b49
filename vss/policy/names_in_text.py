"""Finding protected people's names in free text, fast enough for every page.

Each protected person's names make one regular expression (`names_pattern`): every
spelling of the given name, with the family names around it, written with or without
spaces and hyphens. Running thousands of them over each text of a page, compiled anew
for each request, cost seconds at the registry's scale. So one `NamesInText` is built per
process for the protected people as they stand, and it runs a person's expression only
where that person's given name is in the text: one Aho-Corasick pass (pyahocorasick) over
the text, folded as the expressions compare it, finds the candidates.

The pass must never miss a name the expressions would hide. Every expression needs one
of the person's given names, letter after letter with only spaces and hyphens between,
compared without case. `fold` drops spaces and hyphens and maps letters the way the
expressions' IGNORECASE compares them (the simple lower case, and the few letters such
as the long s that Python's `re` also takes for another), so a given name that an
expression finds is always a substring of the folded text.
`vss/policy/tests/test_names_in_text.py` checks that fold against `re` itself over every
code point.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from re import _casefix  # type: ignore[attr-defined]

import ahocorasick

from vss.core.kept import KeptUnderStamp

# Between the letters of a name written in free text: nothing, spaces or a hyphen, so
# that "Srey Mom", "Srey-Mom" and "Sreymom" are all the same name.
_JOIN = r"[\s\-]*"
PSEUDONYM_IN_TEXT = "[{pseudonym}]"

# A Khmer given name of fewer characters than this is as likely a word, or a syllable of
# one, as a name.
_KHMER_WORD_LIKE = 5
# A letter, a vowel sign or a mark of Khmer, or any other word character: what a name
# standing apart has on neither side.
_KHMER_OR_WORD = r"[\w\u1780-\u17D3\u17DD]"


def _bare(name: str) -> str:
    return "".join(c for c in name if not c.isspace() and c != "-")


def _loose(name: str) -> str:
    return _JOIN.join(re.escape(c) for c in name if not c.isspace() and c != "-")


def names_pattern(spellings: Iterable[tuple[str, str]]) -> re.Pattern[str] | None:
    """Every spelling of a person's given name kept (Latin, Khmer, aliases), with any of
    the family names before or after it when written."""
    spellings = set(spellings)
    alternatives = []
    for latin in (True, False):
        kept = [(f, g) for f, g in spellings if g.strip() and g.isascii() == latin]
        if not kept:
            continue
        # Longest first: the alternation takes the first spelling that matches.
        givens = "|".join(sorted({_loose(g) for _f, g in kept}, key=len, reverse=True))
        families = "|".join(
            sorted({_loose(f) for f, _g in kept if f.strip()}, key=len, reverse=True)
        )
        name = f"(?:{givens})"
        if families:
            name = f"(?:(?:{families}){_JOIN})?{name}(?:{_JOIN}(?:{families}))?"
        if latin:
            # Latin names are words: "Ly" is not hidden inside "only".
            alternatives.append(rf"(?<!\w){name}(?!\w)")
            continue
        # Khmer is written without spaces between words, so a Khmer name is looked for
        # anywhere: the whole name, and a given name long enough to be nobody's word.
        # A short given name is a word itself or part of many (សុខ, well-being, in
        # សុខភាព, health): it is hidden where it stands apart, not inside other words.
        if families:
            alternatives.append(
                f"(?:{families}){_JOIN}(?:{givens})(?:{_JOIN}(?:{families}))?"
                f"|(?:{givens}){_JOIN}(?:{families})"
            )
        longer = sorted(
            {_loose(g) for _f, g in kept if len(_bare(g)) >= _KHMER_WORD_LIKE},
            key=len,
            reverse=True,
        )
        shorter = sorted(
            {_loose(g) for _f, g in kept if len(_bare(g)) < _KHMER_WORD_LIKE}, key=len, reverse=True
        )
        if longer:
            alternatives.append(f"(?:{'|'.join(longer)})")
        if shorter:
            alternatives.append(f"(?<!{_KHMER_OR_WORD})(?:{'|'.join(shorter)})(?!{_KHMER_OR_WORD})")
    if not alternatives:
        return None
    return re.compile("|".join(alternatives), re.IGNORECASE)


def given_names(spellings: Iterable[tuple[str, str]]) -> set[str]:
    """The given names one of which every match of `names_pattern` contains."""
    return {g for _f, g in spellings if g.strip()}


def _same_letter_classes() -> dict[int, int]:
    """The letters that `re` takes for one another beyond their simple lower case (i and
    dotless i, s and long s...), each mapped to the smallest of its class."""
    classes: dict[int, int] = {}
    for lower, others in _casefix._EXTRA_CASES.items():
        smallest = min((lower, *others))
        for code in (lower, *others):
            classes[code] = min(classes.get(code, smallest), smallest)
    return classes


class _Folding(dict[int, int | None]):
    """A `str.translate` table filled as characters are met: spaces and hyphens dropped,
    letters to one representative of those `re`'s IGNORECASE takes as equal."""

    def __init__(self) -> None:
        super().__init__()
        self._classes = _same_letter_classes()

    def __missing__(self, code: int) -> int | None:
        folded: int | None
        if chr(code).isspace() or code == ord("-"):
            folded = None
        else:
            lower = _sre.unicode_tolower(code)
            folded = self._classes.get(lower, lower)
        self[code] = folded
        return folded


_FOLDING = _Folding()


def fold(text: str) -> str:
    return text.translate(_FOLDING)


@dataclass(frozen=True)
class ProtectedNames:
    """One protected person as free text knows them."""

    person_id: int
    pseudonym: str
    spellings: frozenset[tuple[str, str]]


@dataclass
class NamesInText:
    """Hides the names of protected people in free text; built once per state of the
    protected people's names and shared by every request of the process."""

    people: Sequence[ProtectedNames]
    _automaton: ahocorasick.Automaton = field(init=False, repr=False)
    # Folded given name -> positions in `people` of those who bear it.
    _bearers: dict[str, list[int]] = field(init=False, repr=False)
    # People with a given name that folds to nothing: looked for in every text.
    _always: list[int] = field(init=False, repr=False)
    _patterns: dict[int, re.Pattern[str] | None] = field(init=False, repr=False)
    _lock: threading.Lock = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._bearers = {}
        self._always = []
        for position, person in enumerate(self.people):
            for given in given_names(person.spellings):
                folded = fold(given)
                if folded:
                    self._bearers.setdefault(folded, []).append(position)
                else:
                    self._always.append(position)
        self._automaton = ahocorasick.Automaton()
        for folded in self._bearers:
            self._automaton.add_word(folded, folded)
        if self._bearers:
            self._automaton.make_automaton()
        self._patterns = {}
        self._lock = threading.Lock()

    def _candidates(self, text: str) -> set[int]:
        found = set(self._always)
        if self._bearers:
            for _end, folded in self._automaton.iter(fold(text)):
                found.update(self._bearers[folded])
        return found

    def _pattern(self, position: int) -> re.Pattern[str] | None:
        try:
            return self._patterns[position]
        except KeyError:
            pattern = names_pattern(self.people[position].spellings)
            with self._lock:
                self._patterns[position] = pattern
            return pattern

    def hide(self, text: str, known: frozenset[int]) -> str:
        """`text` with the names of every person but the `known` replaced by their
        pseudonyms, person after person in the order of `people`."""
        candidates = self._candidates(text)
        position = -1
        while True:
            later = [c for c in candidates if c > position]
            if not later:
                return text
            position = min(later)
            person = self.people[position]
            if person.person_id in known:
                continue
            pattern = self._pattern(position)
            if pattern is None:
                continue
            hidden = pattern.sub(PSEUDONYM_IN_TEXT.format(pseudonym=person.pseudonym), text)
            if hidden != text:
                # A pseudonym written in may itself spell somebody's name, as it would
                # have for the expressions run one after another over the whole text.
                text = hidden
                candidates = self._candidates(text)


_finder: KeptUnderStamp[NamesInText] = KeptUnderStamp()


def names_in_text(
    stamp: str | None, read_people: Callable[[], Sequence[ProtectedNames]]
) -> NamesInText:
    """The process's finder of the protected people's names, built again when their
    `stamp` changed; without a stamp, from the people as `read_people` reads them now.
    The stamp is read before the people, so a finder is never kept under a stamp newer
    than its names."""
    return _finder.get(stamp, lambda: NamesInText(people=tuple(read_people())))


def forget() -> None:
    """Drop the process's finder: the next request builds it again."""
    _finder.forget()

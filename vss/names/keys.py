"""Search keys for names, so that the spellings of one name written by different hands
meet: Khmer script normalised (coeng order, split vowels, zero-width spaces), Latin folded
over the usual romanisation variants (SOKH/SOK, CHEAR/CHEA, PAUV/POV, THEARY/TEARY)."""

import re
import unicodedata
from functools import lru_cache

from khmernormalizer import normalize as khmer_normalize

_KHMER = re.compile(r"[\u1780-\u17FF\u19E0-\u19FF]")
_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_NOT_LETTER = re.compile(r"[^a-z]")
# Order matters: digraphs first, then vowel groups, then the doubled letters they leave.
_LATIN_FOLDS: tuple[tuple[str, str], ...] = (
    ("kh", "k"),
    ("ph", "p"),
    ("th", "t"),
    ("gn", "nh"),
    ("ia", "ea"),
    ("au", "o"),
    ("ou", "o"),
    ("uo", "o"),
    ("oe", "o"),
    ("w", "v"),
    ("y", "i"),
)
_DOUBLED = re.compile(r"(.)\1+")
# A final h or r after a vowel is silent in these transcriptions (SOKH, CHEAR, SOPHEAH).
_SILENT_END = re.compile(r"(?<=[aeiou])[hr]$")


def is_khmer(text: str) -> bool:
    return bool(_KHMER.search(text))


# Names repeat: a few thousand spellings make most of a registry of millions, and the
# normaliser takes about half a millisecond a name. Writers of many people at once (the
# import of a spreadsheet, the demo data) read the key of a name once.
@lru_cache(maxsize=200_000)
def khmer_key(text: str) -> str:
    return _INVISIBLE.sub("", khmer_normalize(text))


@lru_cache(maxsize=200_000)
def latin_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    key = _NOT_LETTER.sub("", "".join(c for c in decomposed if not unicodedata.combining(c)))
    for old, new in _LATIN_FOLDS:
        key = key.replace(old, new)
    key = _DOUBLED.sub(r"\1", key)
    return _SILENT_END.sub("", key)


def name_key(text: str) -> str:
    return khmer_key(text) if is_khmer(text) else latin_key(text)

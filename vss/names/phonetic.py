"""Phonetic keys for Khmer names written in Latin letters, so that the competing
romanisations of one name (SOK / SOKH, CHEA / CHEAR / CHIA, POV / PAUV / PEOU, THEARY /
TEARY, NUON / NOUN / NUN, CHHIM / CHHOEUM ...) fold to one key, and the romanisation of
the Khmer spelling (``romanise.khmer_to_latin``) lands on that key too.

A key is the word's consonant skeleton with each vowel group replaced by a vowel class:

====== ========================================================== =====================
class  spellings folded together                                  Khmer vowels
====== ========================================================== =====================
A      a (aa, final ah, ar)                                       ា a-series, inherent
EA     ea, ia, ie, iea                                            ា o-series, ៀ
I      e, i, y, ee, ei, ey, ae, eu, oe, oeu, aeu, ue              ិ ី េ ែ ឹ ឺ ើ ឿ
O      o, u, ou, oo, uo, ua, oa, au, ao, eou, and o/u + v or w    ុ ូ ួ ោ ៅ, o-series inh.
AI     ai, ay                                                     ៃ, ាយ
OI     oi, oy, ui, uy                                             ុយ, ោយ
EO     eo, ev, ew, eov, aev                                       ែវ
IEU    ieu, iev, iew, eav, iu                                     ៀវ, ាវ o-series
====== ========================================================== =====================

Consonants: KH -> K, PH -> P, TH -> T, CHH -> CH, TCH -> CH, GN -> NH, W -> V, KS -> S,
C -> K, Q -> K, J -> CH, Z -> S, G (not in NG) -> K; D inside a word -> T (ធីតា THIDA /
TIDA, ភក្តី PHEAKDEY); final B -> P, D -> T, G -> K; Y is a consonant only at the start
of a word before a vowel (YIM), otherwise the vowel I. Silent letters: R after a vowel
(CHEAR, VORNG, SUORN, CHAMROEURN), final H after a vowel (DARAH), final S after NG (VONGS),
a final E after a consonant in a word with an earlier vowel (SOKE); AING -> ANG (TAING /
TANG). Doubled letters collapse (SUNN, PHALLA, KANNHA). Letters are folded to ASCII
first; everything that is not a letter is dropped.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from vss.names.keys import is_khmer
from vss.names.romanise import khmer_to_latin

__all__ = ["name_keys", "phonetic_key", "word_keys"]

_WORD_SPLIT = re.compile(r"[^\w]+|_")
_NOT_LETTER = re.compile(r"[^a-z]")

# Ordered consonant folds (digraphs before their parts).
_CONSONANT_FOLDS: tuple[tuple[str, str], ...] = (
    (r"w", "v"),
    (r"gn", "nh"),  # KAGNA / KANHA
    (r"(?<!n)g", "k"),  # GUEK / KEK; NG stays
    (r"chh", "ch"),
    (r"tch", "ch"),
    (r"kh", "k"),
    (r"ph", "p"),
    (r"th", "t"),
    (r"dh", "d"),
    (r"bh", "b"),
    (r"sh", "s"),
    (r"ck", "k"),
    (r"c(?!h)", "k"),
    (r"q", "k"),
    (r"j", "ch"),
    (r"z", "s"),
    (r"x", "s"),
    (r"ks", "s"),  # RAKSMEY / RASMEY
    (r"aing", "ang"),  # TAING / TANG, KAING
    (r"ngs$", "ng"),  # VONGS
    (r"(?<=[aeiou])r(?![aeiour])", ""),  # CHEAR, VORNG, SUORN, CHAMROEURN
    (r"(?<=[aeiou][^aeiouy])e$", ""),  # SOKE
    (r"(?<=[aeiou])h$", ""),  # DARAH, SOPHEAH
    (r"(?<=[aeiou][^aeiou])r$", ""),  # SOPHEAKR: a silent subscript written out
    (r"(?<=.)d", "t"),  # THIDA / TIDA, PHEAKDEY
    (r"b$", "p"),  # TEB, SOPHEAB
)
_COMPILED_FOLDS = tuple((re.compile(pattern), repl) for pattern, repl in _CONSONANT_FOLDS)
_DOUBLED = re.compile(r"(.)\1+")
_GLIDE = re.compile(r"(?<=[aeiou])v(?![aeiou])")  # POV, KEV, KHIEV: v after a vowel is [w]
_VOWEL_RUN = re.compile(r"[aeiou]+W?")

_RUN_CLASSES: dict[str, str] = {}
for _class, _runs in {
    "A": "a",
    "EA": "ea ia ie iea eia iae eai",
    "I": "e i ei ae eu oe oeu ue eue aeu oeue aei",
    "O": "o u ou uo ua oa au ao oua uoa aou eou ouo oW uW ouW uoW auW aoW aW eouW",
    "AI": "ai aie",
    "OI": "oi ui uoi oai oui",
    "EO": "eo eW eoW aeW aeo aeoW oeW",
    "IEU": "ieu ieW eaW iW eau iu iou ieo eaoW eao",
}.items():
    for _run in _runs.split():
        _RUN_CLASSES[_run] = _class


def _vowel_class(run: str) -> str:
    """The class of a vowel group; an unknown group is cut into the longest known groups
    from the left (a lone letter is always known)."""
    classes: list[str] = []
    while run:
        for end in range(len(run), 0, -1):
            if run[:end] in _RUN_CLASSES:
                classes.append(_RUN_CLASSES[run[:end]])
                run = run[end:]
                break
        else:  # a lone glide
            classes.append("O")
            run = run[1:]
    return "".join(classes)


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=200_000)
def _word_key(word: str) -> str:
    w = _NOT_LETTER.sub("", _ascii(word))
    if not w:
        return ""
    # Y is a consonant only before a vowel at the start of a word (YIM, YOEM); else it is
    # the vowel I (LY, SREY, YSA). A placeholder keeps it out of the vowel groups.
    if len(w) > 1 and w[0] == "y" and w[1] in "aeiou":
        w = "Y" + w[1:]
    w = w.replace("y", "i")
    for pattern, repl in _COMPILED_FOLDS:
        w = pattern.sub(repl, w)
    w = _DOUBLED.sub(r"\1", w)
    w = _GLIDE.sub("W", w)
    w = _VOWEL_RUN.sub(lambda m: _vowel_class(m.group()), w)
    return _DOUBLED.sub(r"\1", w.upper())


def word_keys(latin: str) -> list[str]:
    """The key of each word of a Latin name, in order (empty words dropped)."""
    return [key for key in (_word_key(w) for w in _WORD_SPLIT.split(latin)) if key]


def phonetic_key(latin: str) -> str:
    """One key for a whole Latin name: the keys of its words run together, so that
    SREY MOM and SREYMOM share a key."""
    return "".join(word_keys(latin))


def sound_key(text: str) -> str:
    """One key for how a name sounds, however its words are split and in either script:
    SREY MOM, SREYMOM and ស្រីមុំ (through its romanisation) give one key, CHHEUM and
    CHHIM another. Name search stores and looks up this key; unlike ``phonetic_key`` it
    keys the letters run together, so that a name typed in more words than it was filed
    with (SOK HA for SOKHA) still meets it."""
    latin = khmer_to_latin(text) if is_khmer(text) else text
    return _word_key("".join(_WORD_SPLIT.split(latin)))


def name_keys(latin: str, khmer: str) -> set[str]:
    """The phonetic keys of a name from both scripts: the key of each Latin word and of
    each Khmer word romanised by ``khmer_to_latin``, plus, for a name of several words,
    the key of the words run together (SREY MOM / ស្រីមុំ / SREYMOM meet on SRIMOM)."""
    keys: set[str] = set()
    for text in (latin, khmer_to_latin(khmer) if khmer else ""):
        words = word_keys(text)
        keys.update(words)
        if len(words) > 1:
            keys.add("".join(words))
    return keys

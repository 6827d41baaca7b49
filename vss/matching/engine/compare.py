"""How two records compare, field by field, as small integer *levels* (exact, close,
different, missing...). The levels are what the model weighs and what a reviewer reads."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import JaroWinkler

from .arrays import unique_inverse
from .records import MISSING, RecordSet

# Name levels: the phonetic keys are equal, very close (one slip of the keyboard), alike,
# or different. Finer levels let "different" mean different: a twin's name, not a typo.
NAME_MISSING, NAME_EXACT, NAME_CLOSE, NAME_ALIKE, NAME_DIFFERENT = 0, 1, 2, 3, 4
CLOSE_SIMILARITY = 0.92
ALIKE_SIMILARITY = 0.80
# Birth year levels: missing, same, 1 apart, 2-3 apart, 4-6 apart, further
YEAR_BANDS = (0, 1, 3, 6)
# Place levels: missing, same village, same commune, same district, same province, elsewhere
PLACE_DIVISORS = (1, 100, 10_000, 1_000_000)
# Sex levels: missing, same, different

FIELDS = ("family_name", "given_name", "birth_year", "place", "sex")
LEVEL_LABELS: dict[str, tuple[str, ...]] = {
    "family_name": ("missing", "same", "nearly the same", "alike", "different"),
    "given_name": ("missing", "same", "nearly the same", "alike", "different"),
    "birth_year": (
        "missing",
        "same year",
        "1 year apart",
        "2-3 years apart",
        "4-6 years apart",
        "further apart",
    ),
    "place": (
        "missing",
        "same village",
        "same commune",
        "same district",
        "same province",
        "elsewhere",
    ),
    "sex": ("missing", "same", "different"),
}


@dataclass
class Comparison:
    """Levels of n pairs, one column per field, and for exact name levels the key
    that agreed (for its frequency weight)."""

    levels: np.ndarray  # (n, len(FIELDS)) uint8
    family_key: np.ndarray  # int32, the agreeing key where family_name is exact
    given_key: np.ndarray
    swapped: np.ndarray  # bool: names agreed with family and given crossed


class SimilarityCache:
    """Jaro-Winkler similarity of phonetic keys, computed once per distinct key pair:
    names repeat so much that millions of pairs come down to far fewer key pairs."""

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys
        self.known: dict[int, float] = {}

    def similarity(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        width = np.int64(len(self.keys) + 1)
        codes = np.minimum(a, b).astype(np.int64) * width + np.maximum(a, b)
        unique, inverse = unique_inverse(codes)
        values = np.empty(len(unique), dtype=np.float32)
        keys, known = self.keys, self.known
        for index, code in enumerate(unique.tolist()):
            value = known.get(code)
            if value is None:
                x, y = divmod(code, int(width))
                value = JaroWinkler.normalized_similarity(keys[x], keys[y]) if x and y else 0.0
                known[code] = value
            values[index] = value
        return values[inverse]


def _name_level(
    cache: SimilarityCache,
    a_latin: np.ndarray,
    a_khmer: np.ndarray,
    b_latin: np.ndarray,
    b_khmer: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Best agreement over the scripts both records wrote, and the key that agreed."""
    level = np.full(len(a_latin), NAME_MISSING, dtype=np.uint8)
    agreed = np.zeros(len(a_latin), dtype=np.int32)
    present = ((a_latin > 0) | (a_khmer > 0)) & ((b_latin > 0) | (b_khmer > 0))
    level[present] = NAME_DIFFERENT
    for x, y in ((a_latin, b_latin), (a_khmer, b_khmer), (a_latin, b_khmer), (a_khmer, b_latin)):
        both = (x > 0) & (y > 0) & (level != NAME_EXACT)
        exact = both & (x == y)
        level[exact] = NAME_EXACT
        agreed[exact] = x[exact]
        unsettled = np.flatnonzero(both & ~exact & (level > NAME_CLOSE))
        if len(unsettled):
            similarity = cache.similarity(x[unsettled], y[unsettled])
            found = np.where(
                similarity >= CLOSE_SIMILARITY,
                NAME_CLOSE,
                np.where(similarity >= ALIKE_SIMILARITY, NAME_ALIKE, NAME_DIFFERENT),
            ).astype(np.uint8)
            level[unsettled] = np.minimum(level[unsettled], found)
    return level, agreed


def _rank(level: np.ndarray) -> np.ndarray:
    # exact < close < alike < different < missing, as evidence of a match
    return np.choose(level, [4, 0, 1, 2, 3]).astype(np.int8)


def compare(records: RecordSet, i: np.ndarray, j: np.ndarray, cache: SimilarityCache) -> Comparison:
    r = records
    fam, fam_key = _name_level(
        cache, r.family_latin[i], r.family_khmer[i], r.family_latin[j], r.family_khmer[j]
    )
    giv, giv_key = _name_level(
        cache, r.given_latin[i], r.given_khmer[i], r.given_latin[j], r.given_khmer[j]
    )
    # The same names written in the other order (family name last, as in western forms).
    fam_x, fam_x_key = _name_level(
        cache, r.family_latin[i], r.family_khmer[i], r.given_latin[j], r.given_khmer[j]
    )
    giv_x, giv_x_key = _name_level(
        cache, r.given_latin[i], r.given_khmer[i], r.family_latin[j], r.family_khmer[j]
    )
    straight = _rank(fam).astype(np.int16) + _rank(giv)
    crossed = _rank(fam_x).astype(np.int16) + _rank(giv_x)
    # Only both names crossed count as a swap: a child whose family name is the father's
    # given name agrees with him on one name crossed, and is not the same person for it.
    both_alike = (fam_x >= NAME_EXACT) & (fam_x <= NAME_ALIKE) & (giv_x >= NAME_EXACT)
    swapped = (crossed < straight) & both_alike & (giv_x <= NAME_ALIKE)
    fam = np.where(swapped, fam_x, fam)
    giv = np.where(swapped, giv_x, giv)
    fam_key = np.where(swapped, fam_x_key, fam_key)
    giv_key = np.where(swapped, giv_x_key, giv_key)

    years_a, years_b = r.birth_year[i].astype(np.int16), r.birth_year[j].astype(np.int16)
    gap = np.abs(years_a - years_b)
    year = np.full(len(i), len(YEAR_BANDS) + 1, dtype=np.uint8)
    for level, band in reversed(list(enumerate(YEAR_BANDS, start=1))):
        year[gap <= band] = level
    year[(years_a == MISSING) | (years_b == MISSING)] = 0

    va, vb = r.village[i], r.village[j]
    place = np.full(len(i), len(PLACE_DIVISORS) + 1, dtype=np.uint8)
    for level, divisor in reversed(list(enumerate(PLACE_DIVISORS, start=1))):
        place[(va // divisor) == (vb // divisor)] = level
    place[(va == MISSING) | (vb == MISSING)] = 0

    sa, sb = r.sex[i], r.sex[j]
    sex = np.where((sa == 0) | (sb == 0), 0, np.where(sa == sb, 1, 2)).astype(np.uint8)

    levels = np.column_stack([fam, giv, year, place, sex]).astype(np.uint8)
    return Comparison(levels=levels, family_key=fam_key, given_key=giv_key, swapped=swapped)

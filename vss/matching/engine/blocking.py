"""Which pairs of records are worth comparing at all. Each rule groups records that agree
on a few cheap features; a duplicate that escapes one rule (a typo in the family name, a
Khmer-only record, a missing village) is caught by another."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .records import MISSING, RecordSet

# Records this far apart in a group's sorted order are not paired: in a very large group
# (a common name in a big commune) each record meets only its nearest neighbours, sorted
# by the rule's tie-breaker, so the work stays linear in the number of records.
DEFAULT_WINDOW = 60


@dataclass(frozen=True)
class BlockingRule:
    name: str
    # Returns one int64 group key per record, or -1 where the record cannot be grouped.
    key: Callable[[RecordSet], np.ndarray]
    # Orders records inside a group, so the window keeps the most alike together.
    order: Callable[[RecordSet], np.ndarray]


def _combine(*parts: np.ndarray) -> np.ndarray:
    """Hash several non-negative int columns into one int64 key; -1 if any is missing."""
    key = np.zeros(len(parts[0]), dtype=np.int64)
    missing = np.zeros(len(parts[0]), dtype=bool)
    for part in parts:
        part64 = part.astype(np.int64)
        missing |= part64 < 0
        key = key * np.int64(1_000_003) + part64
    key[missing] = -1
    return key


def _nonzero(keys: np.ndarray) -> np.ndarray:
    out = keys.astype(np.int64)
    out[out == 0] = -1
    return out


def _names_either_order(r: RecordSet, family: np.ndarray, given: np.ndarray) -> np.ndarray:
    low, high = np.minimum(family, given), np.maximum(family, given)
    return _combine(_nonzero(low), _nonzero(high))


RULES: tuple[BlockingRule, ...] = (
    # Both names, in either order (swapped family and given names meet here).
    BlockingRule(
        "names (Latin)",
        lambda r: _names_either_order(r, r.family_latin, r.given_latin),
        lambda r: r.birth_year,
    ),
    BlockingRule(
        "names (Khmer)",
        lambda r: _names_either_order(r, r.family_khmer, r.given_khmer),
        lambda r: r.birth_year,
    ),
    # A Khmer-only record against a Latin-only one: through the transliteration.
    BlockingRule(
        "names (across scripts)",
        lambda r: _names_either_order(r, r.family, r.given),
        lambda r: r.birth_year,
    ),
    # One name mistyped: the other name and the year, or the other name and the commune.
    BlockingRule(
        "given name + year",
        lambda r: _combine(_nonzero(r.given), r.birth_year),
        lambda r: r.village,
    ),
    BlockingRule(
        "family name + year",
        lambda r: _combine(_nonzero(r.family), r.birth_year),
        lambda r: r.village,
    ),
    BlockingRule(
        "given name + commune",
        lambda r: _combine(_nonzero(r.given), np.where(r.village >= 0, r.village // 100, MISSING)),
        lambda r: r.birth_year,
    ),
    BlockingRule(
        "family name + commune",
        lambda r: _combine(_nonzero(r.family), np.where(r.village >= 0, r.village // 100, MISSING)),
        lambda r: r.birth_year,
    ),
    # Both names mangled or transliterated apart: same village and year of birth.
    BlockingRule("village + year", lambda r: _combine(r.village, r.birth_year), lambda r: r.family),
)


def pairs_in_groups(
    keys: np.ndarray, order: np.ndarray, window: int = DEFAULT_WINDOW
) -> np.ndarray:
    """All pairs (i < j) of records sharing a key, limited to `window` neighbours in
    each group's order. Returns an int64 array of codes i * n + j."""
    n = len(keys)
    valid = np.flatnonzero(keys >= 0)
    if len(valid) < 2:
        return np.empty(0, dtype=np.int64)
    sort = valid[np.lexsort((order[valid], keys[valid]))]
    sorted_keys = keys[sort]
    chunks = []
    for offset in range(1, window + 1):
        same = sorted_keys[offset:] == sorted_keys[:-offset]
        if not same.any():
            break
        a, b = sort[:-offset][same], sort[offset:][same]
        chunks.append(np.minimum(a, b).astype(np.int64) * n + np.maximum(a, b))
    return np.concatenate(chunks) if chunks else np.empty(0, dtype=np.int64)


def candidate_pairs(
    records: RecordSet, rules: tuple[BlockingRule, ...] = RULES, window: int = DEFAULT_WINDOW
) -> tuple[np.ndarray, np.ndarray]:
    """Distinct candidate pairs over all rules, as two index arrays (i < j)."""
    codes = np.unique(
        np.concatenate(
            [pairs_in_groups(rule.key(records), rule.order(records), window) for rule in rules]
        )
    )
    n = np.int64(len(records))
    return (codes // n).astype(np.int32), (codes % n).astype(np.int32)


def candidates_for_one(
    records: RecordSet, probe: RecordSet, rules: tuple[BlockingRule, ...] = RULES
) -> np.ndarray:
    """Indexes of the records sharing at least one blocking key with the single record
    in `probe` (the live check while a form is typed)."""
    found = []
    for rule in rules:
        probe_key = rule.key(probe)[0]
        if probe_key >= 0:
            found.append(np.flatnonzero(rule.key(records) == probe_key))
    return np.unique(np.concatenate(found)) if found else np.empty(0, dtype=np.int64)

"""Which pairs of records are worth comparing at all. Each rule gives every record one or
more keys (a name pair in either order and either script, with a district or a band of
birth years; one name with a commune or a village...), and records sharing a key are
compared. A duplicate that escapes one rule (a typo in a name, a Khmer-only record, a
missing village or year) is caught by another.

A key shared by more than a rule's `cap` records is skipped: so many people agree on it
(SOK SOPHAL born 1950-53, with no village written) that a pair inside could only be
told from strangers by fields a narrower rule keys on (the district, the village) - and
comparing all of them would grow with the square of the registry. So the work stays
linear in the number of records at any size.

Rules were chosen on the 10k synthetic benchmark for recall (which true pairs share a
key does not depend on the registry's size) and on the 1M one for cost."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .arrays import unique
from .records import MISSING, RecordSet

DEFAULT_CAP = 50

Keys = Callable[[RecordSet], list[np.ndarray]]


@dataclass(frozen=True)
class BlockingRule:
    name: str
    # One or more int64 key columns (one key per record each; -1: none). A record
    # meets every record sharing any of its keys.
    keys: Keys
    cap: int = DEFAULT_CAP


_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)


def _combine(*parts: np.ndarray) -> np.ndarray:
    """Hash several non-negative int columns into one non-negative int64 key (a 64-bit
    multiplicative hash: collisions only ever add a pair to compare); -1 if any part is
    missing (negative)."""
    key = np.zeros(len(parts[0]), dtype=np.uint64)
    missing = np.zeros(len(parts[0]), dtype=bool)
    with np.errstate(over="ignore"):
        for part in parts:
            part64 = np.asarray(part).astype(np.int64)
            missing |= part64 < 0
            key = (key + part64.astype(np.uint64) + np.uint64(1)) * _MULTIPLIER
            key ^= key >> np.uint64(29)
    out = (key >> np.uint64(1)).astype(np.int64)
    out[missing] = -1
    return out


def _present(keys: np.ndarray) -> np.ndarray:
    out = keys.astype(np.int64)
    out[out <= 0] = -1
    return out


def _name_pairs(r: RecordSet) -> list[np.ndarray]:
    """Both names as one key, in either order, for each script of the family name with
    each script of the given name: swapped names, Khmer-only and Latin-only records meet."""
    out = []
    for family in (r.family_latin, r.family_khmer):
        for given in (r.given_latin, r.given_khmer):
            low, high = np.minimum(family, given), np.maximum(family, given)
            out.append(_combine(_present(low), _present(high)))
    return out


def _family_names(r: RecordSet) -> list[np.ndarray]:
    return [_present(r.family_latin), _present(r.family_khmer)]


def _given_names(r: RecordSet) -> list[np.ndarray]:
    return [_present(r.given_latin), _present(r.given_khmer)]


def _any_names(r: RecordSet) -> list[np.ndarray]:
    return _family_names(r) + _given_names(r)


def _place(r: RecordSet, divisor: int) -> np.ndarray:
    return np.where(r.village >= 0, r.village // divisor, MISSING)


def _year_bands(r: RecordSet) -> list[np.ndarray]:
    """Two overlapping 4-year bands: any two years at most 2 apart share one."""
    year = r.birth_year.astype(np.int64)
    return [np.where(year >= 0, (year + shift) // 4, MISSING) for shift in (0, 2)]


def _with(keys: list[np.ndarray], *others: np.ndarray) -> list[np.ndarray]:
    return [_combine(key, *others) for key in keys]


def _with_bands(r: RecordSet, keys: list[np.ndarray], *others: np.ndarray) -> list[np.ndarray]:
    return [_combine(key, band, *others) for key in keys for band in _year_bands(r)]


RULES: tuple[BlockingRule, ...] = (
    # Both names (either order, any script) and the district: most duplicates.
    BlockingRule("names + district", lambda r: _with(_name_pairs(r), _place(r, 10_000))),
    # Both names and nearly the year: the village missing or far.
    BlockingRule("names + years", lambda r: _with_bands(r, _name_pairs(r))),
    # Both names alone, when few people bear them: neither place nor year in common.
    BlockingRule("names", _name_pairs, cap=30),
    # One name mistyped or romanised apart: the other name and the commune or village.
    BlockingRule("given name + commune", lambda r: _with(_given_names(r), _place(r, 100))),
    BlockingRule("family name + village", lambda r: _with(_family_names(r), r.village)),
    # One name and the year and the district: the other name mangled, the village moved.
    BlockingRule(
        "a name + year + district",
        lambda r: _with(_any_names(r), r.birth_year, _place(r, 10_000)),
    ),
    # Both names mangled or transliterated apart: the village and nearly the year.
    BlockingRule("village + years", lambda r: _with_bands(r, [r.village.astype(np.int64)])),
)


def key_shard(keys: np.ndarray, shards: int) -> np.ndarray:
    """The shard (0 .. shards-1) of each key: the key mixed once more, as the raw name
    and village keys are small consecutive numbers."""
    with np.errstate(over="ignore"):
        mixed = keys.astype(np.uint64) * _MULTIPLIER
    return ((mixed >> np.uint64(33)) % np.uint64(shards)).astype(np.int64)


def _keyed(
    records: RecordSet, rule: BlockingRule, shard: tuple[int, int] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(key, record) of every key a rule gives, each pair once, sorted by key; with
    `shard` (number, shards), only the keys of that shard - whole groups, since a
    group is all the records of one key."""
    columns = rule.keys(records)
    if shard is None:
        keys = np.concatenate(columns)
        owners = np.tile(np.arange(len(records), dtype=np.int64), len(columns))
        valid = keys >= 0
        keys, owners = keys[valid], owners[valid]
    else:
        # Column by column, so that a shard never holds every record's keys at once.
        kept = [(column >= 0) & (key_shard(column, shard[1]) == shard[0]) for column in columns]
        keys = np.concatenate([column[keep] for column, keep in zip(columns, kept, strict=True)])
        owners = np.concatenate([np.flatnonzero(keep) for keep in kept]).astype(np.int64)
        del kept
    order = np.lexsort((owners, keys))
    keys, owners = keys[order], owners[order]
    fresh = np.r_[True, (keys[1:] != keys[:-1]) | (owners[1:] != owners[:-1])]
    return keys[fresh], owners[fresh]


def _pairs_in_groups(keys: np.ndarray, owners: np.ndarray, cap: int, n: int) -> np.ndarray:
    """For (key, owner) sorted by key, every pair of owners sharing a key in a group of
    at most `cap`, as codes i * n + j (i < j; a pair met in two groups comes twice)."""
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    small = (sizes > 1) & (sizes <= cap)
    starts, sizes = starts[small], sizes[small]
    if not len(starts):
        return np.empty(0, dtype=np.int64)
    # Positions inside the kept groups, and how many members follow each in its group.
    position = np.repeat(starts - np.cumsum(np.r_[0, sizes[:-1]]), sizes) + np.arange(sizes.sum())
    following = np.repeat(starts + sizes, sizes) - position - 1
    members = owners[position]
    chunks = []
    offset = 1
    while len(position):
        keep = following >= offset
        position, following, members = position[keep], following[keep], members[keep]
        if not len(position):
            break
        partners = owners[position + offset]
        chunks.append(np.minimum(members, partners) * n + np.maximum(members, partners))
        offset += 1
    return np.concatenate(chunks) if chunks else np.empty(0, dtype=np.int64)


def pairs_of_rule(
    records: RecordSet, rule: BlockingRule, shard: tuple[int, int] | None = None
) -> np.ndarray:
    """Pairs (i < j) sharing a key of the rule in a group of at most rule.cap records, as
    int64 codes i * n + j (not deduplicated); with `shard` (number, shards), only those
    of the keys of that shard (key_shard)."""
    keys, owners = _keyed(records, rule, shard)
    return _pairs_in_groups(keys, owners, rule.cap, len(records))


def candidate_pairs(
    records: RecordSet, rules: tuple[BlockingRule, ...] = RULES
) -> tuple[np.ndarray, np.ndarray]:
    """Distinct candidate pairs over all rules, as two index arrays (i < j)."""
    codes = unique(np.concatenate([pairs_of_rule(records, rule) for rule in rules]))
    n = np.int64(max(len(records), 1))
    return (codes // n).astype(np.int32), (codes % n).astype(np.int32)


def shard_pair_codes(
    records: RecordSet, shard: int, shards: int, rules: tuple[BlockingRule, ...] = RULES
) -> np.ndarray:
    """The distinct pair codes (i * n + j, sorted) that the keys of one shard give. Every
    candidate pair comes from at least one shard, and one that shares keys of several
    shards comes from each of them: the union over the shards is candidate_pairs'."""
    parts = []
    for rule in rules:
        # Deduplicated rule by rule so that the shard never holds all its raw pairs.
        parts.append(unique(pairs_of_rule(records, rule, (shard, shards))))
    return unique(np.concatenate(parts)) if parts else np.empty(0, dtype=np.int64)


class BlockingIndex:
    """The rules' keys of a registry, sorted once, so that the records sharing a key with
    one new record are found by binary search (the live check while a form is typed):
    per rule a sorted int64 key array and the record of each key."""

    def __init__(self, records: RecordSet, rules: tuple[BlockingRule, ...] = RULES) -> None:
        self.rules = rules
        self.size = len(records)
        self.tables = [_keyed(records, rule) for rule in rules]

    def candidates(self, probe: RecordSet) -> np.ndarray:
        """Indexes of the indexed records sharing a key with the first record of `probe`
        (interned with the registry's KeyTable), in groups of at most the rule's cap -
        the pairs the batch run would compare."""
        found = []
        for rule, (keys, owners) in zip(self.rules, self.tables, strict=True):
            probe_keys = unique(np.concatenate([column[:1] for column in rule.keys(probe)]))
            probe_keys = probe_keys[probe_keys >= 0]
            if not len(probe_keys):
                continue
            low = np.searchsorted(keys, probe_keys, side="left")
            high = np.searchsorted(keys, probe_keys, side="right")
            for start, end in zip(low.tolist(), high.tolist(), strict=True):
                if 0 < end - start < rule.cap:
                    found.append(owners[start:end])
        if not found:
            return np.empty(0, dtype=np.int64)
        return unique(np.concatenate(found))


def candidates_for_one(
    records: RecordSet, probe: RecordSet, rules: tuple[BlockingRule, ...] = RULES
) -> np.ndarray:
    """Indexes of the records sharing at least one blocking key with the single record in
    `probe` (interned with the records' KeyTable). Builds the index each call: to check
    many records against one registry, keep a BlockingIndex."""
    return BlockingIndex(records, rules).candidates(probe)

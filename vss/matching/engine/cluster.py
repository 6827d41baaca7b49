"""From scored pairs to people: records linked by confident pairs form one cluster.

A chain of links can join two people who were never compared directly: A~B and B~C, where
B lacks the village or the year that tells A and C apart (a father and his namesake son,
two strangers with one common name in two provinces). So every cluster of three or more
records is checked as a whole: all its pairs are scored, and when some pair inside is
not a match, the cluster is rebuilt by average linkage - two groups join only while the
pairs across them are, on average, more likely one person than not (their mean log-odds
at or above the threshold's). A cluster that grows beyond what duplicates produce is
first split at stricter thresholds so that this check stays small."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .arrays import unique, unique_counts

# No person is filed this many times; a bigger component is split at stricter thresholds
# before its pairs are checked one by one.
LARGEST_PLAUSIBLE_CLUSTER = 24
STRICTER_STEP = 0.04

# Scores arbitrary pairs of records: log2 odds that each pair is one person, or IMPLAUSIBLE
# for two records that cannot be one person (no group joins across them).
IMPLAUSIBLE = -1e6
# How far below the threshold's log2 odds a pair inside one cluster may be.
CHAIN_MARGIN = 3.0
Scorer = Callable[[np.ndarray, np.ndarray], np.ndarray]


def connected_components(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Label each of n nodes with the smallest index in its component (label
    propagation with pointer jumping; a handful of numpy passes even at millions)."""
    labels = np.arange(n, dtype=np.int64)
    if len(i) == 0:
        return labels
    while True:
        low = np.minimum(labels[i], labels[j])
        before = labels.copy()
        np.minimum.at(labels, i, low)
        np.minimum.at(labels, j, low)
        # Jump each label to its label's label until stable.
        while True:
            jumped = labels[labels]
            if np.array_equal(jumped, labels):
                break
            labels = jumped
        if np.array_equal(before, labels):
            return labels


def _split_oversized(
    n: int, i: np.ndarray, j: np.ndarray, probability: np.ndarray, threshold: float
) -> np.ndarray:
    labels = connected_components(n, i, j)
    sizes = np.bincount(labels, minlength=n)
    too_big = sizes[labels[i]] > LARGEST_PLAUSIBLE_CLUSTER
    stricter = threshold
    while too_big.any() and stricter < 0.999:
        stricter = min(stricter + STRICTER_STEP, 0.999)
        members = unique(np.concatenate([i[too_big], j[too_big]]))
        labels[members] = members  # undo, then rejoin with the stronger links only
        strong = too_big & (probability >= stricter)
        sub = connected_components(n, i[strong], j[strong])
        labels[members] = sub[members]
        sizes = np.bincount(labels, minlength=n)
        too_big = too_big & (sizes[labels[i]] > LARGEST_PLAUSIBLE_CLUSTER)
    if too_big.any():  # still too big at 0.999: left as singletons for review
        members = unique(np.concatenate([i[too_big], j[too_big]]))
        labels[members] = members
    return labels


def pairs_within(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pair (a < b) of positions sharing a label."""
    order = np.argsort(labels, kind="stable")
    sorted_labels = labels[order]
    largest = int(unique_counts(labels)[1].max()) if len(labels) else 0
    firsts, seconds = [], []
    for offset in range(1, largest):
        same = sorted_labels[offset:] == sorted_labels[:-offset]
        if not same.any():
            break
        a, b = order[:-offset][same], order[offset:][same]
        firsts.append(np.minimum(a, b))
        seconds.append(np.maximum(a, b))
    if not firsts:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    return np.concatenate(firsts), np.concatenate(seconds)


def _average_linkage(odds: np.ndarray, floor: float) -> list[int]:
    """Groups of one component (a square matrix of pair log-odds), joined greedily by the
    highest mean log-odds across them while it stays at or above `floor` and no pair
    across them is below `floor - CHAIN_MARGIN`; returns a group number per member."""
    size = len(odds)
    groups: list[list[int]] = [[k] for k in range(size)]
    # Sums of log-odds across groups, and their pair counts.
    total = odds.astype(np.float64).copy()
    np.fill_diagonal(total, 0.0)
    count = np.ones((size, size))
    # The weakest pair across two groups: a group may hold pairs weaker than the
    # threshold (a record with no village beside one with no year), but not one that
    # is clearly two people.
    weakest = odds.astype(np.float64).copy()
    alive = list(range(size))
    while len(alive) > 1:
        sub = np.ix_(alive, alive)
        mean = total[sub] / count[sub]
        mean[weakest[sub] < floor - CHAIN_MARGIN] = -np.inf
        np.fill_diagonal(mean, -np.inf)
        flat = int(np.argmax(mean))
        x, y = divmod(flat, len(alive))
        if mean[x, y] < floor:
            break
        a, b = alive[x], alive[y]
        groups[a].extend(groups[b])
        total[a, :] += total[b, :]
        total[:, a] += total[:, b]
        count[a, :] += count[b, :]
        count[:, a] += count[:, b]
        weakest[a, :] = np.minimum(weakest[a, :], weakest[b, :])
        weakest[:, a] = np.minimum(weakest[:, a], weakest[:, b])
        alive.remove(b)
    label = [0] * size
    for number, a in enumerate(alive):
        for member in groups[a]:
            label[member] = number
    return label


def cluster(
    n: int,
    i: np.ndarray,
    j: np.ndarray,
    probability: np.ndarray,
    threshold: float,
    score: Scorer | None = None,
) -> np.ndarray:
    """A label per record (the smallest record index of its cluster). Without `score`,
    the connected components of the pairs at or above the threshold (oversized ones
    split); with it, each component of three or more is checked pair by pair as above."""
    keep = probability >= threshold
    i, j, probability = i[keep], j[keep], probability[keep]
    labels = _split_oversized(n, i, j, probability, threshold)
    if score is None:
        return labels
    sizes = np.bincount(labels, minlength=n)
    checked = np.flatnonzero(sizes[labels] >= 3)
    if len(checked) == 0:
        return labels
    # Every pair inside the components to check, scored directly.
    a, b = pairs_within(labels[checked])
    a, b = checked[a], checked[b]
    odds = score(a, b)
    floor = float(np.log2(threshold / (1.0 - threshold)))
    broken = unique(labels[a[odds < floor]])
    if len(broken) == 0:
        return labels
    in_broken = np.isin(labels[a], broken)
    a, b, odds = a[in_broken], b[in_broken], odds[in_broken]
    component = labels[a]
    order = np.argsort(component, kind="stable")
    a, b, odds, component = a[order], b[order], odds[order], component[order]
    starts = np.flatnonzero(np.r_[True, component[1:] != component[:-1]])
    ends = np.r_[starts[1:], len(component)]
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        members = unique(np.concatenate([a[start:end], b[start:end]]))
        position = {int(r): k for k, r in enumerate(members.tolist())}
        matrix = np.full((len(members), len(members)), -np.inf)
        for x, y, o in zip(
            a[start:end].tolist(), b[start:end].tolist(), odds[start:end].tolist(), strict=True
        ):
            matrix[position[x], position[y]] = matrix[position[y], position[x]] = o
        group = _average_linkage(matrix, floor)
        first: dict[int, int] = {}
        for k, g in enumerate(group):
            first.setdefault(g, int(members[k]))
        for k, g in enumerate(group):
            labels[members[k]] = first[g]
    return labels

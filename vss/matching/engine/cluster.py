"""From scored pairs to people: records linked by confident pairs form one cluster. A chain
of links can join two people who were never compared directly (A~B, B~C, A and C a father
and son), so a cluster that grows beyond what duplicates produce is split again at a
stricter threshold."""

from __future__ import annotations

import numpy as np

LARGEST_PLAUSIBLE_CLUSTER = 8
STRICTER_STEP = 0.04


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


def cluster(
    n: int, i: np.ndarray, j: np.ndarray, probability: np.ndarray, threshold: float
) -> np.ndarray:
    keep = probability >= threshold
    i, j, probability = i[keep], j[keep], probability[keep]
    labels = connected_components(n, i, j)
    sizes = np.bincount(labels, minlength=n)
    too_big = sizes[labels[i]] > LARGEST_PLAUSIBLE_CLUSTER
    stricter = threshold
    while too_big.any() and stricter < 0.999:
        stricter = min(stricter + STRICTER_STEP, 0.999)
        members = np.unique(np.concatenate([i[too_big], j[too_big]]))
        labels[members] = members  # undo, then rejoin with the stronger links only
        strong = too_big & (probability >= stricter)
        sub = connected_components(n, i[strong], j[strong])
        labels[members] = sub[members]
        sizes = np.bincount(labels, minlength=n)
        too_big = too_big & (sizes[labels[i]] > LARGEST_PLAUSIBLE_CLUSTER)
    return labels

"""The live check while an intake officer types a form: is this person already among the
registry's records? Built once from a RecordSet and a trained Model: the blocking keys of
every record sorted per rule (BlockingIndex), so one new record finds the records it
shares a key with by binary search, and only those are compared and scored."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .blocking import RULES, BlockingIndex, BlockingRule
from .compare import SimilarityCache, compare
from .model import Model, explain
from .records import PersonRecord, RecordSet, build_record_set


@dataclass
class LiveMatch:
    index: int  # of the record in the indexed RecordSet
    record_id: str
    probability: float
    reasons: list[dict]


def _rows(records: RecordSet, first: RecordSet, rows: np.ndarray) -> RecordSet:
    """A small RecordSet: the one record of `first`, then `rows` of `records`."""

    def column(name: str) -> np.ndarray:
        return np.concatenate([getattr(first, name)[:1], getattr(records, name)[rows]])

    return RecordSet(
        ids=[first.ids[0], *(records.ids[k] for k in rows.tolist())],
        family_latin=column("family_latin"),
        family_khmer=column("family_khmer"),
        given_latin=column("given_latin"),
        given_khmer=column("given_khmer"),
        sex=column("sex"),
        birth_year=column("birth_year"),
        village=column("village"),
        keys=records.keys,
    )


class LiveIndex:
    """Records and model of the last registry-wide run, ready for one-record checks."""

    def __init__(
        self, records: RecordSet, model: Model, rules: tuple[BlockingRule, ...] = RULES
    ) -> None:
        self.records = records
        self.model = model
        self.blocking = BlockingIndex(records, rules)
        self.cache = SimilarityCache(records.keys.keys)

    def check(
        self,
        probe: PersonRecord,
        *,
        shown: int = 5,
        floor: float = 0.2,
        exclude: int | None = None,
    ) -> list[LiveMatch]:
        """The indexed records the probe may be, most likely first: at most `shown`, of
        probability at least `floor`, each with its field-by-field reasons. `exclude`
        leaves one indexed record out (the probe itself, when it is indexed)."""
        typed = build_record_set([probe], self.records.keys)
        candidates = self.blocking.candidates(typed)
        if exclude is not None:
            candidates = candidates[candidates != exclude]
        if not len(candidates):
            return []
        small = _rows(self.records, typed, candidates)
        others = np.arange(1, len(small), dtype=np.int32)
        comparison = compare(small, np.zeros(len(others), dtype=np.int32), others, self.cache)
        weights = self.model.field_weights(comparison).sum(axis=1)
        probability = self.model.probability(weights)
        order = np.argsort(-probability, kind="stable")[:shown]
        return [
            LiveMatch(
                index=int(candidates[k]),
                record_id=self.records.ids[int(candidates[k])],
                probability=float(probability[k]),
                reasons=explain(self.model, comparison, int(k), self.records.keys.keys),
            )
            for k in order.tolist()
            if probability[k] >= floor
        ]

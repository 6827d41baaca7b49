"""The check made while an intake officer types a form: does this person already exist?

The registry is not loaded for it. The database finds the few people who share a name
key (in either order or script), or one name and a year or a commune - indexed look-ups -
and the matcher scores only those, with the parameters learnt by the last registry-wide
run (or, before any run, learnt once from a sample of the registry)."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
from django.db.models import Q

from vss import policy
from vss.accounts.models import User
from vss.names.keys import khmer_key, latin_key
from vss.names.phonetic import sound_key
from vss.names.romanise import khmer_to_latin
from vss.people.models import Person, PersonName

from .batch import explanations, person_records
from .engine.blocking import candidate_pairs
from .engine.compare import SimilarityCache, compare
from .engine.model import Model, train
from .engine.pipeline import indistinguishable
from .engine.records import PersonRecord, RecordSet, build_record_set
from .models import MatchRun, RunStatus

SHOWN = 5
LOOKED_AT = 300
SHOWN_FROM = 0.2
BOOTSTRAP_SAMPLE = 20_000
REPEAT_SHARE = 0.1


@dataclass
class LiveMatch:
    person: Person
    probability: float
    reasons: list[dict]


def model_from_json(data: dict) -> Model:
    """The model a run stored (Model.to_json); lists of per-field tables stay lists."""
    values: dict = {}
    for f in dataclasses.fields(Model):
        if f.name not in data:
            continue
        value = data[f.name]
        if isinstance(value, list) and value and isinstance(value[0], list):
            values[f.name] = [np.asarray(x, dtype=np.float64) for x in value]
        elif isinstance(value, list):
            values[f.name] = np.asarray(value, dtype=np.float64)
        else:
            values[f.name] = value
    values["frequencies"] = np.zeros(1)
    return Model(**values)


@functools.lru_cache(maxsize=4)
def _bootstrap_model(size_class: int) -> dict:
    """Before the first registry-wide run: learn the parameters once from a sample."""
    records = build_record_set(list(person_records())[:BOOTSTRAP_SAMPLE])
    i, j = candidate_pairs(records)
    return train(records, i, j, SimilarityCache(records.keys.keys)).to_json()


@functools.lru_cache(maxsize=2)
def _run_model(pk: int, finished: object) -> Model:
    """A finished run's model, read once (it holds every common name's share)."""
    return model_from_json(MatchRun.objects.values_list("model", flat=True).get(pk=pk))


def current_model() -> Model | None:
    run = (
        MatchRun.objects.filter(status=RunStatus.DONE, model__has_key="key_shares")
        .order_by("-finished_at")
        .values_list("pk", "finished_at")
        .first()
    )
    if run is not None:
        return dataclasses.replace(_run_model(*run))
    people = Person.objects.filter(archived_at__isnull=True).count()
    if people < 50:
        return None
    # Learnt again only when the registry has doubled, not at every new person.
    return model_from_json(_bootstrap_model(people.bit_length()))


def typed_name_keys(latin: str, khmer: str) -> tuple[set[str], set[str]]:
    """The search keys of a typed name in Latin letters and in Khmer script; a Khmer-only
    name is also looked for under its romanisation."""
    latin_keys = {latin_key(latin)} if latin.strip() else set()
    if khmer.strip():
        latin_keys.add(latin_key(khmer_to_latin(khmer)))
    khmer_keys = {khmer_key(khmer)} if khmer.strip() else set()
    return {k for k in latin_keys if k}, {k for k in khmer_keys if k}


def typed_name_sounds(latin: str, khmer: str) -> set[str]:
    return {sound_key(text) for text in (latin, khmer) if text.strip()} - {""}


def _candidate_ids(probe: PersonRecord, leaving_out: Collection[int] = ()) -> list[int]:
    family_latin, family_khmer = typed_name_keys(probe.family_name, probe.family_name_km)
    given_latin, given_khmer = typed_name_keys(probe.given_name, probe.given_name_km)
    families, givens = family_latin | family_khmer, given_latin | given_khmer
    if not families and not givens:
        return []
    names = Q(family_key__in=families, given_key__in=givens) | Q(
        family_key__in=givens, given_key__in=families
    )
    # The same names as they sound: a romanisation the keys keep apart (CHHEUM, CHHIM).
    family_sounds, given_sounds = (
        typed_name_sounds(probe.family_name, probe.family_name_km),
        typed_name_sounds(probe.given_name, probe.given_name_km),
    )
    if family_sounds and given_sounds:
        names |= Q(family_sound__in=family_sounds, given_sound__in=given_sounds)
    if probe.birth_year and givens:
        years = range(probe.birth_year - 3, probe.birth_year + 4)
        names |= Q(given_key__in=givens, person__birth_year__in=years)
    if probe.birth_year and families:
        years = range(probe.birth_year - 3, probe.birth_year + 4)
        names |= Q(family_key__in=families, person__birth_year__in=years)
    if probe.village_code:
        commune = probe.village_code[:6]
        if givens:
            names |= Q(given_key__in=givens, person__village__code__startswith=commune)
        if families:
            names |= Q(family_key__in=families, person__village__code__startswith=commune)
    rows = PersonName.objects.filter(names, person__archived_at__isnull=True)
    if leaving_out:
        rows = rows.exclude(person_id__in=leaving_out)
    return list(rows.values_list("person_id", flat=True).distinct()[:LOOKED_AT])


def _frequencies(records: RecordSet, model: Model) -> np.ndarray:
    """How common the names of the typed record and its candidates are, as the model's
    run counted them (a name it did not see twice is as rare as a name can be)."""
    rare = 1.0 / max(int(model.training.get("records", 0)), 1)
    return np.asarray([0.0] + [model.key_shares.get(key, rare) for key in records.keys.keys[1:]])


def live_matches(
    user: User, probe: PersonRecord, leaving_out: Collection[int] = ()
) -> list[LiveMatch]:
    """Existing people the typed record may be, most likely first, within the user's scope,
    but none of `leaving_out` (a saved person, who is not their own duplicate)."""
    ids = _candidate_ids(probe, leaving_out)
    if not ids:
        return []
    people = {
        p.pk: p
        for p in policy.people_in_scope(user, Person.objects.filter(pk__in=ids)).select_related(
            "village"
        )
    }
    model = current_model()
    if not people or model is None:
        return []
    records = build_record_set([probe, *person_records(list(people))])
    model.frequencies = _frequencies(records, model)
    others = np.arange(1, len(records), dtype=np.int32)
    comparison = compare(
        records, np.zeros(len(others), dtype=np.int32), others, SimilarityCache(records.keys.keys)
    )
    weight = model.field_weights(comparison).sum(axis=1)
    probability = model.probability(weight)
    # A saved person the form cannot tell from the one typed is shown however many
    # namesakes the registry holds: the officer decides, not the odds.
    shown = (probability >= SHOWN_FROM) | indistinguishable(comparison)
    reasons = explanations(model, comparison, records.keys.keys)
    # By weight, not probability: near certainty, probabilities round to 1 and tie.
    ranked = sorted(range(len(others)), key=lambda k: -weight[k])
    return [
        LiveMatch(
            person=people[int(records.ids[others[k]])],
            probability=float(probability[k]),
            reasons=reasons[k],
        )
        for k in ranked[:SHOWN]
        if shown[k]
    ]

"""A Fellegi-Sunter model: each field's level adds log2(m/u) to a pair's match weight, where
m is how often the level occurs among true duplicates and u among pairs of different people.
The weights of a pair's fields and the prior add up to its log2 odds of being one person.

Refinements that make it fit Khmer registries:

- **Names by how common they are.** Exact agreement on a name is weighed by the name's
  frequency class (keys binned by share, a factor of two per bin): u is the chance that
  two strangers agree on some name of that class, m the share of duplicates that do. For
  ordinary names this is the classic term-frequency weight (SOK says little, a rare name
  a lot); for the rare keys that typing slips make of common names (IKO for KEO), which
  duplicates hardly ever reproduce, the data give them the weight they deserve instead
  of a huge one - otherwise, among millions, strangers sharing a slip look certain.
- **Kin.** Names are not independent of place: relatives share a family name and a
  village. The name u's are measured per place stratum (same village, commune,
  district, else), and an exact agreement within a stratum is kin (at a rate measured
  in the data, the same for every name) or chance (the name's class). Birth years of
  two villagers with one family name and different given names are weighed against
  brothers' and sisters' years; given names nearly imply sex, so sex adds nothing when
  the given names agree.
- **Unsupervised m.** u comes from random pairs (per stratum); m is read off the candidate
  pairs that the *other* fields make duplicates on their own (leave-one-field-out), less
  the strangers still expected among them; the prior comes from EM. Nothing is learnt
  from labelled pairs; only the shape of the levels is fixed by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .compare import (
    FIELDS,
    LEVEL_LABELS,
    NAME_CLOSE,
    NAME_EXACT,
    NAME_MISSING,
    YEAR_BANDS,
    Comparison,
    SimilarityCache,
    compare,
)
from .records import MISSING, FullNames, RecordSet

FAMILY, GIVEN, YEAR, PLACE, SEX = range(len(FIELDS))
NAME_FIELDS = (FAMILY, GIVEN)
# Place levels (see compare.py) grouped into the strata the name u's are measured in:
# same village, same commune, same district, anything else.
STRATUM_OF_PLACE_LEVEL = np.array([3, 0, 1, 2, 3, 3], dtype=np.int8)
STRATUM_DIVISORS = (1, 100, 10_000)
STRATA = 4
# Frequency classes of name keys: class c holds the keys with share in (2^-(c+1), 2^-c];
# the last class also holds keys never seen.
CLASSES = 24
RANDOM_PAIRS = 400_000
EM_SAMPLE = 2_000_000
EM_ITERATIONS = 20
FLOOR = 1e-6
# Fewer pairs than this measure a u poorly: wider pairs are used instead.
MIN_ANCHORS = 50


def frequency_class(shares: np.ndarray) -> np.ndarray:
    """The class of keys with these shares of records."""
    with np.errstate(divide="ignore"):
        level = np.floor(-np.log2(np.maximum(shares, 2.0**-60)))
    return np.clip(level, 0, CLASSES - 1).astype(np.int64)


@dataclass
class Model:
    m: list[np.ndarray]  # per field, probability of each level among duplicates
    u: list[np.ndarray]  # per field, among random pairs
    # u of the name fields per place stratum: (STRATA, levels) for family and given
    u_names: list[np.ndarray]
    # u of the birth year between people of one village and one family name: brothers
    # and sisters, whose years are close (twins share one)
    u_year_household: np.ndarray
    prior: float  # probability that two records drawn at random are one person
    frequencies: np.ndarray = field(repr=False)  # share of records carrying each name key
    # u of sex between people who share a given name: given names are mostly for one sex,
    # so agreeing on the name nearly implies agreeing on sex, which then adds nothing
    u_sex_given: np.ndarray | None = None
    # u of the given name between people of one village and one family name: brothers and
    # sisters, whose given names are often alike (SREYMOM, SREYPOV) and never the same - the
    # household is where a near miss on the given name means another person
    u_given_household: np.ndarray | None = None
    # Per name field and frequency class: the share of the field's names whose key is of
    # the class, and the chance that two random records agree on a key of the class (the
    # sum of the squared shares), (2, CLASSES)
    class_share: np.ndarray | None = None
    class_square: np.ndarray | None = None
    # Per name field and class: the share of duplicates agreeing exactly on a key of the
    # class (sums to m[f][exact])
    m_exact: list[np.ndarray] | None = None
    # How the run learnt: the duplicate rate, and whether the prior and m are the
    # registry's own or the informative defaults (see estimate_prior, DEFAULT_M).
    training: dict = field(default_factory=dict)
    # How many records carry each full name (records.FullNames): a stored model has none,
    # and the live check gives it the counts of the name being typed.
    full_names: FullNames | None = field(default=None, repr=False)
    # The share of records carrying each name key that two or more carry, by the key
    # itself: what a stored model keeps of `frequencies`, whose indexes belong to one
    # record set, so that the live check weighs a typed name as the run did.
    key_shares: dict[str, float] = field(default_factory=dict, repr=False)

    def _kin(self, f: int) -> np.ndarray:
        """Per stratum, the excess agreement of name field f over chance (kin)."""
        u = np.maximum(np.asarray(self.u_names[f], dtype=np.float64), FLOOR)
        overall = min(max(float(self.u[f][NAME_EXACT]), FLOOR), 1.0 - FLOOR)
        return np.asarray(np.clip((u[:, NAME_EXACT] - overall) / (1.0 - overall), 0.0, 1.0))

    def _classes(self, keys: np.ndarray) -> np.ndarray:
        """The frequency class of each key (a key the frequencies do not know, typed after
        they were counted, is of the rarest class)."""
        frequencies = self.frequencies
        known = keys < len(frequencies)
        shares = np.where(known, frequencies[np.where(known, keys, 0)], 0.0)
        return frequency_class(shares)

    def _by_class(self) -> bool:
        return (
            self.m_exact is not None
            and self.class_share is not None
            and self.class_square is not None
        )

    def log2_u(self, comparison: Comparison, without: int | None = None) -> np.ndarray:
        """log2 of each pair's u in each field, (n, len(FIELDS)): how often two different
        people would agree so, given what else the model knows of the pair (names and
        years within a village or a household, how common an agreeing name is). With
        `without`, as if that field were unknown: the others' u not conditioned on it."""
        levels = comparison.levels
        out = np.empty(levels.shape, dtype=np.float32)
        for f in range(len(FIELDS)):
            out[:, f] = np.log2(np.maximum(np.asarray(self.u[f]), FLOOR))[levels[:, f]]
        stratum = STRATUM_OF_PLACE_LEVEL[levels[:, PLACE]]
        if without == PLACE:
            stratum = np.full(len(levels), STRATA - 1, dtype=np.int8)
        household = _household(levels, stratum) & (without != FAMILY) & (without != GIVEN)
        if household.any():
            table = np.log2(np.maximum(np.asarray(self.u_year_household), FLOOR))
            out[household, YEAR] = table[levels[household, YEAR]]
        if self.u_sex_given is not None and without != GIVEN:
            named = (levels[:, GIVEN] == NAME_EXACT) | (levels[:, GIVEN] == NAME_CLOSE)
            table = np.log2(np.maximum(np.asarray(self.u_sex_given), FLOOR))
            out[named, SEX] = table[levels[named, SEX]]
        for f, keys in zip(NAME_FIELDS, (comparison.family_key, comparison.given_key), strict=True):
            u = np.maximum(np.asarray(self.u_names[f]), FLOOR)  # (STRATA, levels)
            out[:, f] = np.log2(u)[stratum, levels[:, f]]
            if f == GIVEN and self.u_given_household is not None and without != FAMILY:
                kin = _kin_near_miss(levels, stratum)
                table = np.log2(np.maximum(np.asarray(self.u_given_household), FLOOR))
                out[kin, GIVEN] = table[levels[kin, GIVEN]]
            exact = np.flatnonzero(levels[:, f] == NAME_EXACT)
            if not len(exact):
                continue
            # Two people of one village share a name either as kin, at a rate that is
            # the same for every name, or by chance, at the name's own rate.
            kin = self._kin(f)[stratum[exact]]
            if self._by_class():
                # Joint chance of agreeing on a key of the class: kin agree on whatever
                # name the first has, strangers on one of the class by chance.
                cls = self._classes(keys[exact])
                share = np.asarray(self.class_share)[f - FAMILY, cls]
                square = np.asarray(self.class_square)[f - FAMILY, cls]
                chance = kin * share + (1.0 - kin) * square
            else:
                # The classic term-frequency form: the chance that the second carries
                # the first's name.
                key = keys[exact]
                known = key < len(self.frequencies)
                share = np.where(known, self.frequencies[np.where(known, key, 0)], 0.0)
                chance = kin + (1.0 - kin) * share
            if f == GIVEN and self.u_given_household is not None and without != FAMILY:
                # One village and one family name: brothers, sisters, parents and
                # children, who do not share a given name - two of them who do are one
                # person (or a son named after his father, years apart).
                kin_pairs = (stratum[exact] == 0) & (levels[exact, FAMILY] == NAME_EXACT)
                same = float(np.asarray(self.u_given_household)[NAME_EXACT])
                # (by class: the joint chance of agreeing, on a key of the class)
                within = same * share if self._by_class() else np.full(len(exact), same)
                chance = np.where(kin_pairs, within, chance)
            out[exact, f] = np.log2(np.clip(chance, 1e-30, 1.0))
        if self.full_names is not None and without not in (FAMILY, GIVEN):
            self._full_name_chance(comparison, out)
        return out

    def _full_name_chance(self, comparison: Comparison, out: np.ndarray) -> None:
        """Where both names agree exactly, the chance that strangers do is raised by how
        much more often the other records carry the full name than its two names' shares
        would have them (the given name's u takes the factor; never lowered)."""
        assert self.full_names is not None
        levels = comparison.levels
        both = np.flatnonzero((levels[:, FAMILY] == NAME_EXACT) & (levels[:, GIVEN] == NAME_EXACT))
        if not len(both):
            return
        joint = self.full_names.others(comparison.family_key[both], comparison.given_key[both])
        frequencies = self.frequencies
        last = len(frequencies) - 1
        alone = (
            frequencies[np.minimum(comparison.family_key[both], last)]
            * frequencies[np.minimum(comparison.given_key[both], last)]
        )
        excess = np.log2(np.maximum(joint, 1e-30)) - np.log2(np.maximum(alone, 1e-30))
        out[both, GIVEN] += np.maximum(excess, 0.0).astype(np.float32)

    def log2_m(self, comparison: Comparison) -> np.ndarray:
        levels = comparison.levels
        out = np.empty(levels.shape, dtype=np.float32)
        for f in range(len(FIELDS)):
            out[:, f] = np.log2(np.maximum(np.asarray(self.m[f]), FLOOR))[levels[:, f]]
        if self._by_class():
            assert self.m_exact is not None
            for f, keys in zip(
                NAME_FIELDS, (comparison.family_key, comparison.given_key), strict=True
            ):
                exact = np.flatnonzero(levels[:, f] == NAME_EXACT)
                if len(exact):
                    table = np.log2(np.maximum(np.asarray(self.m_exact[f]), 1e-30))
                    out[exact, f] = table[self._classes(keys[exact])]
        return out

    def field_weights(self, comparison: Comparison) -> np.ndarray:
        """log2(m/u) of each pair's level in each field, (n, len(FIELDS)). A field one of
        the two records leaves empty weighs nothing: an absence is no evidence either
        way, however rare absences happen to be in the registry."""
        weights = self.log2_m(comparison) - self.log2_u(comparison)
        weights[comparison.levels == 0] = 0.0
        return weights

    @property
    def prior_weight(self) -> float:
        return float(np.log2(self.prior / (1 - self.prior)))

    def probability(self, total_weight: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp2(-(total_weight + self.prior_weight)))

    def to_json(self) -> dict:
        def plain(value: np.ndarray | None) -> list | None:
            return None if value is None else np.asarray(value).tolist()

        return {
            "m": [np.asarray(m).tolist() for m in self.m],
            "u": [np.asarray(u).tolist() for u in self.u],
            "u_names": [np.asarray(u).tolist() for u in self.u_names],
            "u_year_household": plain(self.u_year_household),
            "u_sex_given": plain(self.u_sex_given),
            "u_given_household": plain(self.u_given_household),
            "class_share": None
            if self.class_share is None
            else [plain(r) for r in self.class_share],
            "class_square": None
            if self.class_square is None
            else [plain(r) for r in self.class_square],
            "m_exact": None if self.m_exact is None else [plain(m) for m in self.m_exact],
            "prior": self.prior,
            "training": self.training,
            "key_shares": self.key_shares,
        }


def _kin_near_miss(levels: np.ndarray, stratum: np.ndarray) -> np.ndarray:
    """Pairs whose given names are weighed as between brothers and sisters: one village,
    one family name, given names present and not the same (as u_given_household is
    measured; the same given name is weighed by how common it is)."""
    given = levels[:, GIVEN]
    return (
        (stratum == 0)
        & (levels[:, FAMILY] == NAME_EXACT)
        & (given != NAME_MISSING)
        & (given != NAME_EXACT)
    )


def _household(levels: np.ndarray, stratum: np.ndarray) -> np.ndarray:
    """Pairs whose years are weighed as between relatives: one village, one family name,
    and given names that do not agree (as u_year_household is measured). Two people of
    one village with one full name are a father and his namesake son, years apart, or
    one person: their years are weighed as between strangers."""
    given_agrees = (levels[:, GIVEN] == NAME_EXACT) | (levels[:, GIVEN] == NAME_CLOSE)
    return (stratum == 0) & (levels[:, FAMILY] == NAME_EXACT) & ~given_agrees


def _shares(values: np.ndarray, size: int, weights: np.ndarray | None = None) -> np.ndarray:
    counts = np.bincount(values, weights=weights, minlength=size).astype(np.float64)
    return (counts + 0.5) / (counts.sum() + 0.5 * size)


def _level_shares(levels: np.ndarray) -> list[np.ndarray]:
    return [_shares(levels[:, f], len(LEVEL_LABELS[name])) for f, name in enumerate(FIELDS)]


def _random_pairs(n: int, size: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    i = rng.integers(0, n, size=size)
    j = rng.integers(0, n, size=size)
    keep = i != j
    return i[keep], j[keep]


def _pairs_sharing(
    groups: np.ndarray, size: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Random pairs of distinct records that share a group (village, commune...)."""
    valid = np.flatnonzero(groups != MISSING)
    if len(valid) < 2:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    order = valid[np.argsort(groups[valid], kind="stable")]
    sorted_groups = groups[order]
    starts = np.flatnonzero(np.r_[True, sorted_groups[1:] != sorted_groups[:-1]])
    sizes = np.diff(np.r_[starts, len(order)])
    group_of = np.repeat(np.arange(len(starts)), sizes)
    pick = rng.integers(0, len(order), size=size)
    group = group_of[pick]
    partner = starts[group] + rng.integers(0, sizes[group])
    keep = (sizes[group] > 1) & (partner != pick)
    return order[pick[keep]], order[partner[keep]]


def _likely_same_person(levels: np.ndarray, other_name: int) -> np.ndarray:
    """Pairs sampled to measure u that may be duplicates (the other name agrees, the
    years do not rule it out - missing, or at most 6 apart): in a small village many
    pairs sharing it are one person filed twice, and counting them would make agreement
    look ordinary among strangers. A father and his namesake son stay (years apart)."""
    name_agrees = (levels[:, other_name] >= NAME_EXACT) & (levels[:, other_name] <= NAME_CLOSE)
    return name_agrees & (levels[:, YEAR] < len(YEAR_BANDS) + 1)


@dataclass
class _U:
    u: list[np.ndarray]
    u_names: list[np.ndarray]
    u_year_household: np.ndarray
    u_sex_given: np.ndarray
    u_given_household: np.ndarray


def estimate_u(records: RecordSet, cache: SimilarityCache, rng: np.random.Generator) -> _U:
    n = len(records)
    # Enough random pairs for stable shares; fewer for a small registry (a live check
    # bootstrapped on a sample, a test) where they would cost more than they tell.
    size = min(RANDOM_PAIRS, max(50_000, 30 * n), n * (n - 1) // 2)
    i, j = _random_pairs(n, size, rng)
    overall = compare(records, i, j, cache).levels
    u = _level_shares(overall)
    u_names = [np.empty((STRATA, len(LEVEL_LABELS[FIELDS[f]]))) for f in NAME_FIELDS]
    for stratum, divisor in enumerate(STRATUM_DIVISORS):
        groups = np.where(records.village >= 0, records.village // divisor, MISSING)
        si, sj = _pairs_sharing(groups, size // 2, rng)
        levels = compare(records, si, sj, cache).levels if len(si) else overall
        # Pairs drawn within a commune include pairs of one village, and within a
        # district pairs of one commune: their kin would be counted in the wider
        # stratum too, and two villagers of neighbouring villages would be taken for
        # nearly as related as two of one village.
        exact = levels[STRATUM_OF_PLACE_LEVEL[levels[:, PLACE]] == stratum]
        if len(exact) >= MIN_ANCHORS:
            levels = exact
        for f, other in ((FAMILY, GIVEN), (GIVEN, FAMILY)):
            strangers = levels[~_likely_same_person(levels, other)]
            u_names[f][stratum] = _shares(strangers[:, f], len(LEVEL_LABELS[FIELDS[f]]))
    for f in NAME_FIELDS:
        u_names[f][STRATA - 1] = u[f]

    family = records.family.astype(np.int64)
    households = np.where(
        (records.village >= 0) & (family > 0), records.village * 1_000_003 + family, MISSING
    )
    hi, hj = _pairs_sharing(households, size // 2, rng)
    u_year_household = u[YEAR]
    u_given_household = u_names[GIVEN][0]
    if len(hi):
        levels = compare(records, hi, hj, cache).levels
        relatives = levels[~((levels[:, GIVEN] >= NAME_EXACT) & (levels[:, GIVEN] <= NAME_CLOSE))]
        if len(relatives):
            u_year_household = _shares(relatives[:, YEAR], len(LEVEL_LABELS["birth_year"]))
        # Of one household, the pairs that may be one person filed twice (the given name
        # again, the years close) are left out; the rest are kin and namesakes.
        kin = levels[~_likely_same_person(levels, GIVEN)]
        if len(kin) >= MIN_ANCHORS:
            u_given_household = _shares(kin[:, GIVEN], len(LEVEL_LABELS["given_name"]))

    given = np.where(records.given > 0, records.given, MISSING)
    gi, gj = _pairs_sharing(given, size // 4, rng)
    u_sex_given = u[SEX]
    if len(gi):
        levels = compare(records, gi, gj, cache).levels
        namesakes = levels[~_likely_same_person(levels, FAMILY)]
        if len(namesakes):
            u_sex_given = _shares(namesakes[:, SEX], len(LEVEL_LABELS["sex"]))
    return _U(u, u_names, u_year_household, u_sex_given, u_given_household)


# What counts as strong agreement on a field when it vouches for a pair.
STRONG: tuple[frozenset[int], ...] = (
    frozenset({1}),  # family name: same
    frozenset({1}),  # given name: same
    frozenset({1}),  # birth year: same
    frozenset({1}),  # place: same village
    frozenset({0, 1}),  # sex: not different
)
# First anchors for a field are pairs whose agreement on the *other* fields would happen
# by chance fewer than this many times in the whole data set.
COINCIDENCES = 0.02

# What a re-filing looks like when the registry has too few to show it: per field, the
# share of duplicate pairs at each level (the order of LEVEL_LABELS). These are beliefs,
# not measurements of this registry: a name keeps its phonetic key through romanisation
# variants and most slips (exact), a typing error leaves it close or alike, and only a
# changed name or a blank differs; a second form states the year "about" as often as
# exactly and moves a village to the next one of its commune (displacement, a new home);
# sex is rarely wrong. Each field's m is the registry's own evidence added to these as
# DEFAULT_STRENGTH pairs' worth of pseudo-counts (a Dirichlet prior): with thousands of
# duplicates the data decide, with a few dozen - a court's few re-filings - the beliefs
# do, and m never collapses onto what relatives and namesakes look like, which is what
# an m read off a handful of pairs does.
DEFAULT_M: tuple[tuple[float, ...], ...] = (
    (0.01, 0.94, 0.02, 0.02, 0.01),  # family name: missing, same, nearly, alike, different
    (0.01, 0.92, 0.03, 0.02, 0.02),  # given name
    (0.14, 0.57, 0.12, 0.10, 0.05, 0.02),  # birth year: missing, same, 1, 2-3, 4-6, further
    (0.14, 0.64, 0.11, 0.06, 0.03, 0.02),  # place: missing, village, commune, district...
    (0.14, 0.85, 0.01),  # sex: missing, same, different
)
DEFAULT_STRENGTH = 50.0


def _with_default(f: int, counts: np.ndarray) -> np.ndarray:
    """Field f's m: the (weighted) level counts of the pairs that vouch for duplicates,
    pulled towards DEFAULT_M by DEFAULT_STRENGTH pseudo-pairs."""
    default = np.asarray(DEFAULT_M[f], dtype=np.float64)
    shares = np.asarray(counts, dtype=np.float64) + DEFAULT_STRENGTH * default
    return np.asarray(shares / shares.sum())


def _anchors(levels: np.ndarray, field: int) -> np.ndarray:
    mask = np.ones(len(levels), dtype=bool)
    for f, accepted in enumerate(STRONG):
        if f != field:
            mask &= np.isin(levels[:, f], list(accepted))
    return mask


def initial_m(model: Model, comparison: Comparison, n: int) -> tuple[list[np.ndarray], int]:
    """A first m for each field, from candidate pairs that the other fields vouch for:
    all agree strongly, and that agreement would be a coincidence expected fewer than
    COINCIDENCES times among n records (a common name and a year of birth are shared by
    strangers by the hundred in a registry of millions). The chance is the model's own
    u, place- and household-aware. Returns the m's and the fewest anchors any field had
    (how much of the first m is the registry's own)."""
    levels = comparison.levels
    m = []
    fewest = len(levels)
    for f, name in enumerate(FIELDS):
        log2_u = model.log2_u(comparison, without=f)
        chance = np.log2(max(n, 2)) + log2_u.sum(axis=1) - log2_u[:, f]
        anchors = _anchors(levels, f) & (chance < np.log2(COINCIDENCES))
        fewest = min(fewest, int(anchors.sum()))
        counts = np.bincount(levels[anchors, f], minlength=len(LEVEL_LABELS[name]))
        m.append(_with_default(f, counts))
    return m, fewest


# Rounds of re-estimating m from the pairs the other fields vouch for (confident_m).
ROUNDS = 3
# log2 odds from the other fields above which a pair adds to a field's m, weighted by its
# probability to this power. The strangers expected among the pairs are taken out, which
# is exact only where the probabilities are calibrated; where common names are dense
# they are not (namesakes of one year score 0.1 and are never one person), and a million
# such pairs would leave their u behind in m - duplicates spread over the whole province.
# The square makes a pair at 0.9 count eighty times one at 0.1, not nine.
VOUCHING_ODDS = -2.0
VOUCHING_POWER = 2
# Pseudo-count pulling a frequency class's exact-agreement m towards the classic
# term-frequency value (its share of names times the overall m) when data are few.
CLASS_PRIOR = 100.0


def _u_rows(model: Model, levels: np.ndarray, f: int) -> np.ndarray:
    """For each pair, u of every level of field f in the pair's own stratum, (n, levels)."""
    stratum = STRATUM_OF_PLACE_LEVEL[levels[:, PLACE]]
    if f in NAME_FIELDS:
        rows = np.asarray(model.u_names[f])[stratum]
        if f == GIVEN and model.u_given_household is not None:
            rows[_kin_near_miss(levels, stratum)] = np.asarray(model.u_given_household)
        return rows
    rows = np.tile(np.asarray(model.u[f]), (len(levels), 1))
    if f == YEAR:
        rows[_household(levels, stratum)] = np.asarray(model.u_year_household)
    return rows


def _vouched(model: Model, comparison: Comparison, log2_m: np.ndarray, f: int) -> np.ndarray:
    """log2 odds of each pair from the prior and every field but f."""
    weights = log2_m - model.log2_u(comparison, without=f)
    return np.asarray(model.prior_weight + weights.sum(axis=1) - weights[:, f])


def confident_m(model: Model, comparison: Comparison) -> float:
    """Re-estimate m (and the names' exact m per frequency class) in place. Each field's
    m is read off the pairs that the *other* fields make more likely duplicates than not,
    each weighted by that probability p, with the strangers expected among them taken out
    level by level (a pair adds p (1 - p) times the u of each level in its stratum):
    an unbiased estimate when p is calibrated, which no field can sway about itself. The
    counts join DEFAULT_M's pseudo-counts, so a field few pairs vouch for keeps close to
    the defaults. Returns the fewest duplicate pairs (summed p) any field learnt from."""
    levels = comparison.levels
    log2_m = model.log2_m(comparison)
    fewest = float(len(levels))
    for f, name in enumerate(FIELDS):
        odds = _vouched(model, comparison, log2_m, f)
        likely = np.flatnonzero(odds >= VOUCHING_ODDS)
        p = 1.0 / (1.0 + np.exp2(-np.minimum(odds[likely], 60.0)))
        weight = p**VOUCHING_POWER
        size = len(LEVEL_LABELS[name])
        counts = np.bincount(levels[likely, f], weights=weight, minlength=size)
        expected = ((weight * (1 - p))[:, None] * _u_rows(model, levels[likely], f)).sum(axis=0)
        counts = np.maximum(counts - expected, 0.0)
        fewest = min(fewest, float(counts.sum()))
        model.m[f] = _with_default(f, counts)
        if f in NAME_FIELDS and model.m_exact is not None and len(likely):
            model.m_exact[f] = _class_m(model, comparison, likely, p, weight, f)
    return fewest


def _class_m(
    model: Model,
    comparison: Comparison,
    likely: np.ndarray,
    p: np.ndarray,
    weight: np.ndarray,
    f: int,
) -> np.ndarray:
    """Per frequency class, the share of duplicates that agree exactly on a key of it
    (weighted and cleaned of strangers as in confident_m)."""
    assert model.class_share is not None and model.class_square is not None
    share = np.asarray(model.class_share)[f - FAMILY]
    square = np.asarray(model.class_square)[f - FAMILY]
    levels = comparison.levels[likely]
    keys = (comparison.family_key if f == FAMILY else comparison.given_key)[likely]
    exact = levels[:, f] == NAME_EXACT
    counts = np.bincount(model._classes(keys[exact]), weights=weight[exact], minlength=CLASSES)
    # Strangers agree on a key of class c at the joint chance of their stratum.
    kin = model._kin(f)[STRATUM_OF_PLACE_LEVEL[levels[:, PLACE]]]
    chance = kin[:, None] * share[None, :] + (1 - kin)[:, None] * square[None, :]
    counts = np.maximum(counts - ((weight * (1 - p))[:, None] * chance).sum(axis=0), 0.0)
    m_exact = float(model.m[f][NAME_EXACT])
    pseudo = CLASS_PRIOR * share / max(float(share.sum()), FLOOR)
    shares = counts + pseudo * m_exact
    return np.asarray(shares * m_exact / max(float(shares.sum()), FLOOR))


def _class_tables(frequencies: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per frequency class, the summed shares of its keys and the summed squared shares
    (the chance that two random records agree on a key of the class). A key's share is
    its share as a family or as a given name, whichever is higher, as for `frequencies`:
    a name agreeing across the two fields (swapped, or a child named after a father) is
    weighed by its commoner use."""
    known = frequencies[1:]
    classes = frequency_class(known)
    # The first record's key drawn from the shares made a distribution; the second
    # agreeing at the key's own share.
    drawn = known / max(float(known.sum()), FLOOR)
    share = np.bincount(classes, weights=drawn, minlength=CLASSES)
    square = np.bincount(classes, weights=drawn * known, minlength=CLASSES)
    return np.vstack([share, share]), np.vstack([square, square])


# The duplicate rate: expected duplicate pairs per record (a registry where one form in
# fifty is a second filing has 0.02). EM reads it off the candidates' probabilities, but a
# registry's few re-filings weigh little against its many strangers, and EM alone then
# slides to nothing: every probability shrinks with the prior, which shrinks the next
# prior. So the rate is estimated as a posterior: the registry's expected duplicates
# join PRIOR_RECORDS records' worth of belief at PRIOR_RATE (as if that many more records
# had shown that rate), and it never falls below RATE_FLOOR. The floor is a choice of
# whom VSS serves: a court's intake meets re-filings (complainants who later apply as
# Civil Parties, forms sent again through an organisation) at a few in a hundred, and a
# missed duplicate - one person counted, represented and compensated twice - costs more
# than a reviewer's look at a pair proposed in a registry that happens to hold fewer.
PRIOR_RATE = 0.02
PRIOR_RECORDS = 200
RATE_FLOOR = 0.005


@dataclass
class PriorEstimate:
    prior: float
    rate: float  # duplicate pairs per record
    expected_duplicates: float  # what the registry's own candidates say
    source: str  # "learnt": the registry's evidence decided; "informative": the belief did


def prior_from_rate(rate: float, n: int) -> float:
    """The probability that two records drawn at random are one person, for a duplicate
    rate (duplicate pairs per record) among n records."""
    all_pairs = max(n * (n - 1) // 2, 1)
    return float(np.clip(rate * max(n, 2) / all_pairs, 1e-15, 0.5))


def estimate_prior(
    comparison: Comparison, model: Model, *, candidates: int, n: int
) -> PriorEstimate:
    """The prior that goes with u measured on random pairs, by EM on that one number: the
    expected duplicates among the candidates (nearly all duplicates are candidates),
    as a rate per record under the belief above. m is not re-estimated so: EM over
    blocked pairs drifts towards calling relatives and namesakes duplicates, since they
    agree on the very fields the blocking selected."""
    weights = model.field_weights(comparison).sum(axis=1)
    prior = model.prior
    expected = 0.0
    rate = PRIOR_RATE
    probability = np.zeros(len(weights))
    for _ in range(EM_ITERATIONS):
        odds = np.log2(prior / (1 - prior)) + weights
        probability = 1.0 / (1.0 + np.exp2(-np.clip(odds, -60, 60)))
        expected = float(probability.mean()) * candidates
        rate = max((expected + PRIOR_RATE * PRIOR_RECORDS) / (n + PRIOR_RECORDS), RATE_FLOOR)
        prior = prior_from_rate(rate, n)
    # The registry decided when the duplicates it is sure of (more likely than not; the
    # many faint pairs of a registry with none add up to a few that do not exist)
    # outweigh the belief's pseudo-records.
    sure = float(probability[probability >= 0.5].sum()) * candidates / max(len(weights), 1)
    learnt = sure >= PRIOR_RATE * PRIOR_RECORDS and rate > RATE_FLOOR
    return PriorEstimate(
        prior=prior,
        rate=rate,
        expected_duplicates=expected,
        source="learnt" if learnt else "informative",
    )


def train(
    records: RecordSet, i: np.ndarray, j: np.ndarray, cache: SimilarityCache, seed: int = 0
) -> Model:
    rng = np.random.default_rng(seed)
    measured = estimate_u(records, cache, rng)
    candidates, n = len(i), len(records)
    if len(i) > EM_SAMPLE:
        pick = rng.choice(len(i), size=EM_SAMPLE, replace=False)
        i, j = i[pick], j[pick]
    comparison = compare(records, i, j, cache)
    frequencies = records.key_frequencies()
    model = Model(
        m=[np.asarray(m, dtype=np.float64) for m in DEFAULT_M],
        u=measured.u,
        u_names=measured.u_names,
        u_year_household=measured.u_year_household,
        u_sex_given=measured.u_sex_given,
        u_given_household=measured.u_given_household,
        prior=prior_from_rate(PRIOR_RATE, n),
        frequencies=frequencies,
    )
    # First m with classic term-frequency weights, then per frequency class.
    model.m, anchors = initial_m(model, comparison, n)
    estimate = estimate_prior(comparison, model, candidates=candidates, n=n)
    model.prior = estimate.prior
    share, square = _class_tables(frequencies)
    model.class_share, model.class_square = share, square
    model.m_exact = [
        model.m[f][NAME_EXACT] * share[f - FAMILY] / max(float(share[f - FAMILY].sum()), FLOOR)
        for f in NAME_FIELDS
    ]
    model.full_names = FullNames.of(records)
    shared = np.flatnonzero(frequencies * n >= 2)
    model.key_shares = {
        records.keys.keys[k]: float(f"{frequencies[k]:.6g}") for k in shared.tolist() if k
    }
    learnt_from = float(anchors)
    for _ in range(ROUNDS):
        learnt_from = confident_m(model, comparison)
        estimate = estimate_prior(comparison, model, candidates=candidates, n=n)
        model.prior = estimate.prior
    model.training = {
        "records": n,
        "candidate_pairs": candidates,
        "duplicate_rate": estimate.rate,
        "expected_duplicates": estimate.expected_duplicates,
        "prior_source": estimate.source,
        # The share of the weakest field's m that is the registry's own evidence rather
        # than DEFAULT_M: near 1 with thousands of duplicates, near 0 with a handful.
        "m_learnt_share": learnt_from / (learnt_from + DEFAULT_STRENGTH),
        "m_source": "learnt" if learnt_from >= DEFAULT_STRENGTH else "default",
    }
    return model


def explain(model: Model, comparison: Comparison, row: int, keys: list[str]) -> list[dict]:
    """What a reviewer reads: each field's level and how much it added or took away."""
    weights = model.field_weights(comparison)[row]
    lines = []
    for f, name in enumerate(FIELDS):
        level = int(comparison.levels[row, f])
        line: dict = {
            "field": name,
            "level": LEVEL_LABELS[name][level],
            "weight": round(float(weights[f]), 2),
        }
        if f in NAME_FIELDS and level == NAME_EXACT:
            key = int((comparison.family_key if f == FAMILY else comparison.given_key)[row])
            share = float(model.frequencies[key]) if key < len(model.frequencies) else 0.0
            line["share_of_people"] = round(share, 5)
            line["key"] = keys[key]
        lines.append(line)
    if comparison.swapped[row]:
        lines.append(
            {"field": "name_order", "level": "family and given names swapped", "weight": 0.0}
        )
    return lines

"""People filed twice: the second record of an applicant whom nobody recognised when the
second form came in (through another intermediary, in another case, years later, or
brought by a relative), so the registry holds two people for one human being until the
matcher finds them.

The second record differs from the first as second records do: another romanisation of
the names (SOK / SOKH, THEARY / TEARY, SREYMOM / SREY MOM: the spellings of the demo's own
name lists), family and given names in each other's boxes, a neighbouring village of the
same commune, the Khmer script alone, a year of birth one or two years off, or a form
filled in by a relative, who spells the names in their own way and knows the year only
roughly. Several of these often come together.

Which records are one person is kept in memory for the run (`PeopleMaker.refilings`),
never in the registry's tables: a test draws it again from the seed.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from vss.core.demo.draw import Draw

from .names import NameForm

# About 3 applicants in 100 filed twice.
REFILED_SHARE = 0.03


class Variation(StrEnum):
    ROMANISATION = "romanisation"
    SWAPPED_NAMES = "swapped names"
    NEIGHBOURING_VILLAGE = "neighbouring village"
    KHMER_ONLY = "Khmer only"
    YEAR_OFF = "year off"
    RELATIVES_FORM = "relative's form"


# How often a second record differs from the first in each way; drawn one after the other,
# several may come together.
SHARES: tuple[tuple[Variation, float], ...] = (
    (Variation.KHMER_ONLY, 0.2),
    (Variation.ROMANISATION, 0.55),
    (Variation.SWAPPED_NAMES, 0.15),
    (Variation.NEIGHBOURING_VILLAGE, 0.3),
    (Variation.YEAR_OFF, 0.35),
    (Variation.RELATIVES_FORM, 0.15),
)


@dataclass(frozen=True)
class Refiling:
    """Two people of the registry who are one human being."""

    first: int  # person id of the first record
    second: int  # person id of the record filed again
    variations: frozenset[Variation]


def draw_variations(rng: Draw, possible: Collection[Variation]) -> frozenset[Variation]:
    """How a second record differs from the first, among the `possible` ways (a name with
    one romanisation has no other, a commune of one village no neighbour): at least one."""
    drawn = {v for v, share in SHARES if rng.chance(share) and v in possible}
    if Variation.KHMER_ONLY in drawn:
        # Without Latin letters there is no romanisation to differ.
        drawn.discard(Variation.ROMANISATION)
    names_differ = drawn & {Variation.KHMER_ONLY, Variation.ROMANISATION}
    if (Variation.RELATIVES_FORM in drawn and not names_differ) or not drawn:
        # A relative spells the names in their own way; and a second record is never the
        # first one typed again letter for letter.
        for fallback in (Variation.ROMANISATION, Variation.KHMER_ONLY, Variation.YEAR_OFF):
            if fallback in possible:
                drawn.add(fallback)
                break
    return frozenset(drawn)


def other_spelling(
    rng: Draw, family: NameForm, given: NameForm, family_variant: int, given_variant: int
) -> tuple[int, int]:
    """Another romanisation of the family name, of the given name, or of both (the names
    must have one)."""
    other_family = [i for i in range(len(family.latin)) if i != family_variant]
    other_given = [i for i in range(len(given.latin)) if i != given_variant]
    if other_family and (not other_given or rng.chance(0.5)):
        family_variant = rng.pick(other_family)
        if other_given and rng.chance(0.3):
            given_variant = rng.pick(other_given)
    else:
        given_variant = rng.pick(other_given)
    return family_variant, given_variant

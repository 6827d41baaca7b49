"""The lawyers' list is searched as the registry's names are: by any part of a name, by
bar number, and by a given name split or joined or spelled another way."""

import pytest

from vss.representation.selectors.lawyers import LawyerFilters, lawyer_list_for_user
from vss.testing.factories import LawyerFactory

pytestmark = pytest.mark.django_db


def _found(user, query: str) -> set[str]:
    lawyers = lawyer_list_for_user(user, LawyerFilters(query=query))
    return set(lawyers.values_list("bar_number", flat=True))


@pytest.mark.parametrize(
    "query",
    ["CHHIM Srey Pov", "Chheum Sreypov", "sreypov", "ឈឹម ស្រីពៅ", "ស្រី ពៅ", "BAKC-0777", "heum"],
)
def test_a_lawyer_is_found_however_the_name_is_typed(legal, query):
    LawyerFactory(
        family_name="CHHEUM", given_name="Sreypov", name_km="ឈឹម ស្រីពៅ", bar_number="BAKC-0777"
    )
    LawyerFactory(family_name="SOK", given_name="Dara", name_km="សុខ ដារ៉ា", bar_number="BAKC-0001")
    assert _found(legal, query) == {"BAKC-0777"}


def test_every_part_of_the_search_must_name_the_lawyer(legal):
    LawyerFactory(family_name="CHHEUM", given_name="Sreypov", bar_number="BAKC-0777")
    assert _found(legal, "Chheum Dara") == set()
    assert _found(legal, "") == {"BAKC-0777"}

"""The names a page in Khmer may show in Latin letters because they are data: people's
names as romanised on their records, lawyers' and users' names, logins and the names
organisations go by (a donor's, "Heinrich Böll Foundation", is its name in any language). Read from the database rather than listed by hand, so that
the check of Khmer pages (vss.testing.english.latin_words) allows exactly the names on
file and nothing a record's free text might say in English."""

from collections.abc import Iterable

from vss.accounts.models import Organisation, User
from vss.people.models import Person, PersonName
from vss.representation.models import Lawyer

from .english import WORD


def _words(values: Iterable[str]) -> set[str]:
    return {word for value in values if value for word in WORD.findall(value)}


def names_on_file() -> frozenset[str]:
    """Every word of the Latin names on file (about a thousand distinct ones on the demo
    data, however many people it holds)."""
    words: set[str] = set()
    for family, given in Person.objects.values_list(
        "family_name_latin", "given_name_latin"
    ).distinct():
        words |= _words((family, given))
    for family, given in PersonName.objects.values_list("family_name", "given_name").distinct():
        words |= _words((family, given))
    words |= _words(
        v for row in Lawyer.objects.values_list("family_name", "given_name") for v in row
    )
    words |= _words(
        v for row in User.objects.values_list("username", "first_name", "last_name") for v in row
    )
    words |= _words(v for row in Organisation.objects.values_list("name", "acronym") for v in row)
    return frozenset(words)

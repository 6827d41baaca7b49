"""The finder of protected names in free text hides exactly what running every person's
expression over the text hides: its first pass may pick too many people, never too few."""

import re
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vss import policy
from vss.accounts.models import User
from vss.people.models import Person, PersonName
from vss.policy.names_in_text import (
    PSEUDONYM_IN_TEXT,
    NamesInText,
    ProtectedNames,
    fold,
    names_in_text,
    names_pattern,
)
from vss.testing.factories import PersonFactory

EVERY_CODE_POINT = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)

# The letters names are written in: Latin with its accented letters, and Khmer.
NAME_LETTERS = [chr(c) for c in range(0x20, 0x250)] + [chr(c) for c in range(0x1780, 0x1800)]


def test_every_character_an_expression_takes_for_a_letter_folds_as_it() -> None:
    for letter in NAME_LETTERS:
        if letter.isspace() or letter == "-":
            continue
        taken = re.compile(re.escape(letter), re.IGNORECASE).findall(EVERY_CODE_POINT)
        assert letter in taken
        assert {fold(character) for character in taken} == {fold(letter)}, letter


def test_every_character_an_expression_skips_between_letters_folds_to_nothing() -> None:
    skipped = re.compile(r"[\s\-]").findall(EVERY_CODE_POINT)
    assert "-" in skipped
    assert " " in skipped
    assert "\u00a0" in skipped
    assert fold("".join(skipped)) == ""


def _hidden_one_by_one(people: list[ProtectedNames], text: str, known: frozenset[int]) -> str:
    """What free text was before the finder: every person's expression over the text."""
    for person in people:
        pattern = names_pattern(person.spellings)
        if person.person_id not in known and pattern is not None:
            text = pattern.sub(PSEUDONYM_IN_TEXT.format(pseudonym=person.pseudonym), text)
    return text


SYLLABLES = [
    "sok",
    "Srey",
    "mom",
    "Ly",
    "CHEA",
    "\u017fok",
    "\u0131N",  # long s, dotless i: letters re takes for s and i
    "ស្រី",
    "មុំ",
    "សុខ",
    "កែវ",
    "ជា",
]
name_part = st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=3).map("".join)
spelling = st.tuples(st.sampled_from(["", "SUON", "kéo", "សួន", "កែវ"]), name_part)
person = st.frozensets(spelling, min_size=1, max_size=3)
text_piece = st.one_of(
    st.sampled_from([*SYLLABLES, " ", "-", " - ", "\u00a0", "[", "only", "ភាព", "។", "K"]),
    st.text(max_size=3),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    spellings=st.lists(person, min_size=1, max_size=6),
    pieces=st.lists(text_piece, max_size=14),
    known_count=st.integers(min_value=0, max_value=2),
)
def test_the_finder_hides_what_every_expression_hides(spellings, pieces, known_count) -> None:
    people = [
        ProtectedNames(person_id=n, pseudonym=f"TCW-{n}", spellings=names)
        for n, names in enumerate(spellings, start=1)
    ]
    known = frozenset(range(1, known_count + 1))
    text = "".join(pieces)
    finder = NamesInText(people=tuple(people))
    assert finder.hide(text, known) == _hidden_one_by_one(people, text, known)


def test_a_pseudonym_written_in_is_read_for_names_as_before() -> None:
    people = (
        ProtectedNames(person_id=1, pseudonym="Sok", spellings=frozenset({("", "Chea")})),
        ProtectedNames(person_id=2, pseudonym="TCW-2", spellings=frozenset({("", "Sok")})),
    )
    finder = NamesInText(people=people)
    assert finder.hide("Chea came", frozenset()) == "[[TCW-2]] came"
    assert finder.hide("Chea came", frozenset()) == _hidden_one_by_one(
        list(people), "Chea came", frozenset()
    )


def test_a_protected_name_is_hidden_in_a_long_text_among_thousands_of_people() -> None:
    people = tuple(
        ProtectedNames(
            person_id=n, pseudonym=f"TCW-{n}", spellings=frozenset({("KEO", f"Sophal{n}")})
        )
        for n in range(1, 3001)
    )
    finder = NamesInText(people=people)
    text = "Visited the village. " * 200 + "Met KEO Sophal2999 at home."
    assert finder.hide(text, frozenset()).endswith("Met [TCW-2999] at home.")
    assert "Sophal2999" in finder.hide(text, frozenset({2999}))


def test_the_finder_is_built_once_for_the_same_stamp() -> None:
    reads = []

    def people(given: str):  # type: ignore[no-untyped-def]
        def read() -> tuple[ProtectedNames, ...]:
            reads.append(given)
            spellings = frozenset({("", given)})
            return (ProtectedNames(person_id=1, pseudonym="TCW-1", spellings=spellings),)

        return read

    first = names_in_text("stamp-1", people("Sok"))
    assert names_in_text("stamp-1", people("Dara")) is first
    assert reads == ["Sok"]
    changed = names_in_text("stamp-2", people("Dara"))
    assert changed.hide("Dara and Sok", frozenset()) == "[TCW-1] and Sok"
    # Without a stamp the names are read each time.
    names_in_text(None, people("Dara"))
    names_in_text(None, people("Dara"))
    assert reads == ["Sok", "Dara", "Dara", "Dara"]


def test_a_name_protected_or_renamed_a_moment_ago_is_hidden_at_once(intake) -> None:
    def as_next_request_reads(text: str) -> str:
        # Each request reads its user anew; what one request read is kept on its user.
        return policy.free_text(User.objects.get(pk=intake.pk), text)

    dara = PersonFactory.create(given_name_latin="Dara", family_name_latin="KEO")
    assert as_next_request_reads("Met Dara") == "Met Dara"

    dara.is_protected, dara.pseudonym = True, "TCW-40"
    dara.save(update_fields=["is_protected", "pseudonym"])
    assert as_next_request_reads("Met Dara") == "Met [TCW-40]"

    # A new given name joins the spellings searched; the old one stays among them.
    Person.objects.filter(pk=dara.pk).update(given_name_latin="Bopha")
    assert as_next_request_reads("Met Bopha") == "Met [TCW-40]"
    PersonName.objects.filter(person=dara).update(given_name="Sopheap")
    assert as_next_request_reads("Met Sopheap") == "Met [TCW-40]"


def test_a_request_reads_one_row_while_the_names_stay_the_same(
    intake, django_assert_num_queries
) -> None:
    PersonFactory.create(given_name_latin="Dara", is_protected=True, pseudonym="TCW-41")
    policy.free_text(User.objects.get(pk=intake.pk), "Met Dara")
    reader = User.objects.get(pk=intake.pk)
    with django_assert_num_queries(1):
        assert policy.free_text(reader, "Met Dara") == "Met [TCW-41]"

"""What the check of Khmer pages counts as English: the interface's words, not names."""

from vss.testing.english import english_words, interface_words


def test_the_interfaces_words_are_english_and_names_are_not() -> None:
    assert {"open", "status", "lawyer"} <= interface_words()
    text = "បើក Open · ស្ថានភាព: Status changed · SOKH Chear · VSS-002/02-00042 · English · Céline"
    assert english_words(text) == ["Open", "Status", "changed"]


def test_a_page_may_allow_more_names() -> None:
    assert english_words("Open Kampot", allowed=frozenset({"Open"})) == []

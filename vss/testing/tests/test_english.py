"""What the check of Khmer pages counts as English: the interface's words, not names."""

from vss.testing.english import english_words, interface_words, latin_words


def test_the_interfaces_words_are_english_and_names_are_not() -> None:
    assert {"open", "status", "lawyer"} <= interface_words()
    text = "បើក Open · ស្ថានភាព: Status changed · SOKH Chear · VSS-002/02-00042 · English · Céline"
    assert english_words(text) == ["Open", "Status", "changed"]


def test_a_page_may_allow_more_names() -> None:
    assert english_words("Open Kampot", allowed=frozenset({"Open"})) == []


def test_on_a_whole_page_every_latin_word_is_english_but_names_and_codes() -> None:
    text = (
        "ស្ថានភាព: ទទួលបាន · Beaten during interrogation · SOKH Chear · VSS-002-00042 · "
        "D404/2/4 · claire.moreau@avocats.example.fr · វិធាន 23ter · 3fa2b9e0c4d1 · English "
        "Français"
    )
    assert latin_words(text) == ["Beaten", "during", "interrogation", "Chear"]
    assert latin_words(text, allowed=frozenset({"Chear"})) == [
        "Beaten",
        "during",
        "interrogation",
    ]

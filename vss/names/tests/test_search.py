from vss.names.keys import khmer_key, latin_key
from vss.names.phonetic import sound_key
from vss.names.search import MAX_WORDS_JOINED, Part, names_read_as, part_begins, readings


def test_a_name_sounds_the_same_however_its_words_are_split_and_in_either_script() -> None:
    assert sound_key("Srey Mom") == sound_key("SREYMOM") == sound_key("ស្រីមុំ")
    assert sound_key("SOK HA") == sound_key("Sokha")
    assert sound_key("CHHEUM") == sound_key("CHHIM")
    assert sound_key("Keo") == sound_key("KAEV")
    assert sound_key("SOK") != sound_key("SAM")


def test_words_are_read_alone_and_run_together_with_their_neighbours() -> None:
    found = readings("KEO Srey Mom")
    spellings = [[part.spelling for part in reading] for reading in found]
    assert spellings[0] == ["keo", "srei", "mom"]
    assert ["keo", latin_key("sreymom")] in spellings
    assert [latin_key("keosreymom")] in spellings
    assert len(found) == 4


def test_words_of_two_scripts_are_never_run_together() -> None:
    found = readings("Sok ស្រី មុំ")
    spellings = [[part.spelling for part in reading] for reading in found]
    assert ["sok", khmer_key("ស្រី"), khmer_key("មុំ")] in spellings
    assert ["sok", khmer_key("ស្រីមុំ")] in spellings
    assert all(len(reading) >= 2 for reading in spellings)


def test_a_long_search_is_read_word_by_word_only() -> None:
    words = " ".join(["Sok"] * (MAX_WORDS_JOINED + 1))
    assert readings(words) == [tuple(Part("sok", "SOK") for _ in range(MAX_WORDS_JOINED + 1))]


def test_short_sounds_are_looked_up_whole_and_empty_searches_read_nothing() -> None:
    (reading,) = readings("Ly")
    assert reading[0].sound == sound_key("LEE") and not reading[0].sound_is_prefix
    assert readings("Sopheap")[0][0].sound_is_prefix
    assert readings("  , ") == []


def test_a_short_list_is_searched_in_memory_by_the_same_rule() -> None:
    found = readings("CHHIM Srey Pov")
    assert names_read_as(found, ["CHHEUM", "Sreypov"])
    assert names_read_as(readings("ស្រី ពៅ"), ["ឈឹម ស្រីពៅ"])
    assert not names_read_as(found, ["CHHEUM", "Sophea"])
    (reading,) = readings("Sre")
    assert part_begins(reading[0], latin_key("Sreypov"), sound_key("Sreypov"))
    # A short sound is a whole name: LY is LEE, not the start of LEANG's sound.
    ly = readings("Ly")[0][0]
    assert part_begins(ly, latin_key("LEE"), sound_key("LEE"))
    assert not part_begins(ly, latin_key("LIANG"), sound_key("LIANG"))

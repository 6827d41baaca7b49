import pytest

from vss.names.keys import is_khmer, khmer_key, latin_key, query_keys


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("SOK", "SOKH"),
        ("CHEA", "CHEAR"),
        ("POV", "PAUV"),
        ("THEARY", "TEARY"),
        ("Sophea", "SOPHEA"),
        ("Phalla", "Pala"),
        ("Nuon", "Noun"),
        ("Srey  Mom", "srey-mom"),
    ],
)
def test_latin_romanisation_variants_share_a_key(a: str, b: str) -> None:
    assert latin_key(a) == latin_key(b)


@pytest.mark.parametrize(("a", "b"), [("SOK", "SAN"), ("CHEA", "CHAN"), ("POV", "PICH")])
def test_different_latin_names_keep_different_keys(a: str, b: str) -> None:
    assert latin_key(a) != latin_key(b)


def test_khmer_keys_repair_coeng_order_and_invisible_spaces() -> None:
    # The same word typed with coeng-RO first and with coeng-TA first.
    assert khmer_key("ស្រ្តី") == khmer_key("ស្ត្រី")
    assert khmer_key("សុខ\u200bជា") == khmer_key("សុខជា")
    # A split vowel typed as two characters.
    assert khmer_key("កេីត") == khmer_key("កើត")


def test_query_keys_take_each_script_on_its_own_terms() -> None:
    assert is_khmer("សុខ") and not is_khmer("Sok")
    assert query_keys("Sokh  Chear") == [latin_key("sok"), latin_key("chea")]
    assert query_keys("សុខ ជា") == [khmer_key("សុខ"), khmer_key("ជា")]
    assert query_keys("  ") == []

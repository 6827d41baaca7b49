"""Phonetic keys and the romanisation of Khmer names (issue 3: the same victim filed twice).

NAMES holds real Khmer family and given names of both sexes, each with the romanisations
met in practice (ECCC documents, ID cards, NGO lists). The checks:
(a) all romanisations of one name share a phonetic key;
(b) ``khmer_to_latin`` of the Khmer spelling lands on that key for at least 95 % of the
    names (measured 178 of 184, 96.7 %; the misses are TRANSLITERATION_MISSES);
(c) different names get different keys, except the collisions in KNOWN_COLLISIONS;
(d) encoding variants of one Khmer name give one romanisation.
"""

from __future__ import annotations

import pytest

from vss.names.phonetic import name_keys, phonetic_key, word_keys
from vss.names.romanise import khmer_to_latin

# Khmer spelling -> romanisations seen in practice (the usual one first).
NAMES: dict[str, tuple[str, ...]] = {
    # Family names (also used as given names)
    "សុខ": ("SOK", "SOKH", "SOKE"),
    "ជា": ("CHEA", "CHEAR", "CHIA"),
    "កែវ": ("KEO", "KEV", "KEOV", "KAEV"),
    "ហេង": ("HENG",),
    "លី": ("LY", "LI", "LEE"),
    "ចាន់": ("CHAN", "CHANN"),
    "ម៉ៅ": ("MAO", "MAU"),
    "ឈឹម": ("CHHIM", "CHHOEUM", "CHHEUM"),
    "សួន": ("SUON", "SOUN", "SUORN"),
    "ពៅ": ("POV", "PAUV", "PEOU"),
    "នួន": ("NUON", "NOUN", "NUN"),
    "ស៊ុន": ("SUN", "SUNN"),
    "ហ៊ុន": ("HUN", "HOUN"),
    "ខៀវ": ("KHIEU", "KHIEV", "KHIEW"),
    "ទេព": ("TEP", "TEB"),
    "យឹម": ("YIM", "YEM", "YOEM"),
    "ឡុង": ("LONG",),
    "ស៊ីម": ("SIM", "SEM"),
    "ពេជ្រ": ("PECH", "PICH"),
    "អ៊ុំ": ("UM", "OUM"),
    "ឃុន": ("KHUN", "KHOUN"),
    "ព្រំ": ("PROM", "PRUM"),
    "ឈួន": ("CHHUON", "CHHOUN"),
    "ថាច់": ("THACH", "TACH"),
    "វង្ស": ("VONG", "VORNG", "VONGS"),
    "ទូច": ("TOUCH", "TOUTCH", "TUCH"),
    "ហួត": ("HUOT", "HOUT"),
    "ប៊ុន": ("BUN", "BUNN", "BOUN"),
    "ឆាយ": ("CHHAY", "CHHAI"),
    "ម៉ី": ("MEY", "MY"),
    "ឯក": ("EK", "AEK"),
    "តាំង": ("TAING", "TANG"),
    "មាស": ("MEAS",),
    "អៀង": ("IENG", "EANG"),
    "គឹម": ("KIM", "KEM"),
    "ខឹម": ("KHIM", "KHOEM"),
    "ជុំ": ("CHUM", "CHOUM"),
    "រស់": ("ROS", "RUOS", "RUS"),
    "ពាង": ("PEANG", "PIANG"),
    "សាន": ("SAN", "SANN"),
    "សែន": ("SEN", "SAEN"),
    "ចៅ": ("CHAU", "CHAO", "CHAV"),
    "អ៊ឹម": ("IM", "EUM"),
    "ចែម": ("CHAEM", "CHEM"),
    "ទិត្យ": ("TITH", "TIT"),
    "មុត": ("MUTH", "MUT", "MOUTH"),
    "អោ": ("AO", "AU"),
    "ប៉ុល": ("POL", "POLL"),
    "ពត": ("POT", "POTH"),
    "គង់": ("KONG", "KORNG"),
    "ម៉េង": ("MENG",),
    "ស្រេង": ("SRENG",),
    "ឌុច": ("DUCH", "DOUCH"),
    "ប្រាក់": ("PRAK", "PRAKH"),
    "កាំង": ("KAING", "KANG"),
    "ម៉ម": ("MOM", "MORM"),
    "ស៊ាង": ("SEANG", "SIANG"),
    "ឌី": ("DY", "DI"),
    "ទី": ("TY", "TI"),
    "ឡាយ": ("LAY", "LAI"),
    "ឈន": ("CHHORN", "CHHON"),
    "ហ៊ាង": ("HEANG", "HIANG"),
    "ម៉ាន់": ("MAN", "MANN"),
    "នុត": ("NUTH", "NOUT"),
    "ប៉ាង": ("PANG",),
    "ស្វាយ": ("SVAY", "SVAI"),
    "ជិន": ("CHIN", "CHINN"),
    "ងួន": ("NGUON", "NGOUN"),
    "ស៊ិន": ("SIN", "SINN"),
    "គុជ": ("KUCH", "KOUCH"),
    "ជាម": ("CHEAM", "CHIAM"),
    "ប៉ែន": ("PEN", "PAEN"),
    "ខុន": ("KHON", "KHORN"),
    "ឈាង": ("CHHEANG", "CHHIANG"),
    "ជួប": ("CHUOP", "CHOUP"),
    "លាង": ("LEANG", "LIANG"),
    "ហៀង": ("HIENG", "HEANG"),
    "ឡេង": ("LENG",),
    "ហាក់": ("HAK",),
    "គាត": ("KEAT", "KIAT"),
    "អ៊ុច": ("OUCH", "UCH"),
    "ឈុន": ("CHHUN", "CHHOUN"),
    "គី": ("KY", "KI"),
    "ម៉ុក": ("MOK",),
    "ស៊ុយ": ("SUY", "SUI"),
    "ង៉ែត": ("NGET", "NGAET"),
    "ឃាង": ("KHEANG", "KHIANG"),
    "ស្រស់": ("SROS",),
    # Given names, women
    "សុភា": ("Sophea", "Sophia", "Sophear"),
    "ធារី": ("Theary", "Teary", "Theari"),
    "ស្រី": ("Srey", "Srei"),
    "វណ្ណា": ("Vanna", "Vana"),
    "សុភាព": ("Sopheap", "Sopheab"),
    "ផល្លា": ("Phalla", "Phala"),
    "សុខា": ("Sokha", "Sokhar"),
    "បុប្ផា": ("Bopha", "Bophar"),
    "ម៉ាលី": ("Maly", "Mali", "Maley"),
    "កញ្ញា": ("Kanha", "Kagna", "Kannha"),
    "សុគន្ធា": ("Sokunthea", "Sokonthea"),
    "គន្ធា": ("Kunthea", "Kuntea"),
    "ធីតា": ("Thida", "Tida"),
    "ពិសី": ("Pisey", "Pisei"),
    "លក្ខិណា": ("Leakhena", "Leakena"),
    "ផល្លី": ("Phally", "Phaly"),
    "ស្រីមុំ": ("Sreymom", "Srey Mom", "Sreimom"),
    "ស្រីពៅ": ("Sreypov", "Srey Pov", "Sreypauv"),
    "ស្រីនាង": ("Sreyneang", "Srey Neang"),
    "ស្រីល័ក្ខ": ("Sreyleak", "Srey Leak"),
    "សុធា": ("Sothea", "Sothear"),
    "សាវឿន": ("Savoeun", "Savoeurn"),
    "ចិន្តា": ("Chenda", "Chinda"),
    "មុន្នី": ("Mony", "Monny", "Munny"),
    "ចន្ធូ": ("Chanthou", "Chanthu"),
    "ចន្ទ្រា": ("Chantrea",),
    "រស្មី": ("Rasmey", "Raksmey"),
    "នារី": ("Neary", "Neari"),
    "សារី": ("Sary", "Sari"),
    "ធីរិទ្ធ": ("Thirith", "Tirith"),
    "សុភី": ("Sophy", "Sophi"),
    "ដានី": ("Dany", "Dani"),
    "បូរ៉ា": ("Bora", "Borra"),
    "ចាន់ធា": ("Chantha",),
    "ចាន់ណា": ("Channa", "Chana"),
    "ស្រីនី": ("Sreyny", "Srey Ny"),
    "មាលា": ("Mealea", "Mealear"),
    "លីដា": ("Lida", "Leeda"),
    "ចន្ទី": ("Chanty", "Chanthy"),
    "ចរិយា": ("Chariya", "Charya"),
    "ស្រីរ័ត្ន": ("Sreyroth", "Srey Roth"),
    "ទេវី": ("Tevy", "Tevi"),
    "វណ្ណី": ("Vanny", "Vany"),
    "ស្រីណុច": ("Sreynoch", "Srey Noch"),
    "ពុទ្ធី": ("Puthy", "Puthi"),
    "ទិត្យា": ("Titya", "Tithya"),
    # Given names, men
    "វិចិត្រ": ("Vichet", "Vicheth"),
    "ដារ៉ា": ("Dara", "Darah"),
    "សុភ័ក្ត្រ": ("Sopheak", "Sopheakr"),
    "រិទ្ធី": ("Rithy", "Rithi"),
    "វណ្ណៈ": ("Vannak", "Vanak"),
    "សំណាង": ("Samnang",),
    "ពិសិដ្ឋ": ("Piseth", "Piset"),
    "សុវណ្ណ": ("Sovann", "Sovan"),
    "ចំរើន": ("Chamroeun", "Chamroeurn"),
    "សម្បត្តិ": ("Sambath", "Sambat"),
    "វាសនា": ("Veasna",),
    "សុផល": ("Sophal", "Sophall"),
    "ណារិទ្ធ": ("Narith", "Narit"),
    "រតនា": ("Ratana", "Rattana", "Rathana"),
    "ភក្តី": ("Pheakdey", "Pheakdy", "Peakdey"),
    "វុទ្ធី": ("Vuthy", "Vuthi"),
    "រដ្ឋា": ("Ratha", "Rattha"),
    "សុខុម": ("Sokhom", "Sokhum"),
    "ហ៊ាន": ("Hean", "Hien"),
    "សុជាតិ": ("Socheat", "Socheath"),
    "វិបុល": ("Vibol", "Viboul"),
    "សំផន": ("Samphan", "Samphann"),
    "ចាន់ថុល": ("Chanthol", "Chantol"),
    "ធារិទ្ធ": ("Thearith", "Tearith"),
    "វិសាល": ("Visal", "Vissal"),
    "ស៊ីថា": ("Sitha", "Sita"),
    "ប៊ុនធឿន": ("Bunthoeun", "Bunthoeurn"),
    "ភារម្យ": ("Phearom", "Pearom"),
    "មករា": ("Makara",),
    "កុសល": ("Kosal", "Kossal"),
    "សារ៉ាត": ("Sarath", "Sarat"),
    "សុខឿន": ("Sokhoeun", "Sokhoeurn"),
    "សុខលី": ("Sokly", "Sokhly"),
    "សុខហេង": ("Sokheng",),
    "ពិសាល": ("Pisal", "Pisall"),
    "ពន្លក": ("Ponlok", "Ponlork"),
    "វឌ្ឍនា": ("Vathana", "Vatthana"),
    "ម៉ានិត": ("Manith", "Manit"),
    "វិរៈ": ("Vireak", "Vireakh"),
    "ចក្រា": ("Chakra",),
    "សុខុន": ("Sokhon", "Sokhorn"),
    "ប៊ុនណា": ("Bunna", "Buna"),
    "ឧត្តម": ("Oudom", "Udom"),
    "សុខណា": ("Sokna",),
    "ស៊ីណាត": ("Sinat", "Sinath"),
    "ធឿន": ("Thoeun", "Thoeurn"),
    "វិមាន": ("Vimean", "Vimian"),
    "រចនា": ("Rachana",),
    "សុខាន់": ("Sokhan",),
    "សុផាត": ("Sophat",),
}

# (b) Names whose romanisation from Khmer misses the key of the usual spelling, and why.
# Each is an irregular or ambiguous reading that no spelling rule recovers without a
# dictionary of names (which would make the benchmark circular).
TRANSLITERATION_MISSES = {
    "ម៉ម",  # muusikatoan makes ម a-series, inherent vowel -> MAM (MAM Sonando); usually MOM
    "ស្រស់",  # short a-series inherent vowel -> SRAS by rule, written SROS (likewise KOB, SOM)
    "ចាន់ធា",  # ធា is THEA by rule (CHANTHEA exists), the usual spelling is CHANTHA
    "ចរិយា",  # Pali cariyā: រិ after an a-series presyllable reads RE by rule, not RI
    "វឌ្ឍនា",  # នា after an o-series presyllable reads NEA by rule; written VATHANA
    "ឧត្តម",  # Pali uttama: UTTAM by rule, written OUDOM (voiced T, O for inherent)
}

# Romanisations of one name that the key does not bring together (documented limits): the
# vowel classes A, EA and I, and O versus I, are kept apart so that names stay apart.
KNOWN_SPLITS: dict[str, tuple[str, ...]] = {
    "សំ": ("SAM", "SOM"),
    "កប់": ("KAB", "KOB"),
    "ចាន់ធា": ("Chantha", "Chanthea"),
    "ចន្ទ្រា": ("Chantrea", "Chantra"),
    "នារី": ("Neary", "Nary"),
    "វិរៈ": ("Vireak", "Virak"),
    "វាសនា": ("Veasna", "Vesna"),
    "រស្មី": ("Rasmey", "Reaksmey"),
    "រិទ្ធី": ("Rithy", "Reathy"),
    "ចំរើន": ("Chamroeun", "Chamron"),
    "សារឿន": ("Saroeun", "Saruon"),
    "មករា": ("Makara", "Makar"),
    "សុះ": ("SOS", "SOH"),
}

# (c) Different names that share a key, because the folds the data needs merge them:
KNOWN_COLLISIONS = {
    # KH -> K (KHIM is also written KIM)
    frozenset({"KIM", "KHIM"}),
    # ុ ួ and the o-series inherent vowel all fold to O (NUON = NUN, SUON = SUN, CHHORN)
    frozenset({"SUN", "SUON"}),
    frozenset({"CHHORN", "CHHUN", "CHHUON"}),
    frozenset({"KHUN", "KHON"}),  # ឃុន / ខុន, with KH -> K
    # ឹ ែ េ ី fold to I (KIM = KEM, PECH = PICH, KEO = KAEV) and CHH -> CH
    frozenset({"CHHIM", "CHAEM"}),
    frozenset({"SEN", "SIN"}),  # សែន / ស៊ិន
    # ា after an o-series consonant and ៀ both fold to EA (HEAN = HIEN, IENG = EANG)
    frozenset({"HEANG", "HIENG"}),
}


def test_all_romanisations_of_a_name_share_a_key() -> None:
    split = {
        km: {latin: phonetic_key(latin) for latin in forms}
        for km, forms in NAMES.items()
        if len({phonetic_key(latin) for latin in forms}) > 1
    }
    assert split == {}
    assert len(NAMES) >= 60


def test_romanisation_of_the_khmer_spelling_lands_on_the_same_key() -> None:
    misses = {
        km: (khmer_to_latin(km), phonetic_key(khmer_to_latin(km)), phonetic_key(forms[0]))
        for km, forms in NAMES.items()
        if phonetic_key(khmer_to_latin(km)) != phonetic_key(forms[0])
    }
    assert set(misses) == TRANSLITERATION_MISSES, misses
    assert 1 - len(misses) / len(NAMES) >= 0.95  # measured: 178 of 184 names (96.7 %)


def test_different_names_get_different_keys() -> None:
    names_by_key: dict[str, set[str]] = {}
    for km, forms in NAMES.items():
        names_by_key.setdefault(phonetic_key(forms[0]), set()).add(km)
    collisions = {
        frozenset(NAMES[km][0] for km in names) for names in names_by_key.values() if len(names) > 1
    }
    assert collisions == KNOWN_COLLISIONS


def test_documented_limits_are_still_limits() -> None:
    """If a fold now brings one of these together, move it to NAMES and the docs."""
    for km, forms in KNOWN_SPLITS.items():
        assert len({phonetic_key(latin) for latin in forms}) > 1, km


@pytest.mark.parametrize(
    ("khmer", "latin"),
    [
        ("សុខ", "SOK"),
        ("ជា", "CHEA"),
        ("ពៅ", "POV"),
        ("ធារី", "THEARY"),
        ("ស្រី", "SREY"),
        ("សុភា", "SOPHEA"),
        ("វណ្ណា", "VANNA"),
        ("ចាន់", "CHAN"),
        ("ហេង", "HENG"),
        ("គឹម", "KIM"),
        ("ឈឹម", "CHHIM"),
        ("ម៉ៅ", "MAO"),
        ("លី", "LY"),
        ("ផល", "PHAL"),
        ("នួន", "NUON"),
        ("កែវ", "KEO"),
        ("ខៀវ", "KHIEU"),
        ("តាំង", "TAING"),
        ("ផល្លា", "PHALLA"),
        ("កញ្ញា", "KANHA"),
        ("លក្ខិណា", "LEAKHENA"),
        ("ភក្តី", "PHEAKDEY"),
        ("វណ្ណៈ", "VANNAK"),
        ("ចំរើន", "CHAMROEUN"),
        ("សុគន្ធា", "SOKONTHEA"),
        ("វិចិត្រ", "VICHET"),
        ("ពេជ្រ", "PECH"),
        ("វង្ស", "VONG"),
        ("ប៉ុល ពត", "POL POT"),
        ("នួន ជា", "NUON CHEA"),
        ("ខៀវ សំផន", "KHIEU SAMPHAN"),
        ("អៀង សារី", "IENG SARY"),
        ("ស្ត្រី", "STREY"),
        ("ជ័យ", "CHEY"),
        ("ធម៌", "THO"),
    ],
)
def test_khmer_to_latin_readings(khmer: str, latin: str) -> None:
    assert khmer_to_latin(khmer) == latin


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("ស្រ្តី", "ស្ត្រី"),  # coeng RO typed before coeng TA
        ("សុ\u200bខ", "សុខ"),  # zero-width space inside the name
        ("ស្រី\u200bមុំ", "ស្រីមុំ"),
        ("ចំរេ\u17b8ន", "ចំរើន"),  # split vowel: េ + ី for ើ
        ("ភក\u17d2\u178a\u17b8", "ភក្តី"),  # coeng DA for coeng TA
        ("ស\u17bb\u17b8ម", "ស៊ីម"),  # -u + ី for triisap + ី
        ("ស\u17b8\u17d2\u179a", "ស្រី"),  # vowel typed before the coeng
        ("\u200bសុខ\u200c ", "សុខ"),  # zero-width non-joiner, stray spaces
    ],
)
def test_encoding_variants_give_one_romanisation(variant: str, canonical: str) -> None:
    assert khmer_to_latin(variant) == khmer_to_latin(canonical)


def test_several_words_and_scripts() -> None:
    assert phonetic_key("NUON CHEA") == phonetic_key("NUN CHEA") == phonetic_key("NOUN CHEAR")
    assert phonetic_key("Srey Mom") == phonetic_key("SREYMOM")
    assert word_keys("Sok, Sophea") == ["SOK", "SOPEA"]
    assert name_keys("NOUN CHEA", "") == name_keys("", "នួន ជា") == {"NON", "CHEA", "NONCHEA"}
    assert name_keys("SREY MOM", "") & name_keys("", "ស្រីមុំ")  # meet on the joined key
    assert name_keys("", "") == set()
    assert name_keys("SOKH", "សុខ") == {"SOK"}

"""Names for the synthetic demo data (`manage.py generate_demo_data`): common Khmer family
and given names in Khmer script, each with the romanisations met in real files (the first
is the most usual), plus a few Cham, Vietnamese and Sino-Khmer names.

The lists are ordered from the most to the least common; the generator draws from them
with Zipf-like weights (see `zipf_weights`), so that SOK, CHEA and KEO are frequent and the
tail is rare, as in any Cambodian village register. The romanisation variants are the
ones the search must bring together (SOK/SOKH, CHEA/CHEAR, POV/PAUV, THEARY/TEARY,
NUON/NOUN/NUN ...). A blank Khmer form means no certain Khmer spelling is given here: a
person with such a name is recorded in Latin script only.

None of these combinations names a real person on purpose; the data is synthetic.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NameForm:
    km: str
    latin: tuple[str, ...]  # romanisations, the most usual first (family names in capitals)


def _n(km: str, *latin: str) -> NameForm:
    return NameForm(km, latin)


FAMILY_NAMES: tuple[NameForm, ...] = (
    _n("សុខ", "SOK", "SOKH", "SOKE"),
    _n("ជា", "CHEA", "CHEAR", "CHIA"),
    _n("កែវ", "KEO", "KEV", "KEOV", "KAEV"),
    _n("ហេង", "HENG"),
    _n("លី", "LY", "LI", "LEE"),
    _n("ចាន់", "CHAN", "CHANN"),
    _n("ម៉ៅ", "MAO", "MAU"),
    _n("ឈឹម", "CHHIM", "CHHOEUM", "CHHEUM"),
    _n("សួន", "SUON", "SOUN", "SUORN"),
    _n("ពៅ", "POV", "PAUV", "PEOU"),
    _n("នួន", "NUON", "NOUN", "NUN"),
    _n("ស៊ុន", "SUN", "SUNN"),
    _n("ហ៊ុន", "HUN", "HOUN"),
    _n("ខៀវ", "KHIEU", "KHIEV", "KHIEW"),
    _n("ម៉ម", "MOM", "MORM"),
    _n("ទេព", "TEP", "TEB"),
    _n("យឹម", "YIM", "YEM", "YOEM"),
    _n("ញឹម", "NHIM", "NHEM", "NHOEM"),
    _n("ឡុង", "LONG"),
    _n("ស៊ីម", "SIM", "SEM"),
    _n("ពេជ្រ", "PECH", "PICH"),
    _n("អ៊ុំ", "UM", "OUM"),
    _n("ឃុន", "KHUN", "KHOUN"),
    _n("ព្រំ", "PROM", "PRUM"),
    _n("ឈួន", "CHHUON", "CHHOUN"),
    _n("ថាច់", "THACH", "TACH"),
    _n("វង្ស", "VONG", "VORNG", "VONGS"),
    _n("ទូច", "TOUCH", "TOUTCH", "TUCH"),
    _n("សេង", "SENG"),
    _n("ហួត", "HUOT", "HOUT"),
    _n("ប៊ុន", "BUN", "BUNN", "BOUN"),
    _n("ឆាយ", "CHHAY", "CHHAI"),
    _n("អ៊ិន", "IN", "INN"),
    _n("ម៉ី", "MEY", "MY"),
    _n("ឯក", "EK", "AEK"),
    _n("តាំង", "TAING", "TANG"),
    _n("សំ", "SAM", "SOM"),
    _n("ផាន់", "PHAN", "PHANN"),
    _n("អ៊ុក", "OUK", "UK"),
    _n("មាស", "MEAS"),
    _n("ស្រេង", "SRENG"),
    _n("ចេង", "CHENG"),
    _n("អៀង", "IENG", "EANG"),
    _n("គឹម", "KIM", "KEM"),
    _n("ជុំ", "CHUM", "CHOUM"),
    _n("រស់", "ROS", "RUOS", "RUS"),
    _n("ខឹម", "KHIM", "KHOEM"),
    _n("ពាង", "PEANG", "PIANG"),
    _n("សាន", "SAN", "SANN"),
)

GIVEN_NAMES_FEMALE: tuple[NameForm, ...] = (
    _n("សុភា", "Sophea", "Sophear", "Sophia"),
    _n("ធារី", "Theary", "Teary", "Theari"),
    _n("ស្រីមុំ", "Sreymom", "Srey Mom", "Sreimom"),
    _n("ចាន់ធា", "Chantha", "Chanthea"),
    _n("សុភាព", "Sopheap", "Sopheab"),
    _n("ស្រីពៅ", "Sreypov", "Srey Pov", "Sreypauv"),
    _n("ផល្លា", "Phalla", "Phala"),
    _n("សុខា", "Sokha", "Sokhar"),
    _n("ស្រីនាង", "Sreyneang", "Srey Neang"),
    _n("បុប្ផា", "Bopha", "Bophar"),
    _n("ម៉ាលី", "Maly", "Mali", "Maley"),
    _n("កញ្ញា", "Kanha", "Kagna", "Kannha"),
    _n("សុគន្ធា", "Sokunthea", "Sokonthea"),
    _n("ធីតា", "Thida", "Tida"),
    _n("រស្មី", "Raksmey", "Rasmey", "Reaksmey"),
    _n("នារី", "Neary", "Nary", "Neari"),
    _n("សុធា", "Sothea", "Sothear"),
    _n("ចន្ទ្រា", "Chantrea", "Chantra"),
    _n("ពិសី", "Pisey", "Pisei"),
    _n("លក្ខិណា", "Leakhena", "Leakena"),
    _n("គន្ធា", "Kunthea", "Kuntea"),
    _n("ផល្លី", "Phally", "Phaly"),
    _n("សុភី", "Sophy", "Sophi"),
    _n("ស្រីល័ក្ខ", "Sreyleak", "Srey Leak"),
    _n("សាវឿន", "Savoeun", "Savoeurn"),
    _n("ពៅ", "Pov", "Pauv", "Peou"),
    _n("អាន", "An", "Ann"),
)

GIVEN_NAMES_MALE: tuple[NameForm, ...] = (
    _n("វិចិត្រ", "Vichet", "Vicheth", "Vicheath"),
    _n("ដារ៉ា", "Dara", "Darah"),
    _n("សុភ័ក្ត្រ", "Sopheak", "Sopheakr"),
    _n("រិទ្ធី", "Rithy", "Rithi", "Reathy"),
    _n("វណ្ណៈ", "Vannak", "Vanak"),
    _n("សំណាង", "Samnang"),
    _n("ពិសិដ្ឋ", "Piseth", "Piset"),
    _n("សុខា", "Sokha", "Sokhar"),
    _n("ភារម្យ", "Phearom", "Pearom"),
    _n("សុវណ្ណ", "Sovann", "Sovan"),
    _n("ចំរើន", "Chamroeun", "Chamron", "Chamroeurn"),
    _n("សារ៉ាត", "Sarath", "Sarat"),
    _n("សម្បត្តិ", "Sambath", "Sambat"),
    _n("ប៊ុនធឿន", "Bunthoeun", "Bunthoeurn"),
    _n("វាសនា", "Veasna", "Vesna"),
    _n("ធារ៉ា", "Theara", "Teara"),
    _n("ស៊ីថា", "Sitha", "Sita"),
    _n("សុផល", "Sophal", "Sophall"),
    _n("ណារិទ្ធ", "Narith", "Narit"),
    _n("សារឿន", "Saroeun", "Saroeurn", "Saruon"),
    _n("កុសល", "Kosal"),
    _n("រតនា", "Ratana", "Rattana", "Rathana"),
    _n("មករា", "Makara", "Makar"),
    _n("វុទ្ធី", "Vuthy", "Vuthi"),
    _n("ភក្តី", "Pheakdey", "Pheakdy", "Peakdey"),
    _n("រដ្ឋា", "Ratha", "Rattha"),
    _n("សុខុម", "Sokhom", "Sokhum"),
    _n("ហ៊ាន", "Hean", "Hien"),
    _n("សុខឿន", "Sokhoeun", "Sokhoeurn"),
    _n("ពៅ", "Pov", "Pauv", "Peou"),
    _n("អាន", "An", "Ann"),
)

# Cham Muslims: Arabic-derived given names, family names that are often a forebear's name.
CHAM_FAMILY_NAMES: tuple[NameForm, ...] = (
    _n("ម៉ាត់", "MATH", "MAT"),
    _n("សុះ", "SOS", "SOH"),
    _n("កប់", "KOB", "KAB"),
    _n("", "YSA", "ISA"),
    _n("", "LES", "LEH"),
    _n("", "SALEH", "SALLEH"),
)
CHAM_GIVEN_NAMES_FEMALE: tuple[NameForm, ...] = (
    _n("", "Fatimah", "Fatima"),
    _n("", "Mariyam", "Mariam"),
    _n("", "Safiyah", "Sofiah"),
    _n("", "Aisah", "Aishah"),
    _n("", "Rokiyah", "Rokiah"),
)
CHAM_GIVEN_NAMES_MALE: tuple[NameForm, ...] = (
    _n("", "Ahmad", "Ahmat"),
    _n("មូសា", "Musa", "Mousa"),
    _n("", "Sman", "Osman"),
    _n("", "Yusos", "Yousos"),
    _n("", "Ismael", "Smael"),
    _n("", "Salim", "Salem"),
)

VIETNAMESE_FAMILY_NAMES: tuple[NameForm, ...] = (
    _n("", "NGUYEN", "NGUYỄN"),
    _n("", "TRAN", "TRẦN"),
    _n("", "LE", "LÊ"),
    _n("", "PHAM", "PHẠM"),
    _n("", "HUYNH", "HUYN"),
    _n("", "VO", "VU"),
)
VIETNAMESE_GIVEN_NAMES_FEMALE: tuple[NameForm, ...] = (
    _n("", "Thi Lan"),
    _n("", "Thi Hoa"),
    _n("", "Thi Mai"),
    _n("", "Thi Huong"),
    _n("", "Thi Thu"),
)
VIETNAMESE_GIVEN_NAMES_MALE: tuple[NameForm, ...] = (
    _n("", "Van Minh"),
    _n("", "Van Hung"),
    _n("", "Van Nam"),
    _n("", "Van Tuan"),
    _n("", "Van Long"),
)

# Sino-Khmer families, with Khmer given names.
CHINESE_FAMILY_NAMES: tuple[NameForm, ...] = (
    _n("លឹម", "LIM"),
    _n("តាន់", "TAN"),
    _n("ង៉ូវ", "NGOV"),
    _n("តាំង", "TAING", "TANG"),
    _n("ហុក", "HOK"),
)


def zipf_weights(count: int, exponent: float = 1.07) -> list[float]:
    """Relative frequencies 1/rank^s: the first names of a list are by far the most common."""
    return [1.0 / (rank**exponent) for rank in range(1, count + 1)]


def romanisation_weights(count: int) -> list[float]:
    """The usual romanisation is written in about two files out of three; the others share
    the rest."""
    if count == 1:
        return [1.0]
    return [0.64] + [0.36 / (count - 1)] * (count - 1)

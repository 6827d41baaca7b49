"""Khmer personal names for the synthetic victims of the matching benchmark (synth.py).

Each name is given in Khmer script with the romanisations met in real files, the most
usual first (SOK / SOKH / SOKE, CHEA / CHEAR, POV / PAUV, THEARY / TEARY ...). Lists are
ordered from the most to the least common; `zipf_weights` turns a rank into a weight so
that a handful of family names (SOK, CHEA, KEO ...) cover a large share of the population
and the tail is rare.

Compound given names (SREYMOM, BUNTHOEUN, KIMHONG ...) are written as the Khmer
concatenation of their two parts, as they are in Khmer (ស្រី + មុំ = ស្រីមុំ); their Latin
forms are every pairing of the parts' romanisations, written together (SREYMOM) or
apart (SREY MOM) — both are met in real files.

The data is synthetic: no combination names a real person on purpose.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass


@dataclass(frozen=True)
class Name:
    """A name in Khmer script and its romanisations.

    `parts` holds, for each part of the name, its romanisations (most usual first): one
    part for a simple name, two for a compound (prefix, suffix). `km_split` is the
    position in `km` where the second part starts (0 for a simple name).
    """

    km: str
    parts: tuple[tuple[str, ...], ...]
    km_split: int = 0

    @property
    def latin(self) -> str:
        """The most usual romanisation, written together."""
        return "".join(p[0] for p in self.parts)

    @property
    def is_compound(self) -> bool:
        return len(self.parts) > 1

    def romanisations(self) -> list[str]:
        """Every listed romanisation, written together (most usual first)."""
        seen: dict[str, None] = {}
        for combo in itertools.product(*self.parts):
            seen.setdefault("".join(combo), None)
        return list(seen)


def _n(km: str, *latin: str) -> Name:
    return Name(km, (tuple(latin),))


def _c(prefix: Name, suffix: Name) -> Name:
    """A compound given name: prefix + suffix, in both scripts."""
    return Name(prefix.km + suffix.km, prefix.parts + suffix.parts, km_split=len(prefix.km))


# --------------------------------------------------------------------------------------
# Family names (about 150), most common first.
# --------------------------------------------------------------------------------------
FAMILY_NAMES: tuple[Name, ...] = (
    _n("សុខ", "SOK", "SOKH", "SOKE"),
    _n("ជា", "CHEA", "CHEAR", "CHIA"),
    _n("កែវ", "KEO", "KEV", "KAEV"),
    _n("ចាន់", "CHAN", "CHANN"),
    _n("ហេង", "HENG"),
    _n("លី", "LY", "LI", "LEE"),
    _n("មាស", "MEAS", "MEAH"),
    _n("សួន", "SUON", "SOUN", "SUORN"),
    _n("ពៅ", "POV", "PAUV", "PEOU"),
    _n("នួន", "NUON", "NOUN", "NUN"),
    _n("ម៉ៅ", "MAO", "MAU"),
    _n("ឈឹម", "CHHIM", "CHHOEUM", "CHHEUM"),
    _n("ស៊ុន", "SUN", "SUNN"),
    _n("ខៀវ", "KHIEU", "KHIEV", "KHIEW"),
    _n("យឹម", "YIM", "YOEM"),
    _n("ទេព", "TEP", "TEB"),
    _n("ម៉ម", "MOM", "MORM"),
    _n("ហ៊ុន", "HUN", "HOUN"),
    _n("ញឹម", "NHIM", "NHOEM"),
    _n("ឡុង", "LONG", "LORNG"),
    _n("ស៊ីម", "SIM", "SEM"),
    _n("ពេជ្រ", "PECH", "PICH"),
    _n("អ៊ុំ", "UM", "OUM"),
    _n("ឃុន", "KHUN", "KHOUN"),
    _n("ព្រំ", "PROM", "PRUM"),
    _n("ឈួន", "CHHUON", "CHHOUN"),
    _n("ថាច់", "THACH", "TACH"),
    _n("វង្ស", "VONG", "VORNG", "VONGS"),
    _n("ទូច", "TOUCH", "TUCH"),
    _n("សេង", "SENG"),
    _n("ហួត", "HUOT", "HOUT"),
    _n("ប៊ុន", "BUN", "BUNN", "BOUN"),
    _n("ឆាយ", "CHHAY", "CHHAI"),
    _n("អ៊ិន", "IN", "INN"),
    _n("ម៉ី", "MEY", "MY", "MEI"),
    _n("ឯក", "EK", "AEK"),
    _n("តាំង", "TAING", "TANG"),
    _n("សំ", "SAM", "SOM"),
    _n("ផាន់", "PHAN", "PHANN"),
    _n("អ៊ុក", "OUK", "UK"),
    _n("ស្រេង", "SRENG"),
    _n("ចេង", "CHENG"),
    _n("អៀង", "IENG", "EANG"),
    _n("គឹម", "KIM", "KEM"),
    _n("ជុំ", "CHUM", "CHOUM"),
    _n("រស់", "ROS", "RUOS"),
    _n("ខឹម", "KHIM", "KHOEM"),
    _n("ពាង", "PEANG", "PIANG"),
    _n("សាន", "SAN", "SANN"),
    _n("ង៉ែត", "NGET", "NGAET"),
    _n("អ៊ូច", "OUCH", "UCH"),
    _n("យូ", "YOU", "YU"),
    _n("តាន់", "TAN", "TANN"),
    _n("លឹម", "LIM", "LOEM"),
    _n("ង៉ួន", "NGUON", "NGOUN"),
    _n("ផល", "PHAL", "PHALL"),
    _n("សាយ", "SAY", "SAI"),
    _n("សួរ", "SOUR", "SUOR"),
    _n("ជិន", "CHIN", "CHEN"),
    _n("គង់", "KONG", "KUNG"),
    _n("ម៉ែន", "MEN", "MAEN"),
    _n("តូច", "TOCH", "TOUCH"),
    _n("ខាត់", "KHAT", "KHATT"),
    _n("ប្រាក់", "PRAK", "PRAKK"),
    _n("ស្រី", "SREY", "SREI"),
    _n("សៅ", "SAO", "SAU"),
    _n("សឿន", "SOEUN", "SEUN", "SOEURN"),
    _n("ប៉ែន", "PEN", "PAEN"),
    _n("ទិត្យ", "TITH", "TIT"),
    _n("រ័ត្ន", "RATH", "ROTH"),
    _n("ជួន", "CHUON", "CHOUN"),
    _n("សៀង", "SEANG", "SIENG"),
    _n("ឃឿន", "KHOEUN", "KHEUN"),
    _n("ញ៉ែក", "NHEK", "NHAEK"),
    _n("ហាក់", "HAK", "HAKK"),
    _n("ប៉ាន់", "PAN", "PANN"),
    _n("វ៉ាន់", "VAN", "VANN"),
    _n("ឡាយ", "LAY", "LAI"),
    _n("ស៊ុំ", "SOUM", "SUM"),
    _n("ដួង", "DUONG", "DOUNG"),
    _n("ឈឿន", "CHHOEUN", "CHHEUN"),
    _n("រឿន", "ROEUN", "REUN"),
    _n("សុទ្ធ", "SOTH", "SOT"),
    _n("គា", "KEA", "KIA"),
    _n("អៀម", "EAM", "IEM"),
    _n("ជូ", "CHOU", "CHU"),
    _n("កុយ", "KOY", "KOI"),
    _n("ថៃ", "THAI", "TAI"),
    _n("មាន", "MEAN", "MIAN"),
    _n("ខែម", "KHEM", "KHAEM"),
    _n("យស", "YOS", "YUOS"),
    _n("នៅ", "NOV", "NAUV"),
    _n("ហួរ", "HOUR", "HUOR"),
    _n("សារ", "SAR", "SA"),
    _n("ទី", "TY", "TI"),
    _n("អឿន", "OEUN", "OEURN"),
    _n("ប៊ូ", "BOU", "BU"),
    _n("ជ័យ", "CHEY", "CHEI"),
    _n("ភិន", "PHIN", "PIN"),
    _n("កាន់", "KAN", "KANN"),
    _n("ហែម", "HEM", "HAEM"),
    _n("សៀន", "SIEN", "SEAN"),
    _n("ហុង", "HONG"),
    _n("ឡេង", "LENG"),
    _n("ឈុន", "CHHUN", "CHHOUN"),
    _n("ធី", "THY", "THI"),
    _n("ឈាង", "CHHEANG", "CHHIANG"),
    _n("លាង", "LEANG", "LIANG"),
    _n("ទា", "TEA", "TIA"),
    _n("ស៊ុយ", "SUY", "SOUY"),
    _n("ហ៊ឹម", "HIM", "HOEM"),
    _n("ម៉ាន់", "MANN", "MAN"),
    _n("រី", "RY", "RI"),
    _n("ជួប", "CHUOP", "CHOUP"),
    _n("ពុធ", "PUTH", "POUTH"),
    _n("គុយ", "KUY", "KOUY"),
    _n("វ៉ែន", "VEN", "VAEN"),
    _n("ស៊ីវ", "SIV", "SIEV"),
    _n("ទឹម", "TIM", "TOEM"),
    _n("នឹម", "NOEM", "NEUM"),
    _n("សែម", "SEM", "SAEM"),
    _n("ផុន", "PHON", "PHOUN"),
    _n("សុន", "SON", "SORN"),
    _n("ណាង", "NANG", "NEANG"),
    _n("ចន", "CHORN", "CHON"),
    _n("ខួន", "KHUON", "KHOUN"),
    _n("ឆេង", "CHHENG"),
    _n("ប៊ុត", "BUTH", "BUT"),
    _n("រិទ្ធ", "RITH", "RETH"),
    _n("អ៊ឹង", "UNG", "OEUNG"),
    _n("ជាម", "CHEAM", "CHIAM"),
    _n("ខន", "KHORN", "KHON"),
    _n("ម៉ន", "MORN", "MON"),
    _n("លន់", "LON", "LUN"),
    _n("មឿន", "MOEUN", "MEUN"),
    _n("ជីវ", "CHIV", "CHIEV"),
    _n("ហ៊ុយ", "HUY", "HOUY"),
    _n("ភួង", "PHUONG", "PHOUNG"),
    _n("ប៉ុល", "POL", "POLL"),
    _n("សុង", "SONG", "SORNG"),
    _n("អ៊ឹម", "IM", "OEUM"),
    _n("ឡាំ", "LAM", "LAMM"),
    _n("ជឹម", "CHIM", "CHOEM"),
    _n("ឌី", "DY", "DI"),
    _n("តេង", "TENG"),
    _n("អេង", "ENG"),
    _n("ម៉ុង", "MONG", "MORNG"),
    _n("ប៉ាង", "PANG"),
    _n("វ៉េង", "VENG"),
)


# --------------------------------------------------------------------------------------
# Given names. Unisex names are drawn for both sexes.
# --------------------------------------------------------------------------------------
# Prefixes and suffixes of compound given names.
_SREY = _n("ស្រី", "SREY", "SREI")
_BUN = _n("ប៊ុន", "BUN", "BUNN", "BOUN")
_SOK = _n("សុខ", "SOK", "SOKH")
_KIM = _n("គឹម", "KIM", "KEM")
_CHAN = _n("ចាន់", "CHAN", "CHANN")
_LY = _n("លី", "LY", "LI")

_S = {
    "mom": _n("មុំ", "MOM"),
    "pov": _n("ពៅ", "POV", "PEOU", "PAUV"),
    "neang": _n("នាង", "NEANG", "NIANG"),
    "oun": _n("អូន", "OUN", "ORN"),
    "pich": _n("ពេជ្រ", "PICH", "PECH"),
    "leak": _n("ល័ក្ខ", "LEAK", "LEAKH"),
    "roth": _n("រ័ត្ន", "ROTH", "RATH"),
    "ny": _n("នី", "NY", "NI"),
    "mao": _n("ម៉ៅ", "MAO", "MAU"),
    "na": _n("ណា", "NA"),
    "lin": _n("លីន", "LIN", "LINN"),
    "toch": _n("តូច", "TOCH"),
    "ros": _n("រស់", "ROS", "RUOS"),
    "mey": _n("ម៉ី", "MEY", "MEI"),
    "leang": _n("លាង", "LEANG", "LIANG"),
    "thoeun": _n("ធឿន", "THOEUN", "THEUN", "THOEURN"),
    "heng": _n("ហេង", "HENG"),
    "ly": _n("លី", "LY", "LI"),
    "rith": _n("រិទ្ធ", "RITH", "RETH"),
    "chhoeun": _n("ឈឿន", "CHHOEUN", "CHHEUN"),
    "hour": _n("ហួរ", "HOUR", "HUOR"),
    "san": _n("សាន", "SAN", "SANN"),
    "tha": _n("ថា", "THA", "TA"),
    "thy": _n("ធី", "THY", "THI"),
    "chea": _n("ជា", "CHEA", "CHEAR"),
    "vong": _n("វង្ស", "VONG", "VORNG"),
    "tep": _n("ទេព", "TEP", "TEB"),
    "hong": _n("ហុង", "HONG"),
    "ra": _n("រ៉ា", "RA"),
    "dara": _n("ដារ៉ា", "DARA", "DARRA"),
}

# Prefix -> the compounds built on it, by sex (used for siblings who share a prefix).
SIBLING_PREFIXES: dict[str, dict[str, tuple[Name, ...]]] = {
    "F": {
        "SREY": tuple(
            _c(_SREY, _S[k])
            for k in (
                "mom",
                "pov",
                "neang",
                "oun",
                "pich",
                "leak",
                "roth",
                "ny",
                "mao",
                "na",
                "lin",
                "toch",
                "ros",
                "mey",
                "leang",
            )
        ),
        "KIM": tuple(_c(_KIM, _S[k]) for k in ("ly", "leang")),
        "CHAN": tuple(_c(_CHAN, _S[k]) for k in ("thy", "na")),
    },
    "M": {
        "BUN": tuple(
            _c(_BUN, _S[k])
            for k in (
                "thoeun",
                "heng",
                "ly",
                "na",
                "rith",
                "chhoeun",
                "leang",
                "hour",
                "san",
                "tha",
                "thy",
                "chea",
                "vong",
                "tep",
            )
        ),
        "SOK": tuple(
            _c(_SOK, _S[k])
            for k in ("heng", "chea", "na", "ly", "hour", "thy", "ra", "rith", "san", "vong")
        ),
        "KIM": tuple(_c(_KIM, _S[k]) for k in ("hong", "heng", "hour", "san", "tha", "chhoeun")),
        "CHAN": tuple(_c(_CHAN, _S[k]) for k in ("dara", "rith", "ra")),
        "LY": tuple(_c(_LY, _S[k]) for k in ("hour", "heng")),
    },
}

UNISEX_GIVEN: tuple[Name, ...] = (
    _n("សុភាព", "SOPHEAP", "SOPHIEP", "SOPHEAB"),
    _n("សុភ័ក្ត្រ", "SOPHEAK", "SOPHEAKH", "SOPHAK"),
    _n("សុជាតិ", "SOCHEAT", "SOCHIET", "SOCHEATH"),
    _n("ចាន់ថា", "CHANTHA", "CHANTA"),
    _n("ផល្លា", "PHALLA", "PALLA", "PHALA"),
    _n("ពុទ្ធី", "PUTHY", "POUTHY", "PUTHI"),
    _n("ពន្លឺ", "PONLEU", "PUNLEU", "PONLOEU"),
    _n("សុភ័ណ", "SOPHORN", "SOPHON", "SOPHAN"),
    _n("សុជា", "SOCHEA", "SOCHIA"),
    _n("ពេជ្រ", "PICH", "PECH"),
)

_MALE_BASE: tuple[Name, ...] = (
    _n("សុផល", "SOPHAL", "SOPHALL", "SOPHOL"),
    _n("វណ្ណា", "VANNA", "VANA", "VANNAH"),
    _n("ដារ៉ា", "DARA", "DARRA", "DARAH"),
    _n("សុវណ្ណ", "SOVANN", "SOVAN"),
    _n("សំណាង", "SAMNANG", "SOMNANG"),
    _n("វិចិត្រ", "VICHET", "VICHETH", "VICHEAT"),
    _n("សុខា", "SOKHA", "SOKA", "SOKHAR"),
    _n("ធារ៉ា", "THEARA", "TEARA", "THIARA"),
    _n("វិបុល", "VIBOL", "VIBOAL", "VIBUL"),
    _n("សារ៉ុន", "SARUN", "SAROUN", "SARON"),
    _n("ពិសិដ្ឋ", "PISETH", "PISET", "PISITH"),
    _n("រិទ្ធី", "RITHY", "RITHI", "RETHY"),
    _n("មករា", "MAKARA", "MAKKARA"),
    _n("វុទ្ធី", "VUTHY", "VUTHI", "VOUTHY"),
    _n("វាសនា", "VEASNA", "VIASNA", "VEASANA"),
    _n("សំបូរ", "SAMBO", "SAMBOR", "SAMBOU"),
    _n("ណារិទ្ធ", "NARITH", "NARIT", "NARETH"),
    _n("សាវឿន", "SAVOEUN", "SAVEUN", "SAVOEURN"),
    _n("ចំរើន", "CHAMROEUN", "CHAMREUN", "CHAMROEURN"),
    _n("សុខុម", "SOKHOM", "SOKOM"),
    _n("ពិសាល", "PISAL", "PISALL"),
    _n("សារិន", "SARIN", "SAREN"),
    _n("ភារ៉ា", "PHEARA", "PEARA", "PHIARA"),
    _n("បូរ៉ា", "BORA", "BORRA"),
    _n("បញ្ញា", "PANHA", "PANNHA", "PANHAR"),
    _n("វិសាល", "VISAL", "VISALL"),
    _n("សម្បត្តិ", "SAMBATH", "SAMBAT", "SAMBATT"),
    _n("សុធី", "SOTHY", "SOTHI", "SOTY"),
    _n("ណារ៉ុង", "NARONG", "NARUNG"),
    _n("រដ្ឋា", "RATHA", "ROTHA", "RATTHA"),
    _n("សុវត្ថិ", "SOVATH", "SOVAT", "SOVATT"),
    _n("វឌ្ឍនា", "VATHANA", "VATTANA", "VATHNA"),
    _n("ឧត្តម", "UDOM", "OUDOM"),
    _n("វីរៈ", "VIREAK", "VIREAKH", "VEREAK"),
    _n("សិលា", "SEILA", "SELA", "SILA"),
    _n("កុសល", "KOSAL", "KOSOL"),
    _n("ពិរុណ", "PIRUN", "PIROUN"),
    _n("មុនី", "MONY", "MONI", "MUNY"),
    _n("សីហា", "SEYHA", "SIHA", "SEIHA"),
    _n("វុទ្ធា", "VUTHA", "VOUTHA"),
    _n("ភក្តី", "PHEAKDEY", "PHEAKDEI", "PEAKDEY"),
    _n("ចំណាន", "CHAMNAN", "CHAMNANN"),
    _n("ណារិន", "NARIN", "NAREN"),
    _n("ធឿន", "THOEUN", "THEUN", "THOEURN"),
    _n("សារឿន", "SAROEUN", "SAREUN"),
    _n("វិជ្ជា", "VICHEA", "VICHIA"),
    _n("ស៊ីថា", "SITHA", "SITA"),
    _n("ថុល", "THOL", "TOL", "THOUL"),
    _n("រតនៈ", "RATANAK", "RATHANAK", "RATTANAK"),
    _n("ចិត្រា", "CHETRA", "CHETTRA"),
    _n("ធារិទ្ធ", "THEARITH", "TEARITH"),
    _n("ប្រាជ្ញ", "PRACH", "PRACHH"),
    _n("តុលា", "TOLA", "TOLLA"),
    _n("សុរិយា", "SORIYA", "SORYA"),
    _n("ពន្លក", "PONLOK", "PUNLOK"),
    _n("ខេមរា", "KHEMARA", "KEMARA"),
    _n("វិទូ", "VITOU", "VITU"),
    _n("ចេស្ដា", "CHESDA", "CHESTA"),
    _n("វិមាន", "VIMEAN", "VIMIAN"),
    _n("សំរិទ្ធ", "SAMRITH", "SOMRITH"),
    _n("វណ្ណៈ", "VANNAK", "VANAK"),
    _n("វិជ័យ", "VICHEY", "VICHEI"),
    _n("វិសុទ្ធ", "VISOTH", "VISOT"),
    _n("កល្យាណ", "KALYAN", "KALLYAN", "KALYANN"),
)

_FEMALE_BASE: tuple[Name, ...] = (
    _n("បុប្ផា", "BOPHA", "BOPPHA", "BUPPHA"),
    _n("ធារី", "THEARY", "TEARY", "THEARI"),
    _n("សុភា", "SOPHEA", "SOPHIA", "SOPEA"),
    _n("ចន្ធី", "CHANTHY", "CHANTY", "CHANTHI"),
    _n("សុធារី", "SOTHEARY", "SOTEARY", "SOTHEARI"),
    _n("ចាន់ធូ", "CHANTHOU", "CHANTOU", "CHANTHU"),
    _n("សុគន្ធា", "SOKUNTHEA", "SOKONTHEA", "SOKUNTEA"),
    _n("ពិសី", "PISEY", "PISEI", "PISSEY"),
    _n("ចន្ទ្រា", "CHANTREA", "CHANTRIA", "CHANTHREA"),
    _n("ដាលីន", "DALIN", "DALINN"),
    _n("សុម៉ាលី", "SOMALY", "SOMALI", "SOMALLY"),
    _n("ធីតា", "THIDA", "TIDA", "THEDA"),
    _n("ណាវី", "NAVY", "NAVI"),
    _n("សុវណ្ណារី", "SOVANNARY", "SOVANARY", "SOVANNARI"),
    _n("លក្ខិណា", "LEAKHENA", "LEAKENA", "LEAKHANA"),
    _n("រស្មី", "RASMEY", "RASMEI", "REAKSMEY"),
    _n("កញ្ញា", "KANHA", "KANNHA"),
    _n("ម៉ាលីស", "MALIS", "MALISS"),
    _n("ចរិយា", "CHARIYA", "CHARYA", "CHAREYA"),
    _n("គន្ធា", "KUNTHEA", "KONTHEA", "KUNTEA"),
    _n("ចិន្តា", "CHENDA", "CHINDA", "CHENTA"),
    _n("ផល្លី", "PHALLY", "PHALLI", "PALLY"),
    _n("នារី", "NEARY", "NIARY", "NEARI"),
    _n("លីណា", "LINA", "LEENA"),
    _n("ដាវី", "DAVY", "DAVI"),
    _n("វិច្ឆិកា", "VICHHEKA", "VICHEKA"),
    _n("ចាន់ណារី", "CHANNARY", "CHANARY", "CHANNARI"),
    _n("សុជាតា", "SOCHEATA", "SOCHIATA"),
    _n("រ៉ានី", "RANY", "RANI"),
    _n("សាលី", "SALY", "SALI"),
    _n("ដានី", "DANY", "DANI"),
    _n("វណ្ណី", "VANNY", "VANI"),
    _n("មាលា", "MEALEA", "MEALIA", "MALEA"),
    _n("ទេវី", "TEVY", "TEVI", "TEAVY"),
    _n("ណាលី", "NALY", "NALI"),
    _n("រតនា", "RATANA", "RATHANA", "ROTANA"),
    _n("មេសា", "MESA", "MEASA"),
    _n("មីនា", "MINEA", "MINA"),
    _n("ម៉ាលី", "MALY", "MALI"),
    _n("វណ្ណារី", "VANNARY", "VANARY"),
    _n("លីដា", "LIDA", "LYDA"),
    _n("សម្ផស្ស", "SAMPHOS", "SAMPHORS", "SOMPHOS"),
    _n("ឆវី", "CHHAVY", "CHAVY", "CHHAVI"),
    _n("មរកត", "MORAKOT", "MORAKORT"),
    _n("កល្យាណី", "KALYANY", "KALYANI", "KALLYANY"),
)


def _interleave(head: tuple[Name, ...], others: tuple[Name, ...], every: int) -> tuple[Name, ...]:
    """`head` in order, with one of `others` slotted in after every `every` names."""
    out: list[Name] = []
    rest = list(others)
    for i, name in enumerate(head):
        out.append(name)
        if rest and (i + 1) % every == 0:
            out.append(rest.pop(0))
    return tuple(out + rest)


def _compounds(sex: str) -> tuple[Name, ...]:
    # Round-robin over the prefixes so that each prefix has names near the head.
    groups = list(SIBLING_PREFIXES[sex].values())
    out: list[Name] = []
    for i in range(max(len(g) for g in groups)):
        out.extend(g[i] for g in groups if i < len(g))
    return tuple(out)


# Most common first. SREY- compounds are very common for women; compounds are slotted
# among the simple names for men.
FEMALE_GIVEN: tuple[Name, ...] = _interleave(
    _interleave(_FEMALE_BASE, _compounds("F"), every=2), UNISEX_GIVEN, every=6
)
MALE_GIVEN: tuple[Name, ...] = _interleave(
    _interleave(_MALE_BASE, _compounds("M"), every=3), UNISEX_GIVEN, every=7
)


def zipf_weights(n: int, s: float, shift: float) -> list[float]:
    """Zipf-Mandelbrot weights for ranks 1..n: 1 / (rank + shift) ** s."""
    return [1.0 / (rank + shift) ** s for rank in range(1, n + 1)]


# Exponents and shifts used by synth.py (see README.md for the resulting shares).
FAMILY_ZIPF = (1.0, 1.0)
GIVEN_ZIPF = (0.9, 2.0)


def all_names() -> list[Name]:
    seen: dict[str, Name] = {}
    for name in (*FAMILY_NAMES, *MALE_GIVEN, *FEMALE_GIVEN):
        seen.setdefault(name.km, name)
    return list(seen.values())


def check() -> list[str]:
    """Problems in the tables: non-Khmer characters, duplicates, non-capital romanisations."""
    problems = []
    for table, names in (
        ("family", FAMILY_NAMES),
        ("male", MALE_GIVEN),
        ("female", FEMALE_GIVEN),
    ):
        kms = [n.km for n in names]
        dups = {k for k in kms if kms.count(k) > 1}
        if dups:
            problems.append(f"{table}: duplicate Khmer names {sorted(dups)}")
        for name in names:
            if not all("\u1780" <= ch <= "\u17ff" for ch in name.km):
                problems.append(f"{table}: non-Khmer character in {name.km!r}")
            for part in name.parts:
                for latin in part:
                    if not latin.isascii() or not latin.isalpha() or not latin.isupper():
                        problems.append(f"{table}: bad romanisation {latin!r}")
    return problems


if __name__ == "__main__":
    issues = check()
    print(
        f"{len(FAMILY_NAMES)} family names, {len(MALE_GIVEN)} male and "
        f"{len(FEMALE_GIVEN)} female given names "
        f"({len({n.km for n in (*MALE_GIVEN, *FEMALE_GIVEN)})} distinct given names)"
    )
    for issue in issues:
        print("PROBLEM:", issue)
    raise SystemExit(1 if issues else 0)

"""Rule-based romanisation of Khmer personal names, in the manner of Cambodian ID cards and
civil-status registers (close to the UNGEGN/BGN system, with the popular spellings of
names: SOK, CHEA, SREY, SOPHEA, PHALLA, VANNAK ...).

Khmer script is an abugida. A written syllable is a consonant (possibly with subscript
consonants written with COENG), an optional register shifter, an optional dependent vowel
and optional signs; a bare consonant after a syllable is often that syllable's final.
Every consonant belongs to one of two *series* (a-series, "voiceless": ក ខ ច ...;
o-series, "voiced": គ ឃ ជ ...), and the series of the syllable's onset decides how the
vowel is read: ា is "a" after ក but "ea" after ជ (ចាន់ CHAN, ជា CHEA).

The rules implemented here, in order of application:

1. ``khmernormalizer.normalize`` makes the encoding canonical (coeng order, split vowels,
   coeng-DA as coeng-TA, -u + upper vowel as triisap); zero-width characters are removed.
2. The word is cut into orthographic clusters (base, subscripts, shifter, vowel, signs).
   Clusters with toandakhiat ៍ and bare clusters carrying robat ៌ are silent.
3. Syllabification: a bare consonant closes the open syllable before it when it ends the
   word, when that syllable has a written vowel (វាសនា VEAS-NA), or when it carries
   bantoc ់; otherwise it opens a syllable with the inherent vowel (មករា MA-KA-RA). A
   subscript cluster after an open syllable is split (its base closes the syllable, the
   subscript opens the next) after a presyllable, at the end of a word, and for Pali and
   Sanskrit clusters (geminates, nasal + homorganic stop, stop + aspirate: ណ្ណ ត្ត ន្ត
   ក្ខ ទ្ធ ប្ផ ...); else it is an onset cluster (ស្រ SR, ស្ត ST, ព្រ PR, ច្ប CHB).
   Word-final ិ/ុ after an open syllable is silent (សម្បត្តិ SAMBAT, ជាតិ CHEAT).
4. Series: a consonant's own series; muusikatoan ៉ makes it a-series, triisap ៊ o-series;
   a cluster is o-series if it holds an o-series non-sonorant (ព្រ), else a-series if it
   holds an a-series consonant (ស្រ, ស្ម), else o-series. An o-series sonorant (ង ញ ន ម យ
   រ ល វ) opening the syllable after an a-series presyllable takes the a-series
   (ផល្លា PHALLA, កញ្ញា KANHA, មករា MAKARA), as does one after a final ស (វាសនា VEASNA).
5. Vowels per series (see ``_VOWELS``); the inherent vowel is "a" (a-series) or "o"
   (o-series) in closed syllables, "a" in presyllables; an o-series inherent vowel made
   short by bantoc or by a Pali double consonant reads "ea" before velars and palatals
   (ភក្តី PHEAKDEY, លក្ខិណា LEAKHENA), "a" before dentals and ណ (រដ្ឋា RATHA, វណ្ណ
   VANN), "o" elsewhere. Nikahit ំ, reahmuk ះ, yuukaleapintu ៈ and samyok sannya ័ have
   their own readings.
6. Finals: ក ខ គ ឃ -> K, ញ -> NH, ប ព ផ ភ -> P, ដ ត ទ -> T, ថ ធ ឋ ឍ -> TH, ស -> S ...;
   a final is not written when the next onset repeats it as an aspirate (ក្ខ KH, ទ្ធ TH,
   ប្ផ PH) or for ញ្ញ; other subscripts at the end of a word are silent (ពេជ្រ PECH).

There is no dictionary of whole names: Pali and Sanskrit loans with irregular readings
come out in a regular, readable form that the phonetic key (``phonetic.py``) still brings
close to the usual spelling. Results are upper case, words separated by one space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from khmernormalizer import normalize as khmer_normalize

__all__ = ["khmer_to_latin"]

# --- character classes -------------------------------------------------------------------

COENG = "\u17d2"
MUUSIKATOAN = "\u17c9"  # ៉ : o-series consonant read as a-series
TRIISAP = "\u17ca"  # ៊ : a-series consonant read as o-series
NIKAHIT = "\u17c6"  # ំ
REAHMUK = "\u17c7"  # ះ
YUUKALEAPINTU = "\u17c8"  # ៈ
BANTOC = "\u17cb"  # ់
ROBAT = "\u17cc"  # ៌
TOANDAKHIAT = "\u17cd"  # ៍
SAMYOK_SANNYA = "\u17d0"  # ័

_A_SERIES = set("កខចឆដឋណតថបផសហឡអឝឞ")
_O_SERIES = set("គឃងជឈញឌឍទធនពភមយរលវ")
_CONSONANTS = _A_SERIES | _O_SERIES
_O_SONORANTS = set("ងញនមយរលវ")

_ONSET = {
    "ក": "k", "ខ": "kh", "គ": "k", "ឃ": "kh", "ង": "ng",
    "ច": "ch", "ឆ": "chh", "ជ": "ch", "ឈ": "chh", "ញ": "nh",
    "ដ": "d", "ឋ": "th", "ឌ": "d", "ឍ": "th", "ណ": "n",
    "ត": "t", "ថ": "th", "ទ": "t", "ធ": "th", "ន": "n",
    "ប": "b", "ផ": "ph", "ព": "p", "ភ": "ph", "ម": "m",
    "យ": "y", "រ": "r", "ល": "l", "វ": "v",
    "ស": "s", "ហ": "h", "ឡ": "l", "អ": "", "ឝ": "s", "ឞ": "s",
}  # fmt: skip
_FINAL = {
    "ក": "k", "ខ": "k", "គ": "k", "ឃ": "k", "ង": "ng",
    "ច": "ch", "ឆ": "ch", "ជ": "ch", "ឈ": "ch", "ញ": "nh",
    "ដ": "t", "ឋ": "th", "ឌ": "t", "ឍ": "th", "ណ": "n",
    "ត": "t", "ថ": "th", "ទ": "t", "ធ": "th", "ន": "n",
    "ប": "p", "ផ": "p", "ព": "p", "ភ": "p", "ម": "m",
    "យ": "y", "រ": "r", "ល": "l", "វ": "v",
    "ស": "s", "ហ": "h", "ឡ": "l", "អ": "", "ឝ": "s", "ឞ": "s",
}  # fmt: skip
# Independent vowels (they carry their own sound, no series).
_INDEPENDENT = {
    "ឣ": "a", "ឤ": "a", "ឥ": "e", "ឦ": "ey", "ឧ": "u", "ឨ": "uk", "ឩ": "ou",
    "ឪ": "ov", "ឫ": "rue", "ឬ": "reu", "ឭ": "lue", "ឮ": "leu", "ឯ": "e",
    "ឰ": "ai", "ឱ": "ao", "ឲ": "ao", "ឳ": "au",
}  # fmt: skip
_DEPENDENT_VOWELS = set("ាិីឹឺុូួើឿៀេែៃោៅ")
# Dependent vowel -> (reading after an a-series onset, after an o-series onset).
_VOWELS = {
    "ា": ("a", "ea"),
    "ិ": ("e", "i"),
    "ី": ("ei", "i"),  # open and word-final: "ey" / "y" (SREY, THEARY)
    "ឹ": ("oe", "eu"),  # before ម: "i" (KIM, CHHIM, YIM)
    "ឺ": ("eu", "eu"),
    "ុ": ("o", "u"),
    "ូ": ("ou", "ou"),
    "ួ": ("uo", "uo"),
    "ើ": ("oeu", "oeu"),
    "ឿ": ("oeu", "oeu"),
    "ៀ": ("ie", "ie"),
    "េ": ("e", "e"),
    "ែ": ("ae", "ae"),
    "ៃ": ("ai", "ey"),
    "ោ": ("ao", "ou"),
    "ៅ": ("ao", "ov"),
}
_VELAR_PALATAL = set("កខគឃចឆជឈញ")
_DENTAL = set("ដឋឌឍតថទធណ")
_NASAL_HOMORGANIC = {
    "ង": set("កខគឃ"),
    "ញ": set("ចឆជឈ"),
    "ណ": set("ដឋឌឍត"),
    "ន": set("តថទធ"),
    "ម": set("បផពភ"),
}
_ASPIRATE_OF = {
    "ក": "ខ",
    "ច": "ឆ",
    "ជ": "ឈ",
    "ដ": "ឋ",
    "ឌ": "ឍ",
    "ត": "ថ",
    "ទ": "ធ",
    "ប": "ផ",
    "ព": "ភ",
}
_VOICING_FINALS = set("កងញណនម")
_OTHER_SPLITS = {("ក", "ត"), ("ក", "ស")}  # ភក្តី PHEAK-DEY, រក្សា REAK-SA
# Onset clusters read as one sound (Sino-Khmer and loan words).
_SPECIAL_ONSETS = {"ហ្គ": "g", "ហ្វ": "f", "ហ្ស": "z", "ហ្ប": "b"}

_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_KHMER_RUN = re.compile(r"[\u1780-\u17dd]+")
_KHMER_PUNCT = re.compile(r"[\u17d4-\u17dc]")


# --- clusters and syllables ------------------------------------------------------------


@dataclass
class _Cluster:
    base: str
    subs: list[str] = field(default_factory=list)
    shift: str = ""
    vowel: str = ""
    nikahit: bool = False
    reahmuk: bool = False
    yuk: bool = False
    bantoc: bool = False
    samyok: bool = False
    robat: bool = False
    silent: bool = False

    @property
    def bare(self) -> bool:
        return not (self.vowel or self.nikahit or self.reahmuk or self.yuk or self.samyok)

    @property
    def independent(self) -> bool:
        return self.base in _INDEPENDENT


@dataclass
class _Syllable:
    onset: str = ""
    series: str = "a"
    vowel: str = ""
    independent: str = ""
    nikahit: bool = False
    reahmuk: bool = False
    yuk: bool = False
    samyok: bool = False
    final: str = ""
    bantoc: bool = False
    short: bool = False  # closed by the base of a subscript cluster (Pali double consonant)
    final_bare: bool = False  # closed by a bare consonant cluster of its own
    sonorant: bool = False  # onset is one o-series sonorant without shifter

    @property
    def inherent(self) -> bool:
        return not self.vowel and not self.independent

    @property
    def takes_final(self) -> bool:
        return not (self.final or self.nikahit or self.reahmuk or self.yuk)


def _clusters(word: str) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    current: _Cluster | None = None
    chars = list(word)
    i = 0
    while i < len(chars):
        ch = chars[i]
        if ch == COENG:
            if current is not None and i + 1 < len(chars) and chars[i + 1] in _CONSONANTS:
                current.subs.append(chars[i + 1])
                i += 2
                continue
        elif ch in _CONSONANTS or ch in _INDEPENDENT:
            current = _Cluster(ch)
            clusters.append(current)
        elif current is not None:
            if ch in _DEPENDENT_VOWELS:
                current.vowel += ch
            elif ch in (MUUSIKATOAN, TRIISAP):
                current.shift = ch
            elif ch == NIKAHIT:
                current.nikahit = True
            elif ch == REAHMUK:
                current.reahmuk = True
            elif ch == YUUKALEAPINTU:
                current.yuk = True
            elif ch == BANTOC:
                current.bantoc = True
            elif ch == SAMYOK_SANNYA:
                current.samyok = True
            elif ch == ROBAT:
                current.robat = True
            elif ch == TOANDAKHIAT:
                current.silent = True
            # kakabat, ahsda, viriam, bathamasat, atthacan: no sound of their own
        i += 1
    # Toandakhiat kills its consonant; a bare consonant under robat is not pronounced
    # (ធម៌ THOR). Elsewhere robat is ignored.
    return [c for c in clusters if not c.silent and not (c.robat and c.bare and not c.bantoc)]


def _series(consonants: list[str], shift: str) -> str:
    if shift == MUUSIKATOAN:
        return "a"
    if shift == TRIISAP:
        return "o"
    if any(c in _O_SERIES and c not in _O_SONORANTS for c in consonants):
        return "o"
    if any(c in _A_SERIES for c in consonants):
        return "a"
    return "o"


def _onset_text(consonants: list[str], after: str) -> str:
    """The onset of a syllable; ``after`` is the final consonant before it when the onset
    is the subscript of that final (a split cluster)."""
    key = COENG.join(consonants)
    if key in _SPECIAL_ONSETS:
        return _SPECIAL_ONSETS[key]
    first, rest = consonants[0], consonants[1:]
    if first == "ហ" and rest and rest[0] in _O_SONORANTS:
        text = ""  # ហ្ម ហ្ន ហ្ល ...: a silent ហ that only marks the a-series
    elif first == "ប" and rest:
        text = "p"  # ប្រ PR, ប្ល PL
    elif after in _VOICING_FINALS and first in "តដ":
        text = "d"  # ភក្តី PHEAKDEY, ចិន្តា CHENDA: subscript TA after K or a nasal
    else:
        text = _ONSET[first]
    return text + "".join(_ONSET[c] for c in rest)


def _new_syllable(consonants: list[str], cluster: _Cluster, after: str = "") -> _Syllable:
    syllable = _Syllable(
        onset=_onset_text(consonants, after),
        series=_series(consonants, cluster.shift),
        vowel=cluster.vowel,
        nikahit=cluster.nikahit,
        reahmuk=cluster.reahmuk,
        yuk=cluster.yuk,
        samyok=cluster.samyok,
        sonorant=len(consonants) == 1 and consonants[0] in _O_SONORANTS and not cluster.shift,
    )
    if consonants == ["ប"] and cluster.shift == MUUSIKATOAN:
        syllable.onset = "p"  # ប៉ PA
    return syllable


def _splits(prev: _Syllable, cluster: _Cluster, last: bool) -> bool:
    """Whether the base of a subscript cluster closes the open syllable before it."""
    if last and cluster.bare:
        return True
    if prev.inherent or prev.samyok:
        return True
    base, sub = cluster.base, cluster.subs[0]
    return (
        base == sub
        or sub in _NASAL_HOMORGANIC.get(base, ())
        or _ASPIRATE_OF.get(base) == sub
        or (base, sub) in _OTHER_SPLITS
    )


def _syllables(clusters: list[_Cluster]) -> list[_Syllable]:
    syllables: list[_Syllable] = []
    count = len(clusters)
    for i, cluster in enumerate(clusters):
        last = i == count - 1
        prev = syllables[-1] if syllables else None
        open_prev = prev is not None and prev.takes_final
        if (
            prev is not None
            and prev.nikahit
            and not prev.final
            and cluster.base == "ង"
            and cluster.bare
            and not cluster.subs
        ):
            prev.final = cluster.base  # តាំង TAING, កាំង KAING: ាំ + ង
            continue
        if cluster.independent:
            syllables.append(_Syllable(independent=cluster.base, series=""))
            continue
        if prev is not None and open_prev:
            # A final consonant marked with bantoc.
            if cluster.bantoc and cluster.bare and not cluster.subs:
                prev.final, prev.bantoc, prev.final_bare = cluster.base, True, True
                continue
            # Pali endings: the final -i/-u of សម្បត្តិ, ជាតិ, ហេតុ is not pronounced.
            if (
                last
                and cluster.vowel in ("ិ", "ុ")
                and not (cluster.nikahit or cluster.reahmuk or cluster.yuk or cluster.shift)
                and (cluster.subs or not prev.inherent)
                and count > 1
            ):
                prev.final, prev.short = cluster.base, bool(cluster.subs) or prev.short
                continue
            if cluster.subs:
                if _splits(prev, cluster, last):
                    prev.final, prev.short = cluster.base, True
                    if cluster.bare and last:
                        continue  # ពេជ្រ PECH, វង្ស VONG: the subscript is silent
                    syllables.append(_new_syllable(cluster.subs, cluster, after=cluster.base))
                    continue
            elif cluster.bare:
                nxt = clusters[i + 1] if not last else None
                if nxt is None:
                    prev.final, prev.final_bare = cluster.base, True
                    continue
                nxt_last = i + 1 == count - 1
                opens = (
                    bool(nxt.subs)  # សុគន្ធា: គ opens, ន closes it
                    or (nxt.bare and nxt_last)  # កុសល: ស opens, ល closes it
                    or (nxt.bantoc and nxt.bare)
                    or prev.inherent  # មករា, រតនា
                )
                if not opens:
                    prev.final, prev.final_bare = cluster.base, True  # វាសនា VEAS-NA
                    continue
        syllables.append(_new_syllable([cluster.base, *cluster.subs], cluster))
    _spread_series(syllables)
    return syllables


def _spread_series(syllables: list[_Syllable]) -> None:
    """An o-series sonorant after an a-series presyllable (or after a final ស) is read in
    the a-series: ផល្លា PHALLA, កញ្ញា KANHA, ចម្រើន CHAMROEUN, វាសនា VEASNA."""
    for prev, syllable in pairwise(syllables):
        if not syllable.sonorant or syllable.series != "o":
            continue
        after_presyllable = (
            prev.inherent and prev.series == "a" and not prev.reahmuk and not prev.yuk
        )
        after_final_s = prev.final == "ស" and prev.final_bare and not prev.bantoc
        if after_presyllable or after_final_s:
            syllable.series = "a"


# --- reading ----------------------------------------------------------------------------


def _inherent_vowel(s: _Syllable, last: bool) -> str:
    a = s.series == "a"
    if s.nikahit:
        return "am" if a else "um"
    if s.reahmuk:
        return "ah" if a else "eah"
    if s.yuk:
        return "ak" if a else "eak"
    if s.samyok:
        if s.final == "យ":
            return "a" if a else "e"  # ជ័យ CHEY (the final y is written after)
        if a:
            return "a"
        return "ea" if s.final in _VELAR_PALATAL or not s.final else "oa"
    if not s.final:
        return "o" if (last and not a) else "a"
    if a:
        return "a"
    if s.short or s.bantoc:
        if s.final in _VELAR_PALATAL:
            return "ea"
        if s.final in _DENTAL or (s.final == "ស" and s.short):
            return "a"
        return "o"
    return "o"


def _dependent_vowel(s: _Syllable, last: bool) -> str:
    a = s.series == "a"
    vowel = s.vowel
    if vowel == "ា" and s.nikahit:
        if s.final == "ង":
            return "aing" if a else "eang"  # តាំង TAING, កាំង KAING
        return "am" if a else "eam"
    if vowel == "ុ" and s.nikahit:
        return "om" if a else "um"
    if vowel == "ី" and not s.final:
        text = ("ey" if a else "y") if last else ("ey" if a else "i")
    elif vowel == "ឹ" and s.final == "ម":
        text = "i"
    elif vowel == "ែ" and s.final == "វ":
        text = "eo"  # កែវ KEO
    elif vowel == "ៅ" and s.final:
        text = "ao" if a else "ou"
    elif len(vowel) == 1 and vowel in _VOWELS:
        text = _VOWELS[vowel][0 if a else 1]
    else:  # malformed sequences: read each vowel
        text = "".join(_VOWELS[v][0 if a else 1] for v in vowel if v in _VOWELS)
    if s.nikahit:
        text += "m"
    if s.reahmuk:
        text += "h"
    return text


def _final_text(s: _Syllable, next_onset: str) -> str:
    if not s.final:
        return ""
    if s.vowel == "ែ" and s.final == "វ":
        return ""
    if s.vowel == "ៀ" and s.final == "វ":
        return "u"  # ខៀវ KHIEU
    if s.nikahit and s.vowel == "ា" and s.final == "ង":
        return ""
    text = _FINAL[s.final]
    if s.short and next_onset:
        if text == "nh" and next_onset.startswith("nh"):
            return ""  # កញ្ញា KANHA
        if len(next_onset) > len(text) and next_onset.startswith(text):
            return ""  # លក្ខិណា LEAKHENA, រិទ្ធី RITHY, បុប្ផា BOPHA
    return text


def _read(syllables: list[_Syllable]) -> str:
    out: list[str] = []
    for i, s in enumerate(syllables):
        last = i == len(syllables) - 1
        next_onset = "" if last else syllables[i + 1].onset
        if s.independent:
            vowel = _INDEPENDENT[s.independent]
        elif s.inherent:
            vowel = _inherent_vowel(s, last)
        else:
            vowel = _dependent_vowel(s, last)
        out.append(s.onset + vowel + _final_text(s, next_onset))
    return "".join(out)


@lru_cache(maxsize=200_000)
def _khmer_word(word: str) -> str:
    normal = _INVISIBLE.sub("", khmer_normalize(word))
    return _KHMER_RUN.sub(lambda m: _read(_syllables(_clusters(m.group()))), normal).upper()


def khmer_to_latin(text: str) -> str:
    """Romanise a Khmer name (one word or several separated by spaces). Characters that
    are not Khmer are kept (upper-cased); Khmer punctuation is dropped."""
    text = _KHMER_PUNCT.sub(" ", _INVISIBLE.sub("", text))
    return " ".join(word for word in (_khmer_word(w) for w in text.split()) if word)

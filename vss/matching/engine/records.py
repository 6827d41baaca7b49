"""Person records as the matcher sees them: names reduced to phonetic keys in both scripts,
birth year, sex and place as integers, all held in numpy arrays so that millions of
records fit in memory and every comparison runs over whole arrays at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from vss.names.phonetic import phonetic_key
from vss.names.romanise import khmer_to_latin

MISSING = -1
# Other records of one full name from which its own share, rather than its names',
# weighs an agreement on it.
NAMESAKES = 6
SEX_CODES = {"female": 1, "f": 1, "male": 2, "m": 2}


@dataclass(frozen=True)
class PersonRecord:
    """One person or one row of a spreadsheet; any field may be empty."""

    record_id: str
    family_name: str = ""
    given_name: str = ""
    family_name_km: str = ""
    given_name_km: str = ""
    sex: str = ""
    birth_year: int | None = None
    village_code: str = ""


class KeyTable:
    """Interns phonetic keys as small integers (0 stands for "no key") and counts how
    often each occurs, which is what the term-frequency weights need."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {"": 0}
        self.keys: list[str] = [""]

    def intern(self, key: str) -> int:
        found = self.ids.get(key)
        if found is None:
            found = len(self.keys)
            self.ids[key] = found
            self.keys.append(key)
        return found


def name_key(latin: str) -> str:
    """One key for a whole name. The words are run together *before* keying, so that a
    compound written apart keys like the one written whole: SOK HOUR and SOKHOUR (the K-H
    at the join reads as KH), CHAN DARA and CHANDARA (D inside a word folds to T)."""
    return phonetic_key("".join(latin.split()))


def khmer_name_key(khmer: str) -> str:
    """The key of a Khmer name through its romanisation, words run together as above."""
    return name_key(khmer_to_latin(khmer)) if khmer.strip() else ""


@dataclass
class RecordSet:
    """Columns of n records. Each name has a Latin-derived and a Khmer-derived key;
    either may be 0 when that script was not written."""

    ids: list[str]
    family_latin: np.ndarray
    family_khmer: np.ndarray
    given_latin: np.ndarray
    given_khmer: np.ndarray
    sex: np.ndarray
    birth_year: np.ndarray
    village: np.ndarray
    keys: KeyTable

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def family(self) -> np.ndarray:
        """One key per record for blocking: the Latin one, else the Khmer one."""
        return np.where(self.family_latin > 0, self.family_latin, self.family_khmer)

    @property
    def given(self) -> np.ndarray:
        return np.where(self.given_latin > 0, self.given_latin, self.given_khmer)

    def key_frequencies(self) -> np.ndarray:
        """For each key, the share of records carrying it as a family name or as a given
        name, whichever is higher (CHEA is both); index 0 is unused. A name's weight
        when two records agree on it is taken from this share."""
        shares = []
        for latin, khmer in (
            (self.family_latin, self.family_khmer),
            (self.given_latin, self.given_khmer),
        ):
            counts = np.zeros(len(self.keys.keys), dtype=np.float64)
            np.add.at(counts, latin[latin > 0], 1)
            other = khmer[(khmer > 0) & (khmer != latin)]
            np.add.at(counts, other, 1)
            shares.append(counts / max(len(self), 1))
        frequencies = np.maximum(*shares)
        frequencies[0] = 0
        return frequencies


def build_record_set(records: Iterable[PersonRecord], keys: KeyTable | None = None) -> RecordSet:
    keys = keys or KeyTable()
    ids: list[str] = []
    columns: list[list[int]] = [[], [], [], [], [], [], []]
    fl, fk, gl, gk, sx, by, vi = columns
    # Names repeat: each distinct spelling is keyed once.
    latin_keys: dict[str, str] = {}
    khmer_keys: dict[str, str] = {}

    def latin(text: str) -> str:
        found = latin_keys.get(text)
        if found is None:
            found = latin_keys[text] = name_key(text)
        return found

    def khmer(text: str) -> str:
        found = khmer_keys.get(text)
        if found is None:
            found = khmer_keys[text] = khmer_name_key(text)
        return found

    for record in records:
        ids.append(record.record_id)
        family_latin, given_latin = latin(record.family_name), latin(record.given_name)
        family_khmer, given_khmer = khmer(record.family_name_km), khmer(record.given_name_km)
        # Latin names are often written in western order while the Khmer keeps family
        # name first; put the Latin pair in the Khmer order when it is the Khmer crossed.
        if (
            family_latin
            and family_latin == given_khmer
            and given_latin == family_khmer != given_khmer
        ):
            family_latin, given_latin = given_latin, family_latin
        fl.append(keys.intern(family_latin))
        fk.append(keys.intern(family_khmer))
        gl.append(keys.intern(given_latin))
        gk.append(keys.intern(given_khmer))
        sx.append(SEX_CODES.get(record.sex.strip().lower(), 0))
        by.append(record.birth_year if record.birth_year else MISSING)
        code = record.village_code.strip()
        vi.append(int(code) if code.isdigit() and len(code) == 8 else MISSING)
    return RecordSet(
        ids=ids,
        family_latin=np.asarray(fl, dtype=np.int32),
        family_khmer=np.asarray(fk, dtype=np.int32),
        given_latin=np.asarray(gl, dtype=np.int32),
        given_khmer=np.asarray(gk, dtype=np.int32),
        sex=np.asarray(sx, dtype=np.int8),
        birth_year=np.asarray(by, dtype=np.int16),
        village=np.asarray(vi, dtype=np.int64),
        keys=keys,
    )


class FullNames:
    """How many records carry each full name (a family and a given key, in any script of
    each): names are not drawn independently. A Cham family name comes with a Cham given
    name, a Vietnamese with a Vietnamese one, and a full name that is common in its own
    community is rare in the registry as a whole - the product of its two names' shares
    would make namesakes look like one person."""

    def __init__(self, codes: np.ndarray, counts: np.ndarray, width: int, size: int) -> None:
        self.codes, self.counts, self.width, self.size = codes, counts, width, size

    @classmethod
    def of(cls, records: RecordSet) -> FullNames:
        width = len(records.keys.keys) + 1
        n = len(records)
        found = []
        for family in (records.family_latin, records.family_khmer):
            for given in (records.given_latin, records.given_khmer):
                both = (family > 0) & (given > 0)
                owners = np.flatnonzero(both).astype(np.int64)
                codes = family[both].astype(np.int64) * width + given[both]
                found.append(owners * (width * width) + codes)
        # A record counts once per full name, whatever scripts carry it.
        unique = np.unique(np.concatenate(found)) if found else np.empty(0, dtype=np.int64)
        codes, counts = np.unique(unique % (width * width), return_counts=True)
        return cls(codes, counts, width, n)

    def others(self, family: np.ndarray, given: np.ndarray) -> np.ndarray:
        """For pairs agreeing exactly on both names: the share of the *other* records (the
        pair left out) carrying that full name, where they are enough to say so - a
        few records of one name are as often one person filed again as namesakes, and
        would make every re-filed rare name look common (0 below NAMESAKES)."""
        wanted = family.astype(np.int64) * self.width + given
        if not len(self.codes):
            return np.zeros(len(wanted))
        at = np.minimum(np.searchsorted(self.codes, wanted), len(self.codes) - 1)
        others = np.where(self.codes[at] == wanted, self.counts[at], 0) - 2
        return np.where(others >= NAMESAKES, others, 0) / max(self.size - 2, 1)

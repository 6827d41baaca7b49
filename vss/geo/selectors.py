"""Finding villages for the intake form's autocomplete.

`village_search` matches a village code prefix ("2109", Khmer digits too) or a name, Latin
or Khmer script, anywhere in the name. Names are compared on a search key on both sides:
- Latin: case, spaces, hyphens and apostrophes are ignored ("kaohthum" finds "Kaoh Thum",
  "rolea bier" finds "Rolea B'ier");
- Khmer: spaces and zero-width spaces are ignored and coeng-DA is read as coeng-TA (the
  MEF data uses both, and so do typists); the query is also tried in its normalised form
  (khnormal: coeng-RO last, split vowels joined, ...), which is how most of the
  gazetteer's names are encoded.
"Thmei, Kandal" narrows to the villages whose commune, district or province matches the
words after the comma: village names repeat a lot (155 villages are called Thmei).
Results come best first (exact name, then prefix, then anywhere), then by code, with the
commune, district and province loaded in the same query.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Aggregate, Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Lower, Replace
from khmernormalizer.khnormal import khmer_normalize

from vss.geo.models import Province, Village

_KHMER = re.compile(r"[\u1780-\u17ff\u19e0-\u19ff]")
_KHMER_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")
_CODE = re.compile(r"[0-9\s\-]+")
_COENG_DA, _COENG_TA = "\u17d2\u178a", "\u17d2\u178f"
# Removed from both sides before comparing.
_LATIN_IGNORED = (" ", "-", "'", "\u2019", ".")
_KHMER_IGNORED = (" ", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")
_PARENT_FIELDS = (
    "commune__name_en",
    "commune__name_km",
    "commune__district__name_en",
    "commune__district__name_km",
    "commune__district__province__name_en",
    "commune__district__province__name_km",
)


def is_khmer(text: str) -> bool:
    return bool(_KHMER.search(text))


def latin_key(text: str) -> str:
    key = text.lower()
    for char in _LATIN_IGNORED:
        key = key.replace(char, "")
    return key


def khmer_keys(text: str) -> list[str]:
    """The query as typed and in normalised form, both without spaces and with coeng-DA
    read as coeng-TA."""
    keys = []
    for form in (text, khmer_normalize(text)):
        key = form
        for char in _KHMER_IGNORED:
            key = key.replace(char, "")
        key = key.replace(_COENG_DA, _COENG_TA)
        if key and key not in keys:
            keys.append(key)
    return keys


def _latin_expr(field: str) -> Lower:
    expr: F | Replace = F(field)
    for char in _LATIN_IGNORED:
        expr = Replace(expr, Value(char), Value(""))
    return Lower(expr)


def _khmer_expr(field: str) -> Replace:
    expr: F | Replace = F(field)
    for char in _KHMER_IGNORED:
        expr = Replace(expr, Value(char), Value(""))
    return Replace(expr, Value(_COENG_DA), Value(_COENG_TA))


def _keys(text: str) -> tuple[str, list[str]]:
    """(script, keys) of a piece of a query."""
    if is_khmer(text):
        return "km", khmer_keys(text)
    key = latin_key(text)
    return "en", [key] if key else []


def village_search(query: str, limit: int = 20) -> list[Village]:
    """Villages matching `query` (see the module docstring), best first, at most `limit`."""
    text = (query or "").strip()
    if not text or limit <= 0:
        return []
    villages: QuerySet[Village] = Village.objects.select_related("commune__district__province")

    digits = text.translate(_KHMER_DIGITS)
    if _CODE.fullmatch(digits) and any(c.isdigit() for c in digits):
        code = re.sub(r"\D", "", digits)
        return list(villages.filter(code__startswith=code).order_by("code")[:limit])

    name, *qualifiers = [part.strip() for part in text.split(",")]
    script, keys = _keys(name)
    if not keys:
        return []
    field = "name_km" if script == "km" else "name_en"
    villages = villages.annotate(
        search_key=_khmer_expr(field) if script == "km" else _latin_expr(field)
    )
    matches = Q()
    exact = Q()
    prefix = Q()
    for key in keys:
        matches |= Q(search_key__contains=key)
        exact |= Q(search_key=key)
        prefix |= Q(search_key__startswith=key)
    villages = villages.filter(matches)

    for qualifier in qualifiers:
        q_script, q_keys = _keys(qualifier)
        if not q_keys:
            continue
        condition = Q()
        for index, parent_field in enumerate(_PARENT_FIELDS):
            if parent_field.endswith("_km") != (q_script == "km"):
                continue
            alias = f"parent_key_{index}"
            expr = _khmer_expr(parent_field) if q_script == "km" else _latin_expr(parent_field)
            villages = villages.alias(**{alias: expr})
            for key in q_keys:
                condition |= Q(**{f"{alias}__contains": key})
        villages = villages.filter(condition)

    rank = Case(
        When(exact, then=Value(0)),
        When(prefix, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return list(villages.annotate(rank=rank).order_by("rank", "code")[:limit])


def village_label(village: Village, separator: str = ", ") -> str:
    """ "Village, Commune, District, Province" in the active language."""
    commune = village.commune
    district = commune.district
    return separator.join(
        place.localized_name for place in (village, commune, district, district.province)
    )


def provinces_by_code() -> dict[str, Province]:
    """Every province by its code: lists keep a row's province as a code, and name it from
    these 25 rows read once."""
    return {province.code: province for province in Province.objects.all()}


def counts_by_province(
    records: QuerySet[Any], *, village: str, counted: Aggregate
) -> dict[str, int]:
    """`records` counted by the province of the village `village` leads to (a path of
    lookups ending at a Village), in one GROUP BY: {province code: count}, with "" for
    the records whose village is not known. The province is read through the commune and
    the district, as the gazetteer links them, not from the village code's first digits."""
    rows = (
        records.order_by()
        .values(province=F(f"{village}__commune__district__province"))
        .annotate(n=counted)
        .values_list("province", "n")
    )
    counts: dict[str, int] = {}
    for code, n in rows:
        counts[code or ""] = counts.get(code or "", 0) + n
    return counts

"""The reference data: gazetteer, Khmer Rouge-era geography and crime sites, proceedings;
the `load_reference_data` command that loads them and the village search built on them.

The full load (about 16,000 rows) runs once for the module, inside a transaction that is
rolled back at the end; each test runs in a savepoint within it."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Length, Substr
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from vss.geo import gazetteer
from vss.geo import reference as geo_reference
from vss.geo.loaders import load_gazetteer, load_kr_geography
from vss.geo.models import Commune, CrimeSite, District, KrSector, KrZone, Province, Village
from vss.geo.selectors import village_label, village_search
from vss.proceedings import reference as proceedings_reference
from vss.proceedings.loaders import load_proceedings
from vss.proceedings.models import Case, ChargedPerson, CrimeType


@pytest.fixture(scope="module")
def source() -> gazetteer.Gazetteer:
    return gazetteer.read()


@pytest.fixture(scope="module")
def loaded(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """Runs the command once for the module; yields its output."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("load_reference_data", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


# ----------------------------------------------------------------------------------------
# Reference modules
# ----------------------------------------------------------------------------------------
def test_reference_modules_are_consistent() -> None:
    assert geo_reference.check_reference() == []
    codes = {site.code for site in geo_reference.CRIME_SITES}
    assert proceedings_reference.check_reference(codes) == []


# ----------------------------------------------------------------------------------------
# Gazetteer rules, on small made-up sources
# ----------------------------------------------------------------------------------------
def _raw(villages: list[tuple[str, str, str]], communes: list[tuple[str, str]] | None = None):
    """A province 99 with district 9901; communes (code, name); villages (code, commune
    column, name)."""
    communes = communes or [("990101", "Alpha"), ("990102", "Beta")]
    return {
        "province": [{"code": "99", "name_en": "Test", "name_kh": "តេស្ត"}],
        "district": [{"code": "9901", "name_en": "One", "name_kh": "មួយ", "province_code": "99"}],
        "commune": [
            {
                "code": code,
                "name_en": name,
                "name_kh": name,
                "province_code": "99",
                "district_code": "9901",
            }
            for code, name in communes
        ],
        "village": [
            {
                "code": code,
                "name_en": name,
                "name_kh": name,
                "province_code": commune[:2],
                "district_code": commune[:4],
                "commune_code": commune,
            }
            for code, commune, name in villages
        ],
    }


def _reasons(data: gazetteer.Gazetteer) -> dict[str, str]:
    return {a.name_en: a.reason for a in data.anomalies}


def test_gazetteer_keeps_consistent_rows_and_reports_the_others() -> None:
    data = gazetteer.check(
        _raw(
            [
                ("99010101", "990101", "Good"),
                ("9901010-", "990101", "Malformed"),
                ("99010102", "990102", "Wrong commune"),
                ("99010301", "990103", "Orphan"),
                ("99010101", "990101", "Second with a used code"),
                ("99010201", "990102", "Also good"),
            ]
        )
    )
    assert [v.code for v in data.places["village"]] == ["99010101", "99010201"]
    assert [v.parent_code for v in data.places["village"]] == ["990101", "990102"]
    assert _reasons(data) == {
        "Malformed": gazetteer.MALFORMED_CODE,
        "Wrong commune": gazetteer.PARENT_MISMATCH,
        "Orphan": gazetteer.UNKNOWN_PARENT,
        "Second with a used code": gazetteer.DUPLICATE_CODE,
    }
    assert data.source_rows["village"] == 6


def test_gazetteer_trusts_the_code_over_a_duplicate_listing_of_the_parent() -> None:
    # As in Memot (2503): commune "Kokir" listed eight times, its villages spread over them.
    data = gazetteer.check(
        _raw(
            [("99010101", "990101", "First"), ("99010102", "990102", "Second")],
            communes=[("990101", "Kokir"), ("990102", "Kokir")],
        )
    )
    assert [(v.code, v.parent_code) for v in data.places["village"]] == [
        ("99010101", "990101"),
        ("99010102", "990101"),
    ]
    assert [c.code for c in data.places["commune"]] == ["990101"]
    assert _reasons(data) == {
        "Second": gazetteer.REPAIRED,
        "Kokir": gazetteer.DUPLICATE_LISTING,
    }
    assert [a.reason for a in data.skipped] == [gazetteer.DUPLICATE_LISTING]


def test_gazetteer_cleans_invisible_characters_from_names() -> None:
    data = gazetteer.check(_raw([("99010101", "990101", "Thnal\u200b  Chheu Teal ")]))
    assert data.places["village"][0].name_en == "Thnal Chheu Teal"
    assert data.cleaned_names == 2  # the Latin and the Khmer name


def test_real_gazetteer_is_read_and_checked(source: gazetteer.Gazetteer) -> None:
    counts = source.counts()
    assert counts["province"] == 25
    assert 200 <= counts["district"] <= 220
    assert 1600 <= counts["commune"] <= 1700
    assert 14_000 <= counts["village"] <= 15_000
    # Every row of the source is either loaded or reported.
    for level in gazetteer.LEVELS:
        skipped = sum(1 for a in source.skipped if a.level == level)
        assert counts[level] + skipped == source.source_rows[level]


# ----------------------------------------------------------------------------------------
# The full load
# ----------------------------------------------------------------------------------------
def test_full_load_counts(loaded: str, source: gazetteer.Gazetteer) -> None:
    expected = source.counts()
    assert Province.objects.count() == expected["province"] == 25
    assert District.objects.count() == expected["district"]
    assert Commune.objects.count() == expected["commune"]
    assert Village.objects.count() == expected["village"]
    assert KrZone.objects.count() == 7
    assert KrSector.objects.count() == len(geo_reference.SECTORS)
    assert CrimeSite.objects.count() == len(geo_reference.CRIME_SITES)
    assert CrimeType.objects.count() == len(proceedings_reference.CRIME_TYPES)
    assert ChargedPerson.objects.count() == 9
    assert Case.objects.count() == 8
    assert "villages: 14," in loaded
    assert "not loaded" in loaded  # the anomalies of the source are reported


@pytest.mark.parametrize(
    ("model", "length", "parent", "parent_length"),
    [
        (Province, 2, None, 0),
        (District, 4, "province_id", 2),
        (Commune, 6, "district_id", 4),
        (Village, 8, "commune_id", 6),
    ],
)
def test_codes_nest(
    loaded: str, model: type[Village], length: int, parent: str | None, parent_length: int
) -> None:
    assert not model.objects.exclude(code__regex=rf"^[0-9]{{{length}}}$").exists()
    assert not model.objects.annotate(n=Length("code")).exclude(n=length).exists()
    if parent:
        prefix = Substr("code", 1, parent_length)
        assert not model.objects.annotate(prefix=prefix).exclude(prefix=F(parent)).exists()


def test_every_village_code_starts_with_its_commune_code(loaded: str) -> None:
    villages = Village.objects.annotate(
        commune_prefix=Substr("code", 1, 6),
        district_prefix=Substr("code", 1, 4),
        province_prefix=Substr("code", 1, 2),
    )
    assert villages.count() > 14_000
    assert not villages.exclude(commune_prefix=F("commune_id")).exists()
    assert not villages.exclude(district_prefix=F("commune__district_id")).exists()
    assert not villages.exclude(province_prefix=F("commune__district__province_id")).exists()


def test_second_load_changes_nothing(loaded: str) -> None:
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    output = out.getvalue()
    assert "Nothing to change" in output
    counts = re.findall(r"([\d,]+) (?:created|updated)", output)
    assert counts and set(counts) == {"0"}
    assert "links added" not in output


def test_reload_restores_changed_names(loaded: str, source: gazetteer.Gazetteer) -> None:
    Village.objects.filter(pk="21090311").update(name_en="Kraing Ta Chan (edited)")
    report, _ = load_gazetteer(data=source)
    villages = next(r for r in report.results if r.label == "villages")
    assert (villages.created, villages.updated) == (0, 1)
    assert Village.objects.get(pk="21090311").name_en == "Krang Ta Chan"


def test_skip_villages_leaves_villages_alone(loaded: str) -> None:
    small = gazetteer.check(
        {
            "province": [{"code": "99", "name_en": "Test", "name_kh": "តេស្ត"}],
            "district": [],
            "commune": [],
            "village": [],
        }
    )
    villages = Village.objects.count()
    report, _ = load_gazetteer(include_villages=False, data=small)
    assert [r.label for r in report.results] == ["provinces", "districts", "communes"]
    assert Province.objects.filter(pk="99").exists()
    assert Village.objects.count() == villages

    out = StringIO()
    call_command("load_reference_data", "--skip-villages", "--dry-run", stdout=out)
    assert "villages:" not in out.getvalue()
    assert "Nothing would change" in out.getvalue()


def test_values_completed_by_the_vss_survive_a_reload(loaded: str) -> None:
    kandal = Province.objects.get(pk="08")
    CrimeSite.objects.filter(code="sang").update(province=kandal)
    Case.objects.filter(number="002").update(trial_judgment_on=datetime.date(2014, 8, 7))
    extra = CrimeType.objects.create(code="local-type", category="Local", name="Local")
    Case.objects.get(number="002").crime_types.add(extra)

    geography = load_kr_geography()
    proceedings = load_proceedings()

    assert not geography.changed and not proceedings.changed
    sang = CrimeSite.objects.get(code="sang")
    assert sang.province_id == "08"
    case = Case.objects.get(number="002")
    assert case.trial_judgment_on == datetime.date(2014, 8, 7)
    assert case.crime_types.filter(code="local-type").exists()


def test_reference_values_win_over_edits(loaded: str) -> None:
    CrimeSite.objects.filter(code="s-21").update(name="S21")
    CrimeType.objects.filter(code="cah-murder").update(name_fr="")
    load_kr_geography()
    load_proceedings()
    assert CrimeSite.objects.get(code="s-21").name == "S-21 Security Centre (Tuol Sleng)"
    assert CrimeType.objects.get(code="cah-murder").name_fr == "Meurtre"


def test_key_dates_recorded_by_staff_are_kept_and_reported(loaded: str) -> None:
    recorded = datetime.date(2010, 1, 15)
    Case.objects.filter(number="002").update(investigation_closed_on=recorded)
    Case.objects.filter(number="001").update(appeal_judgment_on=None)
    Case.objects.filter(number="003").update(is_terminated=False)
    report = load_proceedings()
    assert Case.objects.get(number="002").investigation_closed_on == recorded
    assert any("investigation_closed_on" in w and "kept" in w for w in report.warnings)
    # Missing values are filled in.
    assert Case.objects.get(number="001").appeal_judgment_on == datetime.date(2012, 2, 3)
    assert Case.objects.get(number="003").is_terminated


# ----------------------------------------------------------------------------------------
# Khmer Rouge-era geography and proceedings
# ----------------------------------------------------------------------------------------
def test_crime_sites_are_placed(loaded: str) -> None:
    s21 = CrimeSite.objects.get(code="s-21")
    assert (s21.kind, s21.province_id, s21.zone) == ("security_centre", "12", None)
    kraing_ta_chan = CrimeSite.objects.select_related("sector__zone").get(code="kraing-ta-chan")
    assert kraing_ta_chan.sector is not None
    assert (kraing_ta_chan.sector.number, kraing_ta_chan.sector.zone.name) == (
        "13",
        "Southwest Zone",
    )
    assert kraing_ta_chan.zone == kraing_ta_chan.sector.zone
    phnom_kraol = CrimeSite.objects.get(code="phnom-kraol")
    assert phnom_kraol.sector is not None and phnom_kraol.sector.number == "105"
    # Every site that names a sector names that sector's zone.
    assert not CrimeSite.objects.exclude(sector=None).exclude(zone=F("sector__zone")).exists()


def test_cases_tree(loaded: str) -> None:
    cases = {c.number: c for c in Case.objects.select_related("parent")}
    assert cases["002/01"].parent == cases["002"]
    assert cases["002/02"].parent == cases["002"]
    assert cases["004/01"].parent == cases["004"]
    assert cases["004/02"].parent == cases["004"]
    assert {n for n, c in cases.items() if c.parent is None} == {"001", "002", "003", "004"}
    assert {n for n, c in cases.items() if c.is_terminated} == {"003", "004", "004/01", "004/02"}
    assert {n for n, c in cases.items() if not c.accepts_applications} == {"002/01", "002/02"}

    assert [p.name for p in cases["001"].charged_persons.all()] == ["Kaing Guek Eav"]
    assert cases["001"].charged_persons.get().alias == "Duch"
    assert set(cases["002/02"].charged_persons.values_list("name", flat=True)) == {
        "Nuon Chea",
        "Khieu Samphan",
    }
    assert set(cases["002/01"].crime_sites.values_list("code", flat=True)) == {
        "movement-phase-1",
        "movement-phase-2",
        "tuol-po-chrey",
    }
    assert cases["002/02"].crime_sites.filter(code="kraing-ta-chan").exists()
    assert cases["004/02"].crime_types.filter(code="genocide-cham").exists()
    assert cases["002"].crime_types.filter(category="Crimes under the 1956 Penal Code").count() == 3


def test_key_dates(loaded: str) -> None:
    dates = {
        c.number: (c.closing_order_on, c.trial_judgment_on, c.appeal_judgment_on)
        for c in Case.objects.all()
    }
    assert dates["001"] == (
        datetime.date(2008, 8, 8),
        datetime.date(2010, 7, 26),
        datetime.date(2012, 2, 3),
    )
    assert dates["002/01"][1:] == (datetime.date(2014, 8, 7), datetime.date(2016, 11, 23))
    assert dates["002/02"][1:] == (datetime.date(2018, 11, 16), datetime.date(2022, 9, 22))
    assert dates["004/01"][0] == datetime.date(2017, 2, 22)


def test_application_deadline_is_fifteen_days_after_the_notice(loaded: str) -> None:
    case_002 = Case.objects.get(number="002")
    assert case_002.investigation_closed_on == datetime.date(2010, 1, 14)
    assert case_002.application_deadline == datetime.date(2010, 1, 29)
    assert Case.objects.get(number="004/02").application_deadline == datetime.date(2016, 12, 31)
    assert Case(number="999").application_deadline is None


# ----------------------------------------------------------------------------------------
# Village search
# ----------------------------------------------------------------------------------------
def _codes(villages: list[Village]) -> list[str]:
    return [v.code for v in villages]


def test_search_by_code_prefix(loaded: str) -> None:
    found = village_search("210903", limit=50)
    assert found and all(v.code.startswith("210903") for v in found)
    assert _codes(found) == sorted(_codes(found))
    assert _codes(village_search("២១០៩០៣១១")) == ["21090311"]  # Khmer digits
    assert _codes(village_search("2109 0311")) == ["21090311"]


def test_search_by_latin_name(loaded: str) -> None:
    assert _codes(village_search("krang ta chan")) == ["21090311"]
    assert _codes(village_search("KRANGTACHAN")) == ["21090311"]
    found = village_search("thmei", limit=5)
    assert len(found) == 5
    assert all(v.name_en == "Thmei" for v in found)  # exact matches first


def test_search_by_khmer_name_whatever_the_coeng(loaded: str) -> None:
    assert _codes(village_search("ក្រាំងតាចាន់")) == ["21090311"]
    # The gazetteer writes ព្រៃសណ្ដែក with coeng-DA; coeng-TA typing finds it too.
    with_da = {v.code for v in village_search("ព្រៃសណ្ដែក")}
    with_ta = {v.code for v in village_search("ព្រៃសណ្តែក")}
    assert with_da and with_da == with_ta


def test_search_narrowed_by_place(loaded: str) -> None:
    found = village_search("Thmei, Kandal", limit=200)
    assert found
    for village in found:
        names = {
            village.commune.name_en,
            village.commune.district.name_en,
            village.commune.district.province.name_en,
        }
        assert any("kandal" in n.lower() for n in names)
    in_khmer = village_search("ថ្មី, កណ្ដាល", limit=200)
    assert set(_codes(in_khmer)) & set(_codes(found))
    for village in in_khmer:
        commune = village.commune
        km_names = (commune.name_km, commune.district.name_km, commune.district.province.name_km)
        assert any("កណ្តាល" in n.replace("\u17d2\u178a", "\u17d2\u178f") for n in km_names)


def test_search_edge_cases(loaded: str) -> None:
    assert village_search("") == []
    assert village_search("   ") == []
    assert village_search("thmei", limit=0) == []
    assert village_search("no such village anywhere") == []


def test_search_and_labels_take_one_query(loaded: str) -> None:
    with CaptureQueriesContext(connection) as queries:
        labels = [village_label(v) for v in village_search("thmei", limit=20)]
    assert len(queries) == 1
    assert len(labels) == 20


def test_village_label_in_the_active_language(loaded: str) -> None:
    village = village_search("21090311")[0]
    with translation.override("en"):
        assert village_label(village) == "Krang Ta Chan, Kus, Tram Kak, Takeo"
    with translation.override("km"):
        assert village_label(village) == "ក្រាំងតាចាន់, គុស, ត្រាំកក់, តាកែវ"


@pytest.mark.parametrize("language", ["km", "fr"])
def test_every_reference_name_is_shown_in_the_active_language(loaded: str, language: str) -> None:
    """Zones, crime sites, crime types and case titles are named in Khmer and French and
    shown so; the charged persons in Khmer script on a Khmer page."""
    field = f"name_{language}"
    records: list[KrZone | CrimeSite | CrimeType] = [
        *KrZone.objects.all(),
        *CrimeSite.objects.all(),
        *CrimeType.objects.all(),
    ]
    with translation.override(language):
        untranslated = [
            r.name for r in records if not getattr(r, field) or str(r) != getattr(r, field)
        ]
        untitled = [
            c.number
            for c in Case.objects.all()
            if c.localized_title != getattr(c, f"title_{language}")
        ]
        persons = {p.name: str(p) for p in ChargedPerson.objects.all()}
    assert records and untranslated == [] and untitled == []
    if language == "km":
        assert persons["Ao An"] == "អោ អាន" and persons["Yim Tith"] == "យឹម ទិត្យ"
        assert [name for name, shown in persons.items() if shown == name] == []

"""The map of the provinces: its classes and legend, a province with no figure, the names
in the reader's script, and each figure against counts written by hand for a small
world."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from vss.applications.models import ApplicationKind, Status
from vss.geo.loaders import load_gazetteer
from vss.outreach.models import InvitationStatus
from vss.reports.maps import (
    FIGURES_BY_KEY,
    GRID,
    NO_FIGURE_FILL,
    PALETTE,
    PROVINCE_CODES,
    ShadeClass,
    contrast,
    figure_map,
    province_map,
    shade_classes,
)
from vss.tallies.services import counting_now
from vss.testing.factories import (
    ApplicationFactory,
    CaseFactory,
    CommuneFactory,
    DistrictFactory,
    EventFactory,
    InvitationFactory,
    PersonFactory,
    ProvinceFactory,
    ReferralFactory,
    RepresentationFactory,
    VifFactory,
    VillageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def provinces():
    load_gazetteer(include_villages=False)


# --- the drawing ----------------------------------------------------------------------


def test_the_grid_holds_the_25_provinces_each_in_a_cell_of_its_own():
    assert tuple(f"{n:02d}" for n in range(1, 26)) == PROVINCE_CODES
    assert len(set(GRID.values())) == 25


def test_values_one_to_twenty_five_fall_in_five_classes_of_five():
    assert shade_classes(list(range(1, 26))) == [
        ShadeClass(1, 5, PALETTE[0]),
        ShadeClass(6, 10, PALETTE[1]),
        ShadeClass(11, 15, PALETTE[2]),
        ShadeClass(16, 20, PALETTE[3]),
        ShadeClass(21, 25, PALETTE[4]),
    ]


def test_values_that_repeat_make_fewer_classes_from_the_lightest_to_the_darkest():
    values = [0] * 10 + [5] * 10 + [100] * 5
    assert shade_classes(values) == [
        ShadeClass(0, 0, PALETTE[0]),
        ShadeClass(1, 5, PALETTE[2]),
        ShadeClass(6, 100, PALETTE[4]),
    ]


def test_one_value_everywhere_is_one_class():
    assert shade_classes([7, 7, 7]) == [ShadeClass(7, 7, PALETTE[4])]


def test_every_shade_carries_its_label_with_enough_contrast():
    for fill in PALETTE:
        shade = ShadeClass(0, 1, fill)
        assert contrast(shade.text_colour, fill) >= 4.5, fill
    # Dark text on the light tiles, light text on the dark ones.
    assert ShadeClass(0, 1, PALETTE[0]).text_colour != ShadeClass(0, 1, PALETTE[4]).text_colour


def test_each_tile_is_shaded_by_its_class_and_the_legend_gives_the_bounds(provinces):
    values = {code: int(code) for code in PROVINCE_CODES}
    drawn = province_map(values, title="Applications by province")
    tiles = {tile.code: tile for tile in drawn.tiles}
    assert tiles["03"].fill == PALETTE[0]
    assert tiles["12"].fill == PALETTE[2]
    assert tiles["25"].fill == PALETTE[4]
    assert [(shade.low, shade.high) for shade in drawn.legend] == [
        (1, 5),
        (6, 10),
        (11, 15),
        (16, 20),
        (21, 25),
    ]
    assert not drawn.has_no_figure


def test_a_province_with_no_figure_is_hatched_and_said_so(provinces, rf):
    values: dict[str, int | None] = {code: 10 for code in PROVINCE_CODES}
    values["25"] = None
    del values["24"]
    drawn = province_map(values, title="Applications by province")
    tiles = {tile.code: tile for tile in drawn.tiles}
    assert tiles["25"].fill == tiles["24"].fill == NO_FIGURE_FILL
    assert tiles["25"].shade is None and tiles["25"].url is None
    assert drawn.has_no_figure
    assert [(shade.low, shade.high) for shade in drawn.legend] == [(10, 10)]

    html = _rendered(drawn)
    # Twice in the drawing, once in the legend, twice in the table.
    assert html.count("no figure") == 5
    assert 'fill="url(#province-map-no-figure)"' in html


def test_the_names_are_khmer_for_a_khmer_reader(provinces):
    values = {code: 1 for code in PROVINCE_CODES}
    with translation.override("km"):
        drawn = province_map(values, title="x")
        html = _rendered(drawn)
    names = {tile.code: tile.name for tile in drawn.tiles}
    assert names["12"] == "រាជធានីភ្នំពេញ"
    assert names["25"] == "ត្បូងឃ្មុំ"
    assert "Phnom Penh" not in html
    assert html.count('class="province-tile"') == 25
    with translation.override("en"):
        assert {t.code: t.name for t in province_map(values, title="x").tiles}["25"] == (
            "Tboung Khmum"
        )


def test_a_long_latin_name_goes_on_two_lines(provinces):
    with translation.override("en"):
        tiles = {t.code: t for t in province_map({}, title="x").tiles}
    assert tiles["01"].name_lines == ["Banteay", "Meanchey"]
    assert tiles["07"].name_lines == ["Kampot"]


def test_the_drawing_is_an_image_with_a_title_and_the_table_carries_the_figures(provinces):
    values = {code: int(code) * 3 for code in PROVINCE_CODES}
    values[""] = 4
    html = _rendered(province_map(values, title="Civil Parties by province"))
    assert 'role="img"' in html and "<title>Civil Parties by province</title>" in html
    assert "<caption>Civil Parties by province</caption>" in html
    assert '<th scope="row">Province not known</th><td class="number">4</td>' in html
    assert html.count('<th scope="row">') == 26
    assert "<script" not in html and "style=" not in html


def _rendered(drawn) -> str:
    from django.template.loader import render_to_string

    return render_to_string("reports/_province_map.html", {"map": drawn})


# --- the figures ------------------------------------------------------------------------


def _village(province: str, name_en: str, name_km: str) -> object:
    district = DistrictFactory(
        code=f"{province}01",
        province=ProvinceFactory(code=province, name_en=name_en, name_km=name_km),
    )
    commune = CommuneFactory(code=f"{province}0101", district=district)
    return VillageFactory(code=f"{province}010101", commune=commune)


@pytest.fixture
def world():
    """Two provinces and one person with no village, counted by hand below:

    Battambang (02): ANN applied in 002/02 (admitted, no lawyer) and in 004 (admitted);
      BORA applied in 002/02 (received), referred twice, checked in at a forum of 002/02;
      CHAN has a draft in 002/02 (not received).
    Phnom Penh (12): DARA applied in 002/02 (admitted, with a lawyer), referred, checked
      in at a forum of 004; invited to the forum of 002/02 but did not come.
    No village: EANG applied in 004 (provisional, no lawyer).
    """
    battambang = _village("02", "Battambang", "បាត់ដំបង")
    phnom_penh = _village("12", "Phnom Penh", "ភ្នំពេញ")
    past = timezone.localdate() - datetime.timedelta(days=365)
    case_002 = CaseFactory(number="002/02", closing_order_on=past)
    case_004 = CaseFactory(number="004", title="Case 004", closing_order_on=past)
    ann, bora, chan = (PersonFactory(village=battambang) for _ in range(3))
    dara = PersonFactory(village=phnom_penh)
    eang = PersonFactory(village=None)

    def apply(person, case, status, kind=ApplicationKind.CIVIL_PARTY):
        return ApplicationFactory(
            form=VifFactory(applicant=person), case=case, status=status, kind=kind
        )

    apply(ann, case_002, Status.ADMITTED)
    apply(ann, case_004, Status.ADMITTED)
    apply(bora, case_002, Status.RECEIVED)
    apply(chan, case_002, Status.DRAFT)
    RepresentationFactory(application=apply(dara, case_002, Status.ADMITTED))
    apply(eang, case_004, Status.PROVISIONAL)

    referral = ReferralFactory(consent__person=bora)
    ReferralFactory(consent=referral.consent)
    ReferralFactory(consent__person=dara)

    forum_002 = EventFactory(cases=[case_002])
    forum_004 = EventFactory(cases=[case_004])
    now = timezone.now()
    InvitationFactory(
        event=forum_002, person=bora, status=InvitationStatus.ACCEPTED, attended_at=now
    )
    InvitationFactory(event=forum_002, person=dara, status=InvitationStatus.ACCEPTED)
    InvitationFactory(
        event=forum_004, person=dara, status=InvitationStatus.ACCEPTED, attended_at=now
    )
    # A reader of the whole registry reads the applications by province as last counted.
    counting_now(user=None)
    return case_002, case_004


COUNTED_BY_HAND = {
    # figure: (all cases, Case 002/02), each as {province: count}
    "applications": ({"02": 3, "12": 1, "": 1}, {"02": 1 + 1, "12": 1}),
    "civil_parties": ({"02": 1, "12": 1, "": 1}, {"02": 1, "12": 1}),
    "without_lawyer": ({"02": 1, "": 1}, {"02": 1}),
    "referred": ({"02": 1, "12": 1}, {"02": 1, "12": 1}),
    "attended": ({"02": 1, "12": 1}, {"02": 1}),
}


@pytest.mark.parametrize("key", COUNTED_BY_HAND)
def test_each_figure_against_the_counts_written_by_hand(
    key, world, chief, django_assert_num_queries
):
    case_002, _case_004 = world
    figure = FIGURES_BY_KEY[key]
    everywhere, in_002 = COUNTED_BY_HAND[key]
    with django_assert_num_queries(1):
        assert figure.counts(chief, None) == everywhere
    assert figure.counts(chief, case_002.pk) == in_002


def test_the_map_of_a_figure_counts_every_province_and_links_to_the_list(world, chief):
    case_002, _case_004 = world
    drawn = figure_map(chief, FIGURES_BY_KEY["applications"], case_002)
    tiles = {tile.code: tile for tile in drawn.tiles}
    assert tiles["02"].value == 2 and tiles["12"].value == 1 and tiles["07"].value == 0
    assert drawn.unknown == 0
    assert tiles["02"].url == f"{reverse('applications:list')}?province=02&case={case_002.pk}"
    # A province with none has nothing to open.
    assert tiles["07"].url is None
    assert not drawn.has_no_figure


def test_the_page_shows_the_figure_chosen_for_the_case_chosen(client, world, chief):
    case_002, _case_004 = world
    client.force_login(chief)
    response = client.get(reverse("reports:map"), {"figure": "referred", "case": case_002.pk})
    assert response.status_code == 200
    body = response.content.decode()
    assert "People referred to psychosocial support by province, Case 002/02" in body
    assert body.count('class="province-tile"') == 25


def test_a_figure_or_case_not_offered_is_said_and_the_default_map_shown(client, world, chief):
    client.force_login(chief)
    response = client.get(reverse("reports:map"), {"figure": "nonsense", "case": "abc"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Select a valid choice" in body
    assert "Applications by province, all cases" in body


def test_a_value_opens_its_list_only_for_a_reader_who_may_open_the_list(world, chief, intake):
    case_002, _case_004 = world
    figure = FIGURES_BY_KEY["without_lawyer"]
    for_chief = {tile.code: tile for tile in figure_map(chief, figure, case_002).tiles}
    assert for_chief["02"].url == (
        f"{reverse('representation:without_lawyer')}?province=02&case={case_002.pk}"
    )
    # The intake officer reads the figure but does not manage lawyers' mandates.
    for_intake = {tile.code: tile for tile in figure_map(intake, figure, case_002).tiles}
    assert for_intake["02"].value == 1 and for_intake["02"].url is None


def test_an_application_stays_in_the_province_it_gave_when_its_applicant_moves(
    world, chief, client
):
    """ANN applied from Battambang and moved to Phnom Penh: her applications, and she as a
    Civil Party, stay counted in Battambang on the map, in the list the map opens, on the
    public page and in the annex; her referral, made outside an application, would count
    where she lives now."""
    from vss.applications.selectors import ApplicationFilters, application_list_for_user
    from vss.geo.selectors import provinces_by_code
    from vss.people.models import Person
    from vss.reports.annex import annex_rows
    from vss.reports.maps import BY_APPLICATION, BY_RESIDENCE
    from vss.reports.public import public_counts_by_case_and_province
    from vss.representation.selectors import annex_for_user

    case_002, _case_004 = world
    # The only one who applied in both cases.
    ann = Person.objects.filter(applications__case=case_002).get(applications__case=_case_004)
    ann.village_id = "12010101"
    ann.save(update_fields=["village"])
    ReferralFactory(consent__person=ann)

    applications = FIGURES_BY_KEY["applications"].counts(chief, case_002.pk)
    assert applications == {"02": 2, "12": 1}
    assert FIGURES_BY_KEY["civil_parties"].counts(chief, None) == {"02": 1, "12": 1, "": 1}
    listed = application_list_for_user(
        chief, ApplicationFilters(province_code="02", case_id=case_002.pk)
    )
    # The list holds drafts too (CHAN's); the figure counts what the Section received.
    assert listed.exclude(vss_number=None).count() == applications["02"]
    annex = annex_for_user(chief, case_002).filter(applicant=ann)
    [row] = annex_rows(chief, annex, provinces_by_code())
    assert row.province == "Battambang"
    public = {(c.case_id, c.group): c.applications for c in public_counts_by_case_and_province()}
    assert public[(case_002.pk, "02")] == 2
    assert FIGURES_BY_KEY["referred"].counts(chief, None) == {"02": 1, "12": 2}

    assert FIGURES_BY_KEY["applications"].counted_where == BY_APPLICATION
    assert FIGURES_BY_KEY["referred"].counted_where == BY_RESIDENCE
    client.force_login(chief)
    body = client.get(reverse("reports:map"), {"figure": "attended"}).content.decode()
    assert str(BY_RESIDENCE) in body and str(BY_APPLICATION) not in body


def test_the_applications_kept_by_province_agree_with_a_count_of_now_until_they_change(
    world, chief, client, monkeypatch
):
    """A reader of the whole registry reads the applications by province as last counted,
    as a count of now (what a reader of part of it gets) says; a new application shows
    at the next count; the page says as of when."""
    from vss.applications import selectors as applications

    case_002, _case_004 = world
    figure = FIGURES_BY_KEY["applications"]
    assert applications.application_counts_are_kept(chief)
    kept = [figure.counts(chief, None), figure.counts(chief, case_002.pk)]
    with monkeypatch.context() as now:
        now.setattr(applications, "application_counts_are_kept", lambda user: False)
        assert [figure.counts(chief, None), figure.counts(chief, case_002.pk)] == kept

    ApplicationFactory(
        form=VifFactory(applicant=PersonFactory(village=None)),
        case=case_002,
        status=Status.ADMITTED,
    )
    assert figure.counts(chief, case_002.pk) == kept[1]
    counting_now(user=None)
    assert figure.counts(chief, case_002.pk) == {**kept[1], "": 1}

    client.force_login(chief)
    page = client.get(reverse("reports:map")).content.decode()
    assert "Figures as of" in page
    # Another figure is counted at each request and says nothing of a count.
    page = client.get(reverse("reports:map"), {"figure": "referred"}).content.decode()
    assert "Figures as of" not in page

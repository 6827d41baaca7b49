"""The map of Cambodia's 25 provinces, each shaded by a figure of the Section.

Why a grid of tiles and not the provinces' outlines: no open boundary data that can be
installed has all 25 provinces. Natural Earth (public domain) still draws Tboung Khmum
inside Kampong Cham, which it left in 2013; the only open source with all 25
(geoBoundaries, from OpenStreetMap) is under the ODbL and would have to be vendored with
its attribution; the others need a licence. A tile grid has exactly the gazetteer's 25
provinces, each a square near where it lies (west to east, north to south), no data
licence and no file to keep up to date.

`province_map` takes the values by gazetteer code and returns what the template
`reports/_province_map.html` draws: the tiles, the legend and the table a screen reader
reads instead. A map of the real outlines can replace the tiles later behind the same
function: a `Tile` would carry its outline's path instead of its square, and the figures,
the classes, the legend and the table would stay as they are.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vss import policy
from vss.applications.selectors import (
    application_counts_are_kept,
    application_counts_by_province,
    civil_party_counts_by_province,
)
from vss.core.forms import RecordChoiceField
from vss.geo.selectors import provinces_by_code
from vss.outreach.selectors.attendance import attendee_counts_by_province
from vss.policy import Right
from vss.proceedings.models import Case
from vss.representation.selectors import without_lawyer_counts_by_province
from vss.support.selectors import referred_counts_by_province

if TYPE_CHECKING:
    from vss.accounts.models import User
    from vss.geo.models import Province

# (column, row) of each province by its gazetteer code: column 0 is the west, row 0 the
# north. Each tile touches the tiles of most of the provinces it borders.
GRID: dict[str, tuple[int, int]] = {
    "01": (0, 0), "22": (1, 0), "17": (2, 0), "13": (3, 0), "19": (4, 0), "16": (5, 0),
    "24": (0, 1), "02": (1, 1), "15": (2, 1), "06": (3, 1), "10": (4, 1), "11": (5, 1),
                  "09": (1, 2), "04": (2, 2), "03": (3, 2), "25": (4, 2),
                                "05": (2, 3), "12": (3, 3), "14": (4, 3), "20": (5, 3),
                  "18": (1, 4), "07": (2, 4), "08": (3, 4),
                                "23": (2, 5), "21": (3, 5),
}  # fmt: skip
PROVINCE_CODES: tuple[str, ...] = tuple(sorted(GRID))

TILE_WIDTH = 120
TILE_HEIGHT = 84
GAP = 4
COLUMNS = 1 + max(column for column, _row in GRID.values())
ROWS = 1 + max(row for _column, row in GRID.values())

# Five of ColorBrewer's sequential "Blues", light for the smallest values: one hue from
# light to dark reads the same with any colour blindness and in grey. Chosen so that each
# holds its label at 4.5:1 or more, dark on the three light ones, white on the two dark
# ones (Blues' own five-class middle blue holds neither).
PALETTE = ("#eff3ff", "#c6dbef", "#6baed6", "#2171b5", "#084594")
DARK_TEXT = "#1b1b1b"
LIGHT_TEXT = "#ffffff"
# A tile with no figure: hatched light grey (the pattern is in the template), dark text.
NO_FIGURE_FILL = "url(#province-map-no-figure)"
NO_FIGURE_BACKGROUND = "#f2f2f2"
# Latin names longer than this go on two lines, split at the space nearest the middle.
LINE_LENGTH = 11


def _luminance(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two colours written #rrggbb."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_colour_on(fill: str) -> str:
    """Dark text on a light tile, light text on a dark one: whichever reads better."""
    return max((DARK_TEXT, LIGHT_TEXT), key=lambda text: contrast(text, fill))


@dataclass(frozen=True)
class ShadeClass:
    """A class of values, from `low` to `high` included, drawn in `fill`."""

    low: int
    high: int
    fill: str

    @property
    def text_colour(self) -> str:
        return text_colour_on(self.fill)

    def holds(self, value: int) -> bool:
        return self.low <= value <= self.high


def shade_classes(values: list[int]) -> list[ShadeClass]:
    """Up to five classes by quintile of the values, so that each holds about as many
    provinces and a few large ones do not leave all the others in one shade. Values that
    repeat across a quintile's bound make fewer classes; their shades are then spread over
    the palette, the smallest always the lightest and the largest the darkest."""
    ordered = sorted(values)
    if not ordered:
        return []
    highs: list[int] = []
    for fifth in range(1, len(PALETTE) + 1):
        high = ordered[math.ceil(fifth * len(ordered) / len(PALETTE)) - 1]
        if not highs or high > highs[-1]:
            highs.append(high)
    last = len(PALETTE) - 1
    shades = (
        [PALETTE[last]]
        if len(highs) == 1
        else [PALETTE[round(i * last / (len(highs) - 1))] for i in range(len(highs))]
    )
    lows = [ordered[0], *(high + 1 for high in highs[:-1])]
    return [
        ShadeClass(low, high, fill) for low, high, fill in zip(lows, highs, shades, strict=True)
    ]


@dataclass(frozen=True)
class Tile:
    code: str
    name: str
    value: int | None
    column: int
    row: int
    shade: ShadeClass | None
    # Where the list of what the value counts opens, filtered by the province, if it can.
    url: str | None

    @property
    def x(self) -> int:
        return self.column * TILE_WIDTH

    @property
    def y(self) -> int:
        return self.row * TILE_HEIGHT

    @property
    def width(self) -> int:
        return TILE_WIDTH - GAP

    @property
    def height(self) -> int:
        return TILE_HEIGHT - GAP

    @property
    def centre_x(self) -> int:
        return self.x + self.width // 2

    @property
    def fill(self) -> str:
        return self.shade.fill if self.shade else NO_FIGURE_FILL

    @property
    def text_colour(self) -> str:
        return self.shade.text_colour if self.shade else text_colour_on(NO_FIGURE_BACKGROUND)

    @property
    def name_lines(self) -> list[str]:
        """The name on one line, or two for a long Latin name (a Khmer name has no spaces
        to break at and fits)."""
        if len(self.name) <= LINE_LENGTH or " " not in self.name:
            return [self.name]
        middle = len(self.name) / 2
        spaces = [i for i, char in enumerate(self.name) if char == " "]
        split = min(spaces, key=lambda i: abs(i - middle))
        return [self.name[:split], self.name[split + 1 :]]

    @property
    def name_y(self) -> int:
        """The baseline of the name's first line: one or two lines above the value."""
        return self.y + (30 if len(self.name_lines) == 1 else 22)

    @property
    def value_y(self) -> int:
        return self.y + 62


@dataclass(frozen=True)
class ProvinceMap:
    title: str
    # The heading of the table's column of values (what is counted).
    value_heading: str
    tiles: list[Tile]
    legend: list[ShadeClass]
    # How many had no province known; None when not counted.
    unknown: int | None
    # Where each is counted: the province the application gave, or where a person lives.
    counted_where: str = ""

    width: int = COLUMNS * TILE_WIDTH - GAP
    height: int = ROWS * TILE_HEIGHT - GAP

    @property
    def has_no_figure(self) -> bool:
        return any(tile.value is None for tile in self.tiles)

    @property
    def rows(self) -> list[Tile]:
        """The table's rows: the provinces by name in the reader's script."""
        return sorted(self.tiles, key=lambda tile: tile.name)


def province_map(
    values: Mapping[str, int | None],
    *,
    title: str,
    value_heading: str = "",
    link: Callable[[str], str | None] | None = None,
    provinces: Mapping[str, Province] | None = None,
    counted_where: str = "",
) -> ProvinceMap:
    """What `reports/_province_map.html` needs to draw `values` (by gazetteer code,
    "01" to "25"; a code missing or None has no figure, "" is the count of those whose
    province is not known) on the 25 provinces, named in the reader's script. `link`
    gives a province's list, if any; `provinces` saves the query for their names."""
    names = provinces if provinces is not None else provinces_by_code()
    shown = {code: values.get(code) for code in PROVINCE_CODES}
    legend = shade_classes([value for value in shown.values() if value is not None])
    tiles = []
    for code in PROVINCE_CODES:
        value = shown[code]
        province = names.get(code)
        column, row = GRID[code]
        tiles.append(
            Tile(
                code=code,
                name=province.localized_name if province else code,
                value=value,
                column=column,
                row=row,
                shade=None
                if value is None
                else next(shade for shade in legend if shade.holds(value)),
                url=link(code) if link and value else None,
            )
        )
    return ProvinceMap(
        title=title,
        value_heading=value_heading or title,
        tiles=tiles,
        legend=legend,
        unknown=values.get(""),
        counted_where=counted_where,
    )


# --- the figures the map page offers ---------------------------------------------------

Counts = Callable[["User", int | None], dict[str, int]]

# The two rules a figure is placed by: an application (and a Civil Party, by their
# applications) where it was filed, as the lists filter by province; a person the Section
# meets outside an application where they live.
BY_APPLICATION = gettext_lazy(
    "Counted in the province the application gave, where the applicant lived when they "
    "applied: the province the lists filter by."
)
BY_RESIDENCE = gettext_lazy(
    "Each person is counted in the province of the village they live in now."
)


@dataclass(frozen=True)
class Figure:
    key: str
    label: str | Promise
    counts: Counts
    # The list a province's value opens (filtered by province and case), for a reader
    # with `list_right`.
    list_url: str | None = None
    list_right: Right | None = None
    counted_where: str | Promise = BY_APPLICATION
    # Whether the reader's figure is read as last counted (vss.tallies).
    counted: Callable[[User], bool] | None = None


def _by_case(counter: Callable[..., dict[str, int]]) -> Counts:
    return lambda user, case_id: counter(user, case_id=case_id)


FIGURES: tuple[Figure, ...] = (
    Figure(
        "applications",
        gettext_lazy("Applications"),
        _by_case(application_counts_by_province),
        "applications:list",
        Right.VIEW_APPLICATIONS,
        counted=application_counts_are_kept,
    ),
    Figure(
        "civil_parties",
        gettext_lazy("Civil Parties"),
        _by_case(civil_party_counts_by_province),
    ),
    Figure(
        "without_lawyer",
        gettext_lazy("Civil Parties without a lawyer"),
        _by_case(without_lawyer_counts_by_province),
        "representation:without_lawyer",
        Right.MANAGE_REPRESENTATION,
    ),
    Figure(
        "referred",
        gettext_lazy("People referred to psychosocial support"),
        _by_case(referred_counts_by_province),
        counted_where=BY_RESIDENCE,
    ),
    Figure(
        "attended",
        gettext_lazy("People who attended an outreach event"),
        _by_case(attendee_counts_by_province),
        counted_where=BY_RESIDENCE,
    ),
)
FIGURES_BY_KEY = {figure.key: figure for figure in FIGURES}


class MapForm(forms.Form):
    figure = forms.ChoiceField(
        label=gettext_lazy("Figure"),
        choices=[(figure.key, figure.label) for figure in FIGURES],
        required=False,
    )
    case = RecordChoiceField(
        label=gettext_lazy("Case"),
        queryset=Case.objects.all(),
        required=False,
        empty_label=gettext_lazy("All cases"),
    )

    def chosen(self) -> tuple[Figure, Case | None]:
        """The figure and case asked for; what is not valid is left at its default (the
        applications, in all cases), its error shown beside what was typed."""
        data: dict[str, object] = {}
        if self.is_bound:
            self.is_valid()
            # The fields that are valid, even when another is not.
            data = self.cleaned_data
        figure = FIGURES_BY_KEY.get(str(data.get("figure") or ""), FIGURES[0])
        case = data.get("case")
        return figure, case if isinstance(case, Case) else None


def figure_map(user: User, figure: Figure, case: Case | None) -> ProvinceMap:
    """The figure counted in one query, on the map of the provinces."""
    case_id = case.pk if case else None
    counts = figure.counts(user, case_id)
    values: dict[str, int | None] = {code: counts.get(code, 0) for code in PROVINCE_CODES}
    values[""] = counts.get("", 0)
    may_open_list = figure.list_url is not None and (
        figure.list_right is None or policy.has_right(user, figure.list_right)
    )

    def link(code: str) -> str | None:
        if not may_open_list or figure.list_url is None:
            return None
        query = {"province": code, **({"case": str(case_id)} if case_id else {})}
        return f"{reverse(figure.list_url)}?{urlencode(query)}"

    title = (
        _("%(figure)s by province, %(case)s") % {"figure": figure.label, "case": case}
        if case
        else _("%(figure)s by province, all cases") % {"figure": figure.label}
    )
    return province_map(
        values,
        title=title,
        value_heading=str(figure.label),
        link=link if may_open_list else None,
        counted_where=str(figure.counted_where),
    )

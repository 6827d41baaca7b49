"""Small cells of a public table of counts, hidden so that no one can be picked out.

A count from 1 to 4 is too few people to publish: someone who knows a village or a family
could tell who they are. Such a cell is hidden (the *primary* suppression). A zero is
shown: it counts nobody, so it points at nobody, and a table of a few provinces and cases
is mostly zeros that would otherwise all be blanks.

Hiding the small cell is not enough, because the table also prints its totals. The
totals trick: when a row shows its total and every cell but one, the hidden cell is the
total minus the cells shown, and the same down a column. So every row and every column
(the row of column totals and the column of row totals included) that hides a figure
must hide at least two, the second being the smallest other cell of that line (the
*secondary*, or complementary, suppression); each new hidden cell may leave its other
line with a single hidden figure, so this is repeated until nothing changes. A total
from 1 to 4 is itself hidden like a cell, and the totals are part of the lines they sit
in: the row totals sum to the grand total as the cells of a row sum to its total.

Two per line is not always enough: hidden cells can form two groups joined by a single
hidden cell, whose value then follows from adding up the lines of one group. Seen as a
graph whose nodes are the table's lines (rows and columns, totals included) and whose
edges are the hidden figures, each joining its row to its column, a hidden figure can be
worked out from what is shown exactly when its edge is a bridge, one that lies on no
cycle: along a cycle, one could add a number to every other edge and take it from the
rest, and every line would still add up. So after the two-per-line rule, each bridge is
closed into a cycle by hiding one more figure, again the smallest one that does, and both
steps are repeated until the table holds no bridge.

A hidden zero protects little (the figure it pairs with could then only grow from its
true value), so the figure chosen to hide beside another is the smallest non-zero one,
a zero only when nothing else would do, and a total only after every cell of its line;
the grand total last of all.

Two tables that print the same totals (a page's applications by province and case, and by
case and sex, both give each case's total) are protected together: a total hidden in one
must be hidden in the other, or the second would hand the first its missing figure; the
page passes each table the totals the other hides until both agree (`also_hidden`).

Pure Python, no Django: `suppress(counts)` takes the cells, row by row, and computes the
totals itself.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Counts from 1 up to this one (not included) are too small to publish.
THRESHOLD = 5

# A figure's place in the table with its totals: (row, column), where the row after the
# last one holds the column totals and the column after the last one the row totals.
Place = tuple[int, int]


@dataclass(frozen=True)
class Figure:
    """One figure as it is published: its value, or None when it is hidden."""

    shown: int | None

    @property
    def hidden(self) -> bool:
        return self.shown is None


@dataclass(frozen=True)
class SuppressedTable:
    """A table as it is published: no value of a hidden figure is kept in it, so no page
    can print one by mistake."""

    cells: list[list[Figure]]
    row_totals: list[Figure]
    column_totals: list[Figure]
    grand_total: Figure

    @property
    def hides_any(self) -> bool:
        figures = [*self.row_totals, *self.column_totals, self.grand_total]
        return any(f.hidden for f in figures) or any(f.hidden for row in self.cells for f in row)


def too_small(value: int) -> bool:
    return 0 < value < THRESHOLD


def with_totals(counts: Sequence[Sequence[int]]) -> list[list[int]]:
    """The table with a column of row totals on the right and a row of column totals
    (and the grand total) below."""
    if any(len(row) != len(counts[0]) for row in counts):
        raise ValueError("every row of a table needs the same number of cells")
    if any(value < 0 for row in counts for value in row):
        raise ValueError("a count cannot be negative")
    width = len(counts[0]) if counts else 0
    rows = [[*row, sum(row)] for row in counts]
    rows.append([sum(row[column] for row in rows) for column in range(width + 1)])
    return rows


def hidden_places(
    counts: Sequence[Sequence[int]], *, also_hidden: Iterable[Place] = ()
) -> set[Place]:
    """The places of the table with totals (see `with_totals`) to hide. `also_hidden` are
    figures hidden elsewhere that this table prints too (two tables of one page sharing
    their totals by case): shown here, they would give away what the other table hides,
    so they are hidden here as well, and protected like the small ones."""
    table = with_totals(counts)
    hidden = {
        (r, c) for r, row in enumerate(table) for c, value in enumerate(row) if too_small(value)
    }
    hidden.update(also_hidden)
    while True:
        _hide_second_figures(table, hidden)
        bridge = _a_bridge(hidden)
        if bridge is None:
            return hidden
        hidden.add(_cheapest(table, _closing_places(bridge, hidden), hidden))


def suppress(
    counts: Sequence[Sequence[int]], *, also_hidden: Iterable[Place] = ()
) -> SuppressedTable:
    """The table of `counts` (one list per row, every row as long) with its totals, small
    figures and those that would give them away hidden (`also_hidden`: see
    `hidden_places`)."""
    table = with_totals(counts)
    hidden = hidden_places(counts, also_hidden=also_hidden)
    last_row, last_column = len(table) - 1, len(table[0]) - 1

    def figure(r: int, c: int) -> Figure:
        return Figure(None if (r, c) in hidden else table[r][c])

    return SuppressedTable(
        cells=[[figure(r, c) for c in range(last_column)] for r in range(last_row)],
        row_totals=[figure(r, last_column) for r in range(last_row)],
        column_totals=[figure(last_row, c) for c in range(last_column)],
        grand_total=figure(last_row, last_column),
    )


def _lines(table: list[list[int]]) -> Iterable[list[Place]]:
    """Every row and every column of the table with totals, as lists of places."""
    height, width = len(table), len(table[0])
    for r in range(height):
        yield [(r, c) for c in range(width)]
    for c in range(width):
        yield [(r, c) for r in range(height)]


def _preference(table: list[list[int]], place: Place) -> tuple[bool, bool, bool, int]:
    """The order in which figures are chosen to hide beside another: cells before totals,
    the grand total last, non-zero before zero, then the smallest."""
    r, c = place
    last_row, last_column = len(table) - 1, len(table[0]) - 1
    is_total = r == last_row or c == last_column
    is_grand_total = r == last_row and c == last_column
    value = table[r][c]
    return (is_grand_total, is_total, value == 0, value)


def _cheapest(table: list[list[int]], places: Iterable[Place], hidden: set[Place]) -> Place:
    return min((p for p in places if p not in hidden), key=lambda p: (_preference(table, p), p))


def _hide_second_figures(table: list[list[int]], hidden: set[Place]) -> None:
    """Hide a second figure in every line that hides a single one, until none does."""
    changed = True
    while changed:
        changed = False
        for line in _lines(table):
            if sum(place in hidden for place in line) == 1:
                hidden.add(_cheapest(table, line, hidden))
                changed = True


# The graph of hidden figures: a node per line, ("row", r) or ("column", c), an edge per
# hidden figure between its row and its column.
Node = tuple[str, int]


def _ends(place: Place) -> tuple[Node, Node]:
    return ("row", place[0]), ("column", place[1])


def _reached(start: Node, edges: set[Place]) -> set[Node]:
    neighbours: dict[Node, list[Node]] = {}
    for place in edges:
        row, column = _ends(place)
        neighbours.setdefault(row, []).append(column)
        neighbours.setdefault(column, []).append(row)
    seen = {start}
    waiting = [start]
    while waiting:
        for other in neighbours.get(waiting.pop(), []):
            if other not in seen:
                seen.add(other)
                waiting.append(other)
    return seen


def _a_bridge(hidden: set[Place]) -> Place | None:
    """A hidden figure that lies on no cycle of hidden figures, if there is one. The
    tables are small (tens of rows), so each edge is simply taken out and its ends
    looked for from one another."""
    for place in sorted(hidden):
        row, column = _ends(place)
        if column not in _reached(row, hidden - {place}):
            return place
    return None


def _closing_places(bridge: Place, hidden: set[Place]) -> list[Place]:
    """The figures that would put `bridge` on a cycle once hidden: a row on its column's
    side crossed with a column on its row's side. Both sides hold one, for each end of a
    bridge also ends another hidden figure once the two-per-line rule has run."""
    row, column = _ends(bridge)
    row_side = _reached(row, hidden - {bridge})
    column_side = _reached(column, hidden - {bridge})
    rows = [n for kind, n in column_side if kind == "row"]
    columns = [n for kind, n in row_side if kind == "column"]
    return [(r, c) for r in rows for c in columns]

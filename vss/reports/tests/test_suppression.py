"""Small-cell suppression: no count from 1 to 4 is published, nor can one be worked out
from the figures that are, whether by subtracting a line's shown cells from its total or
by adding up several lines."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vss.reports.suppression import SuppressedTable, hidden_places, suppress, with_totals


def shown(table: SuppressedTable) -> list[list[int | None]]:
    """The table as printed, totals included, None where a figure is hidden."""
    rows = [
        [*(f.shown for f in row), total.shown]
        for row, total in zip(table.cells, table.row_totals, strict=True)
    ]
    rows.append([*(f.shown for f in table.column_totals), table.grand_total.shown])
    return rows


def lines(printed: list[list[int | None]]) -> list[list[int | None]]:
    """Each row and column of the printed table, its total last."""
    return [*printed, *(list(column) for column in zip(*printed, strict=True))]


def worked_out_from_one_line(printed: list[list[int | None]]) -> list[list[int | None]]:
    """The lines whose total is shown and all but one cell too: that cell is the total
    minus the others."""
    return [
        line
        for line in lines(printed)
        if line[-1] is not None and sum(value is None for value in line[:-1]) == 1
    ] + [
        # A hidden total with every cell of its line shown is their sum.
        line
        for line in lines(printed)
        if line[-1] is None and all(value is not None for value in line[:-1])
    ]


def determined(counts: list[list[int]], hidden: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The hidden figures whose value follows from the shown ones by any sum of lines:
    those whose unit vector lies in the span of the lines' equations restricted to the
    hidden figures (exact arithmetic)."""
    table = with_totals(counts)
    height, width = len(table), len(table[0])
    unknowns = sorted(hidden)
    index = {place: i for i, place in enumerate(unknowns)}
    equations = []
    for r in range(height):
        equations.append([(r, c, -1 if c == width - 1 else 1) for c in range(width)])
    for c in range(width):
        equations.append([(r, c, -1 if r == height - 1 else 1) for r in range(height)])
    rows = []
    for equation in equations:
        vector = [Fraction(0)] * len(unknowns)
        for r, c, sign in equation:
            if (r, c) in index:
                vector[index[(r, c)]] += sign
        rows.append(vector)

    def rank(matrix: list[list[Fraction]]) -> int:
        matrix = [row[:] for row in matrix]
        found = 0
        for column in range(len(unknowns)):
            pivot = next((i for i in range(found, len(matrix)) if matrix[i][column] != 0), None)
            if pivot is None:
                continue
            matrix[found], matrix[pivot] = matrix[pivot], matrix[found]
            for i in range(len(matrix)):
                if i != found and matrix[i][column] != 0:
                    factor = matrix[i][column] / matrix[found][column]
                    matrix[i] = [
                        a - factor * b for a, b in zip(matrix[i], matrix[found], strict=True)
                    ]
            found += 1
        return found

    base = rank(rows)
    return {
        place
        for place in unknowns
        if rank([*rows, [Fraction(int(i == index[place])) for i in range(len(unknowns))]]) == base
    }


tables = st.integers(min_value=1, max_value=6).flatmap(
    lambda width: st.lists(
        st.lists(st.one_of(st.integers(0, 6), st.integers(0, 40)), min_size=width, max_size=width),
        min_size=1,
        max_size=6,
    )
)


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_published_figure_is_from_1_to_4(counts):
    printed = shown(suppress(counts))
    assert not [v for line in printed for v in line if v is not None and 0 < v < 5]


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_hidden_figure_is_a_shown_total_minus_the_shown_cells_of_its_line(counts):
    assert worked_out_from_one_line(shown(suppress(counts))) == []


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_hidden_figure_follows_from_any_sum_of_lines(counts):
    assert determined(counts, hidden_places(counts)) == set()


@settings(max_examples=200, deadline=None)
@given(tables)
def test_a_figure_that_is_shown_is_the_true_one(counts):
    table = with_totals(counts)
    printed = shown(suppress(counts))
    for r, row in enumerate(printed):
        for c, value in enumerate(row):
            assert value is None or value == table[r][c]


def test_a_table_of_large_counts_hides_nothing():
    table = suppress([[10, 20], [30, 40]])
    assert not table.hides_any
    assert shown(table) == [[10, 20, 30], [30, 40, 70], [40, 60, 100]]


def test_zeros_are_shown():
    assert shown(suppress([[0, 12], [7, 0]])) == [[0, 12, 12], [7, 0, 7], [7, 12, 19]]


def test_a_small_cell_takes_the_smallest_other_cell_of_its_row_and_column_with_it():
    printed = shown(suppress([[3, 9, 20], [8, 30, 40], [10, 50, 60]]))
    # The 3 is hidden; its row hides the 9 too, its column the 8, and the 30 closes
    # the square so that neither 9 nor 8 can be worked out from its own line.
    assert printed == [
        [None, None, 20, 32],
        [None, None, 40, 78],
        [10, 50, 60, 120],
        [21, 89, 120, 230],
    ]


def test_a_small_total_is_hidden_and_not_given_away_by_the_grand_total():
    # The second row's total is 3: hidden, so the column of totals hides another.
    printed = shown(suppress([[10, 20], [3, 0], [6, 7]]))
    assert printed[1] == [None, 0, None]
    assert [row[-1] for row in printed].count(None) >= 2
    assert worked_out_from_one_line(printed) == []


def test_a_one_cell_table_under_5_hides_every_figure():
    assert shown(suppress([[3]])) == [[None, None], [None, None]]


def test_a_zero_is_hidden_only_when_nothing_else_would_do():
    printed = shown(suppress([[2, 0, 0], [0, 0, 0]]))
    assert printed[0][0] is None and printed[0][-1] is None
    assert worked_out_from_one_line(printed) == []


def test_an_empty_table_has_a_total_of_zero():
    assert suppress([]).grand_total.shown == 0


@pytest.mark.parametrize("counts", [[[1, 2], [3]], [[-1, 6]]])
def test_a_table_that_is_not_one_is_refused(counts):
    with pytest.raises(ValueError):
        suppress(counts)


def test_a_figure_hidden_elsewhere_is_hidden_and_protected_here():
    counts = [[10, 20], [30, 40]]
    # The first column's total (40), hidden in another table that prints it too.
    hidden = hidden_places(counts, also_hidden=[(2, 0)])
    assert (2, 0) in hidden
    assert determined(counts, hidden) == set()
    assert worked_out_from_one_line(shown(suppress(counts, also_hidden=[(2, 0)]))) == []

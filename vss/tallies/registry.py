"""The figures kept by count, filled by the apps from their `AppConfig.ready()`: each
names a query of its rows, grouped by case, status, month and value, which a count runs
as one INSERT ... SELECT."""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    CharField,
    DateField,
    Expression,
    F,
    Field,
    IntegerField,
    QuerySet,
    TextField,
    Value,
)
from django.db.models.functions import Cast

# The names a figure's query gives its columns (see `kept_rows`).
COLUMNS = ("k_case", "k_status", "k_month", "k_value", "k_n")


# A row to keep made in Python: case, status, month, value, count.
KeptTuple = tuple[int | None, str, datetime.date | None, str | None, int]


@dataclass(frozen=True)
class KeptFigure:
    name: str
    # The rows to keep, made by `kept_rows` (counted by the database in one INSERT ...
    # SELECT) or, for a figure whose value the database cannot make alike on every
    # engine, as tuples; called at each count, so that a figure counted by the year of
    # the count (ages) is counted for the year of the count.
    rows: Callable[[], QuerySet[Any]] | None = None
    tuples: Callable[[], Iterable[KeptTuple]] | None = None


_figures: dict[str, KeptFigure] = {}


def register_kept_figure(
    name: str,
    rows: Callable[[], QuerySet[Any]] | None = None,
    *,
    tuples: Callable[[], Iterable[KeptTuple]] | None = None,
) -> None:
    if (rows is None) == (tuples is None):
        raise ValueError(f"kept figure {name!r}: give its rows or its tuples")
    figure = KeptFigure(name, rows, tuples)
    if name in _figures and _figures[name] != figure:
        raise ValueError(f"kept figure {name!r} is registered twice")
    _figures[name] = figure


def kept_figures() -> list[KeptFigure]:
    return sorted(_figures.values(), key=lambda figure: figure.name)


def kept_rows(
    records: QuerySet[Any],
    *,
    n: Expression,
    case: str | Expression | None = None,
    status: str | Expression | None = None,
    month: str | Expression | None = None,
    value: str | Expression | None = None,
) -> QuerySet[Any]:
    """`records` grouped by their case, status, month and value (a field's path or an
    expression; None where the figure has none), with `n` counted in each group."""

    def column(expression: str | Expression | None, empty: Any) -> Any:
        if expression is None:
            return empty
        return F(expression) if isinstance(expression, str) else expression

    def nothing(field: Field) -> Cast:
        # Typed, so that the database knows the column's type in the INSERT ... SELECT.
        return Cast(Value(None), output_field=field)

    return (
        records.values(
            k_case=column(case, nothing(IntegerField())),
            k_status=column(status, Value("", output_field=CharField())),
            k_month=column(month, nothing(DateField())),
            k_value=column(value, nothing(TextField())),
        )
        .annotate(k_n=n)
        .order_by()
    )

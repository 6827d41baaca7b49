"""Query expressions the ORM lacks."""

from collections.abc import Sequence
from typing import Any

from django.db.models import BooleanField, Expression, F, QuerySet, Subquery


class ProbedIn(Expression):
    """`field IN (subquery)`, written for PostgreSQL as `field = ANY(ARRAY(subquery))`:
    the subquery's few values are gathered once, before the rows are read, and the rows
    are then found by index, one value at a time. Given the IN form, the planner may
    instead hash the other side of the query whole (every referral of a partner, to find
    the few protected people among them). Elsewhere (SQLite) plain IN."""

    output_field = BooleanField()

    def __init__(self, field: str, values: QuerySet) -> None:
        super().__init__()
        self.lhs: Any = F(field)
        # The order of the values is no part of the test: a model's default ordering would
        # sort them all first (IN drops it; ARRAY(...) keeps it).
        self.rhs: Any = Subquery(values.order_by())

    def get_source_expressions(self) -> list[Any]:
        return [self.lhs, self.rhs]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        self.lhs, self.rhs = exprs

    def _sides(self, compiler: Any) -> tuple[str, str, tuple]:
        lhs, lhs_params = compiler.compile(self.lhs)
        rhs, rhs_params = compiler.compile(self.rhs)
        return lhs, rhs, (*lhs_params, *rhs_params)

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple]:
        lhs, rhs, params = self._sides(compiler)
        return f"{lhs} IN {rhs}", params

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, tuple]:
        lhs, rhs, params = self._sides(compiler)
        return f"{lhs} = ANY(ARRAY{rhs})", params

"""Columns: what an app adds to the table of cases without the cases page knowing the app.

The cases page belongs to the proceedings, below the apps that count applications or seat
Lead Co-Lawyers. Each of those registers its columns from its AppConfig.ready(): a name,
the templates of its header cells and of its cells in one row, whether a user sees them,
and a function that reads the values of every case on the page at once (so the page takes
a constant number of queries however many cases there are). The page draws the columns in
the order of their `order`, after the case's own and before the link to its key dates."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from vss.core.registry import NamedRegistry

if TYPE_CHECKING:
    from vss.accounts.models import User

    from .models import Case


@dataclass(frozen=True)
class CaseColumns:
    name: str
    order: int
    header_template: str
    cell_template: str
    shown: Callable[["User"], bool]
    # Case id -> what the cell template reads for that case (as `value`).
    values: Callable[["User", Sequence["Case"]], dict[int, Any]]
    # What the header template reads (as `header`), the same for every user.
    header: dict[str, Any] = field(default_factory=dict)
    # A note the page shows above the table (its template reads `note`), such as when
    # counts read from the kept figures were counted; None from `note`: no note.
    note_template: str = ""
    note: Callable[["User"], Any] | None = None


@dataclass
class ShownColumns:
    name: str
    header_template: str
    cell_template: str
    header: dict[str, Any]
    values: dict[int, Any]
    note_template: str = ""
    note: Any = None


class CaseColumnRegistry(NamedRegistry[CaseColumns]):
    def __init__(self) -> None:
        super().__init__("case columns")

    def shown_to(self, user: "User", cases: Sequence["Case"]) -> dict[str, ShownColumns]:
        """The columns the user sees, in their order, by name, with every case's values."""
        return {
            columns.name: ShownColumns(
                name=columns.name,
                header_template=columns.header_template,
                cell_template=columns.cell_template,
                header=columns.header,
                values=columns.values(user, cases),
                note_template=columns.note_template,
                note=columns.note(user) if columns.note else None,
            )
            for columns in self.in_order()
            if columns.shown(user)
        }


case_columns = CaseColumnRegistry()

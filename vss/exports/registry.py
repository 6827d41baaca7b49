"""The lists that may be exported, registered by the apps that own them from their
AppConfig.ready(). A list gives, for a user and the filters of its page, the rows the
page would show them (through its own selector: the user's right to the list and their
scope are checked there, 403 or 404) and the columns they are written with (a protected
person named as the page names them to that user)."""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import IO, Any, Protocol

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, QueryDict
from django.utils.functional import Promise

from vss.accounts.models import User
from vss.core.exports import CHUNK_SIZE, Column, Progress
from vss.core.registry import NamedRegistry


@dataclass(frozen=True)
class ExportRows:
    # Ordered as the page orders them: a queryset, or a list for a report gathered from
    # several sources.
    rows: QuerySet[Any] | Sequence[Any]
    columns: list[Column]
    # For the audit log: what the rows are and the list's filters (a dataclass), as the
    # page's own read of the list is audited.
    object_type: str
    filters: Any
    query_field: str = "query"
    # What the page does to the rows it shows before they are written, a chunk at a time
    # (the audit log masks what its entries say of protected people).
    prepare: Callable[[list[Any]], list[Any]] | None = None

    def count(self) -> int:
        return self.rows.count() if isinstance(self.rows, QuerySet) else len(self.rows)

    def read(self) -> Iterator[Any]:
        """The rows, read from the database in chunks (a server-side cursor on
        PostgreSQL), never all at once."""
        rows = (
            self.rows.iterator(chunk_size=CHUNK_SIZE)
            if isinstance(self.rows, QuerySet)
            else iter(self.rows)
        )
        if self.prepare is None:
            yield from rows
            return
        while chunk := list(islice(rows, CHUNK_SIZE)):
            yield from self.prepare(chunk)


# Raises ValidationError when the filters do not read (the page says why).
RowsOf = Callable[[User, QueryDict], ExportRows]
# Draws the rows (read with the filters of the query) as a PDF into an open binary file,
# telling the rows read to `Progress`.
PdfOf = Callable[[User, QueryDict, ExportRows, IO[bytes], Progress], None]


@dataclass(frozen=True)
class ListExport:
    name: str  # what the export form of the list posts: list=<name>
    title: str | Promise  # the list's name on the export's page, in the user's language
    # The list's name in the audit log: the wording its page's reads are labelled with
    # (vss/audit/labels.py), "list of applications".
    label: str
    list_url: str  # the URL name of the list's page, where a refused export goes back to
    filename: str
    rows: RowsOf
    # A list that may be drawn as a PDF in the background (a standard report) says how,
    # and up to how many rows: a longer PDF takes too long and too much memory to draw.
    pdf: PdfOf | None = None
    pdf_rows: int = 0


_lists: NamedRegistry[ListExport] = NamedRegistry("exported lists")


class FilterForm(Protocol):
    is_bound: bool

    def is_valid(self) -> bool: ...

    def filters(self) -> Any: ...


def filters_of(form: FilterForm) -> Any:
    """The filters of a list's form, as its page reads them; filters that do not read are
    refused rather than taken as none (an export of everything)."""
    if form.is_bound and not form.is_valid():
        raise ValidationError("The list's filters do not read.")
    return form.filters()


def register_list_export(export: ListExport) -> None:
    _lists.register(export)


def list_export(name: str) -> ListExport:
    for export in _lists.registered():
        if export.name == name:
            return export
    raise Http404


def list_exports() -> list[ListExport]:
    return _lists.registered()

"""How an import's report and template read: the template's header row, the reasons of a
likely duplicate in words, and the report as a file's rows."""

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vss.core.exports import Column

from .duplicates import BIRTH_YEAR, COMMUNE, NAMES
from .rows import COLUMN_NAMES
from .selectors import Report

TEMPLATE_COLUMNS = [Column(header=name, value=lambda row: "") for name in COLUMN_NAMES]


def reason_words() -> dict[str, str]:
    return {
        NAMES: _("same names"),
        BIRTH_YEAR: _("year of birth"),
        COMMUNE: _("same commune"),
    }


REPORT_COLUMNS = [
    Column(header=gettext_lazy("Row"), value=lambda line: line[0]),
    Column(header=gettext_lazy("Column"), value=lambda line: line[1]),
    Column(header=gettext_lazy("Finding"), value=lambda line: line[2]),
    Column(header=gettext_lazy("Reason"), value=lambda line: line[3]),
]


def report_rows(report: Report) -> Iterator[tuple[Any, ...]]:
    words = reason_words()
    for problem in report.problems:
        yield (problem.row or "", problem.column, _("Cannot be imported"), problem.message)
    for found in report.duplicates:
        shared = ", ".join(words.get(r, r) for r in found.reasons)
        if found.person_id is None:
            other = _("row %(row)s of this file") % {"row": found.other_row}
        else:
            other = _("record %(id)s, %(name)s") % {"id": found.person_id, "name": found.name}
        yield (found.row, "", _("Likely duplicate"), f"{other} ({shared})")

from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from .counting import ResultCount, count_results
from .validation import whole_number

PAGE_SIZE = 50


class Page:
    """A page of results. One extra row tells whether a next page exists, without counting
    the whole table; `count`, the number of rows in all, is there when the list shows it
    (`page_with_count`)."""

    def __init__(self, items: list, number: int, has_next: bool) -> None:
        self.object_list = items
        self.number = number
        self.has_next = has_next
        self.has_previous = number > 1
        self.next_page_number = number + 1
        self.previous_page_number = number - 1
        self.count: ResultCount | None = None
        self.first_row = 0

    def known_total(self) -> int | None:
        """The total the page itself tells: a non-empty page with no page after it."""
        if self.has_next or (not self.object_list and self.has_previous):
            return None
        return self.first_row + len(self.object_list)


def page_without_count(
    request: HttpRequest, queryset: QuerySet | Sequence[Any], page_size: int = PAGE_SIZE
) -> Page:
    number = whole_number(request.GET.get("page"), minimum=1, maximum=100_000) or 1
    start = (number - 1) * page_size
    rows = list(queryset[start : start + page_size + 1])
    page = Page(rows[:page_size], number, len(rows) > page_size)
    page.first_row = start
    return page


def page_with_count(
    request: HttpRequest,
    queryset: QuerySet | Sequence[Any],
    page_size: int = PAGE_SIZE,
    *,
    count: Callable[[], ResultCount] | None = None,
) -> Page:
    """A page and the number of rows in all: the page itself tells it when it is the last
    one; otherwise the rows are counted, or estimated at a size where counting is slow
    (vss.core.counting), or told by `count`, for rows a selector knows a cheaper way to
    count than the query that lists them."""
    page = page_without_count(request, queryset, page_size)
    known = page.known_total()
    if known is not None:
        page.count = ResultCount(known)
    elif count is not None:
        page.count = count()
    elif isinstance(queryset, QuerySet):
        page.count = count_results(queryset)
    else:
        # A list gathered from several sources is already in memory.
        page.count = ResultCount(len(queryset))
    return page

from django.db.models import QuerySet
from django.http import HttpRequest

from .validation import whole_number

PAGE_SIZE = 50


class Page:
    """A page of results that never counts the whole table: at a million rows COUNT(*)
    would cost more than the page itself. One extra row tells whether a next page exists."""

    def __init__(self, items: list, number: int, has_next: bool) -> None:
        self.object_list = items
        self.number = number
        self.has_next = has_next
        self.has_previous = number > 1
        self.next_page_number = number + 1
        self.previous_page_number = number - 1


def page_without_count(
    request: HttpRequest, queryset: QuerySet, page_size: int = PAGE_SIZE
) -> Page:
    number = whole_number(request.GET.get("page"), minimum=1, maximum=100_000) or 1
    start = (number - 1) * page_size
    rows = list(queryset[start : start + page_size + 1])
    return Page(rows[:page_size], number, len(rows) > page_size)

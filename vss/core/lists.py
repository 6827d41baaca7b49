"""One shape for list pages, whatever they list:

    filter_form = LawyerFilterForm(request.GET or None)
    lawyers = selectors.lawyer_list_for_user(user, filter_form.filters())
    listing = list_page(request, lawyers, filter_form=filter_form)
    return render(request, "…", {**listing.context(), …})

The filter form reads the query string and gives the selector its filters (`filters()`:
the defaults, everything, when the form is unbound or invalid); the selector's rows are
shown a page at a time, with their number in all (`page_with_count`); the pager's links keep the query string,
filters and all, but the page. The templates show them with the partials `_filters.html`
and `_pager.html`."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponseRedirect, QueryDict
from django.urls import reverse

from .counting import ResultCount
from .pagination import PAGE_SIZE, Page, page_with_count


@dataclass
class ListPage:
    page: Page
    query_string: str
    filter_form: BaseForm | None = None

    def context(self) -> dict[str, Any]:
        context: dict[str, Any] = {"page": self.page, "query_string": self.query_string}
        if self.filter_form is not None:
            context["filter_form"] = self.filter_form
        return context


def back_to_filtered_list(request: HttpRequest, url_name: str) -> HttpResponseRedirect:
    """After an action on the rows ticked on a list, the list again as it was filtered:
    the filters come back as a form field and are read again as a query string, not
    trusted as a URL."""
    filters = QueryDict(request.POST.get("filters", "")).urlencode()
    return HttpResponseRedirect(f"{reverse(url_name)}?{filters}")


def query_string_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def list_page(
    request: HttpRequest,
    rows: QuerySet | Sequence[Any],
    *,
    filter_form: BaseForm | None = None,
    page_size: int = PAGE_SIZE,
    count: Callable[[], ResultCount] | None = None,
) -> ListPage:
    """The page of `rows` the query string asks for, how many rows there are in all (told
    by `count` if given), and what its pager's links keep."""
    return ListPage(
        page=page_with_count(request, rows, page_size, count=count),
        query_string=query_string_without_page(request),
        filter_form=filter_form,
    )

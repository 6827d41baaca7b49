"""The list helper and the partials every list page shows it with."""

import pytest
from django import forms
from django.template.loader import render_to_string
from django.test import RequestFactory

from vss.accounts.models import User
from vss.core.lists import list_page, query_string_without_page
from vss.core.pagination import Page

pytestmark = pytest.mark.django_db


class NameFilterForm(forms.Form):
    q = forms.CharField(label="Name", required=False)


def test_the_pager_links_keep_the_filters_but_not_the_page():
    request = RequestFactory().get("/lawyers/", {"q": "SOK CHEA", "status": "x", "page": "3"})
    assert query_string_without_page(request) == "q=SOK+CHEA&status=x"


def test_a_list_page_is_the_asked_page_of_the_rows_with_what_the_pager_keeps():
    for n in range(3):
        User.objects.create(username=f"user{n}")
    rows = User.objects.order_by("username")
    request = RequestFactory().get("/users/", {"q": "user"})
    form = NameFilterForm(request.GET)

    listing = list_page(request, rows, filter_form=form)

    assert [u.username for u in listing.page.object_list] == ["user0", "user1", "user2"]
    assert (listing.page.number, listing.page.has_previous, listing.page.has_next) == (
        1,
        False,
        False,
    )
    assert listing.context() == {
        "page": listing.page,
        "query_string": "q=user",
        "filter_form": form,
    }

    beyond = list_page(RequestFactory().get("/users/", {"q": "user", "page": "2"}), rows)
    assert beyond.page.object_list == [] and beyond.page.has_previous
    assert beyond.context() == {"page": beyond.page, "query_string": "q=user"}


@pytest.mark.parametrize(
    ("query_string", "previous", "next_"),
    [
        ("", "?page=1", "?page=3"),
        ("q=SOK&amp;case=2", "?q=SOK&amp;case=2&amp;page=1", "?q=SOK&amp;case=2&amp;page=3"),
    ],
)
def test_the_pager_links_to_the_pages_beside(query_string, previous, next_):
    html = render_to_string(
        "_pager.html",
        {
            "page": Page([], number=2, has_next=True),
            "query_string": query_string.replace("&amp;", "&"),
        },
    )
    assert f'<a href="{previous}">Previous</a>' in html
    assert f'<a href="{next_}">Next</a>' in html
    assert "Page 2" in html


def test_the_first_and_last_pages_link_only_onwards_and_back():
    first = render_to_string("_pager.html", {"page": Page([], 1, has_next=True)})
    assert "Previous" not in first and '<a href="?page=2">Next</a>' in first
    last = render_to_string("_pager.html", {"page": Page([], 4, has_next=False)})
    assert '<a href="?page=3">Previous</a>' in last and "Next" not in last


def test_the_filters_clear_to_the_list_itself_and_name_their_button():
    request = RequestFactory().get("/referrals/", {"q": "SOK"})
    context = {"filter_form": NameFilterForm(request.GET), "request": request}
    html = render_to_string("_filters.html", context)
    assert '<form method="get" class="filters" role="search">' in html
    assert 'name="q" value="SOK"' in html
    assert '<button type="submit">Search</button> <a href="/referrals/">Clear</a>' in html
    assert "hx-get" not in html

    live = render_to_string(
        "_filters.html", {**context, "submit_label": "Filter", "live_trigger": "change"}
    )
    assert '<button type="submit">Filter</button>' in live
    assert 'hx-get="/referrals/" hx-target="#results"' in live and 'hx-trigger="change"' in live


def test_form_errors_show_what_is_wrong_with_the_form_as_a_whole():
    form = NameFilterForm({"q": "x"})
    form.is_valid()
    assert render_to_string("_form_errors.html", {"form": form}).strip() == ""
    form.add_error(None, "The dates are in the wrong order.")
    html = render_to_string("_form_errors.html", {"form": form})
    assert '<div class="errors" role="alert" tabindex="-1" autofocus>' in html
    assert "The dates are in the wrong order." in html

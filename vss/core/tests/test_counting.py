"""The number of results a list shows: exact where counting is cheap, the planner's
estimate, marked as such, where it would not be."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from vss.accounts.models import User
from vss.core.counting import (
    EXACT_COUNT_LIMIT,
    ResultCount,
    choose_count,
    count_results,
    rounded_estimate,
)
from vss.core.lists import list_page
from vss.core.pagination import Page

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the planner's estimate is PostgreSQL's"
)


@pytest.mark.parametrize(
    ("rows", "shown"),
    [(0.4, 0), (7, 7), (42, 42), (987.6, 990), (20_499, 20_000), (1_234_567, 1_200_000)],
)
def test_an_estimate_keeps_only_its_first_figures(rows, shown):
    assert rounded_estimate(rows) == shown


def _never() -> int:
    raise AssertionError("counted although the estimate was enough")


def test_without_an_estimate_the_rows_are_counted():
    assert choose_count(None, lambda: 3_000_000) == ResultCount(3_000_000)


def test_a_small_estimate_is_replaced_by_the_exact_count():
    assert choose_count(EXACT_COUNT_LIMIT, lambda: 17) == ResultCount(17)


def test_a_large_estimate_is_shown_rounded_and_the_rows_are_not_counted():
    assert choose_count(EXACT_COUNT_LIMIT * 61.7, _never) == ResultCount(
        rounded_estimate(EXACT_COUNT_LIMIT * 61.7), estimated=True
    )
    assert choose_count(8, _never, limit=5).estimated


@pytest.mark.django_db
def test_a_list_on_one_page_is_counted_by_the_page_itself(django_assert_num_queries):
    for n in range(3):
        User.objects.create(username=f"user{n}")
    rows = User.objects.order_by("username")
    with django_assert_num_queries(1):
        listing = list_page(RequestFactory().get("/users/"), rows)
    assert listing.page.count == ResultCount(rows.count())


@pytest.mark.django_db
def test_a_list_longer_than_a_page_is_counted_in_one_query(django_assert_num_queries):
    for n in range(5):
        User.objects.create(username=f"user{n}")
    rows = User.objects.order_by("username")
    request = RequestFactory().get("/users/")
    # The page, and the count (on PostgreSQL, the planner asked first).
    with django_assert_num_queries(2 + (connection.vendor == "postgresql")):
        listing = list_page(request, rows, page_size=2)
    assert listing.page.count == ResultCount(rows.count())

    last = list_page(RequestFactory().get("/users/", {"page": "3"}), rows, page_size=2)
    assert last.page.count == ResultCount(rows.count()) and not last.page.has_next
    beyond = list_page(RequestFactory().get("/users/", {"page": "9"}), rows, page_size=2)
    assert beyond.page.object_list == [] and beyond.page.count == ResultCount(rows.count())


@pytest.mark.django_db
@on_postgresql
def test_postgresql_shows_the_planners_estimate_above_the_limit():
    for n in range(40):
        User.objects.create(username=f"user{n}")
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {User._meta.db_table}")
    rows = User.objects.filter(username__startswith="user")

    estimated = count_results(rows, limit=10)
    assert estimated.estimated and estimated.value == rounded_estimate(estimated.value)
    # Fresh statistics of a small table: the estimate is near the truth.
    assert rows.count() / 2 <= estimated.value <= rows.count() * 2

    assert count_results(rows) == ResultCount(rows.count())


@pytest.mark.django_db
@on_postgresql
def test_postgresql_estimates_without_reading_the_rows(django_assert_num_queries):
    with django_assert_num_queries(1) as queries:
        count_results(User.objects.all(), limit=-1)
    assert queries.captured_queries[0]["sql"].startswith("EXPLAIN")


def _pager(count: ResultCount | None, language: str = "en") -> str:
    page = Page([], 1, has_next=True)
    page.count = count
    with translation.override(language):
        return render_to_string("_pager.html", {"page": page})


def test_the_pager_shows_the_number_of_results():
    assert '<span class="result-count">1 result</span>' in _pager(ResultCount(1))
    assert '<span class="result-count">12,345 results</span>' in _pager(ResultCount(12_345))
    assert "result" not in _pager(None)


def test_the_pager_says_an_estimate_is_one():
    html = _pager(ResultCount(1_200_000, estimated=True))
    assert '<span class="result-count">about 1,200,000 results (estimate)</span>' in html


@pytest.mark.parametrize(("language", "word"), [("km", "លទ្ធផល"), ("fr", "résultats")])
def test_the_number_of_results_is_translated(language, word):
    assert word in _pager(ResultCount(12_345), language)
    assert word in _pager(ResultCount(1_200_000, estimated=True), language)


@pytest.mark.django_db
@on_postgresql
def test_a_query_django_knows_to_be_empty_is_counted_as_nothing(django_assert_num_queries):
    # An empty list of ids leaves PostgreSQL nothing to plan: EXPLAIN is not even sent.
    with django_assert_num_queries(0):
        assert count_results(User.objects.filter(pk__in=[])) == ResultCount(0)


def test_a_scope_of_no_applications_pages_without_an_error(client, intermediary):
    # An intermediary that has filed nothing yet: its scope goes to the query as an
    # empty list of ids, and a page past the first must still be counted.
    client.force_login(intermediary)
    response = client.get("/applications/", {"page": 3})
    assert response.status_code == 200
    assert response.context["page"].count == ResultCount(0)

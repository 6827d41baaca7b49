"""The funding pages read in Khmer: no word of the interface's English is left in what
they show as their interface (headings, labels, table heads, buttons, hints, choices)."""

from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from vss.testing.clients import signed_in
from vss.testing.english import english_words
from vss.testing.factories import (
    BudgetLineFactory,
    PaymentFactory,
    PledgeFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

INTERFACE = {"h1", "h2", "h3", "h4", "label", "th", "button", "dt", "summary", "option", "small"}


class _Interface(HTMLParser):
    """The text of the elements a page shows as its interface, and of its hints."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._open: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        inside = bool(self._open and self._open[-1])
        if tag not in ("input", "br", "meta", "link"):
            self._open.append(inside or tag in INTERFACE or bool({"hint", "empty"} & set(classes)))

    def handle_endtag(self, tag: str) -> None:
        if tag not in ("input", "br", "meta", "link") and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._open and self._open[-1]:
            self.texts.append(data)


def _english(response) -> list[str]:
    main = response.content.decode().split("<main", 1)[1]
    reader = _Interface()
    reader.feed(main)
    return english_words(" ".join(reader.texts))


@pytest.fixture
def project(donor):
    project = ProjectFactory.create()
    BudgetLineFactory.create(project=project, description="ស្តូប", amount_usd=Decimal(10))
    pledge = PledgeFactory.create(project=project, donor=donor.organisation, reference="")
    PaymentFactory.create(pledge=pledge, rate_source="ធនាគារជាតិ", amount=Decimal(1))
    PledgeFactory.create(project=project)
    return project


@pytest.mark.parametrize("persona", ["reparations", "donor"])
def test_the_funding_pages_leave_no_english_in_khmer(request, project, persona):
    client = signed_in(request, persona)
    pages = [
        reverse("reparations:funding"),
        reverse("reparations:project_funding", args=[project.pk]),
    ]
    if persona == "reparations":
        pages.append(reverse("reparations:donor_list"))
        pages.append(reverse("reparations:donor_edit", args=[project.pledges.first().donor_id]))
    found = {}
    for page in pages:
        response = client.get(page, HTTP_ACCEPT_LANGUAGE="km")
        assert response.status_code == 200
        if words := _english(response):
            found[page] = words
    assert found == {}


def test_the_check_sees_english(request, project):
    client = signed_in(request, "reparations")
    response = client.get(reverse("reparations:funding"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Funding" in _english(response)

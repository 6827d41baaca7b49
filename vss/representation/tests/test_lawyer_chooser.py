"""Lawyers are chosen on an application's page by typing part of a name: the page sends
no list of the bar (hundreds of lawyers), the chooser answers the first found among
those the form may take, as radio buttons named as the form's field, the search is
audited, and a form drawn again shows the lawyer chosen."""

import datetime

import pytest
from django.urls import reverse

from vss.applications.models import Status
from vss.audit.models import AuditEntry
from vss.representation.models import LawyerStatus
from vss.representation.selectors.lawyers import LAWYERS_CHOSEN_AMONG
from vss.testing.factories import ApplicationFactory, CaseFactory, LawyerFactory

pytestmark = pytest.mark.django_db

CHOICES = reverse("representation:lawyer_choices")


@pytest.fixture
def application():
    case = CaseFactory(number="002/02", closing_order_on=datetime.date(2010, 9, 15))
    return ApplicationFactory(case=case, status=Status.ADMITTED)


@pytest.fixture
def bar():
    lawyers = {
        "keo": LawyerFactory(family_name="KEO", given_name="Sothea", bar_number="BAKC-0101"),
        "suspended": LawyerFactory(
            family_name="KEO", given_name="Dara", status=LawyerStatus.SUSPENDED
        ),
        "refused": LawyerFactory(
            family_name="KEO", given_name="Vanna", status=LawyerStatus.REFUSED
        ),
    }
    for n in range(LAWYERS_CHOSEN_AMONG + 5):
        LawyerFactory(family_name="PICH", given_name=f"Lawyer{n}")
    return lawyers


def _choices(client, among: str, typed: str, name: str = "rep-lawyer") -> str:
    response = client.get(CHOICES, {"among": among, "name": name, f"{name}-search": typed})
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_sends_no_list_of_lawyers(client, chief, application, bar):
    client.force_login(chief)
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "PICH" not in page and "KEO" not in page
    assert f'hx-get="{CHOICES}?among=mandate"' in page
    assert f'hx-get="{CHOICES}?among=conflict"' in page
    assert 'name="rep-lawyer-search"' in page


def test_a_search_answers_the_first_found_among_those_the_form_may_take(client, chief, bar):
    client.force_login(chief)
    mandate = _choices(client, "mandate", "keo")
    assert mandate.count('type="radio"') == 1
    assert f'name="rep-lawyer" value="{bar["keo"].pk}"' in mandate
    assert "KEO Sothea · BAKC-0101" in mandate
    # A conflict may be declared with a suspended lawyer, never with one refused.
    conflict = _choices(client, "conflict", "keo", name="conflict-lawyer")
    assert f'name="conflict-lawyer" value="{bar["suspended"].pk}"' in conflict
    assert f'value="{bar["refused"].pk}"' not in conflict
    # By bar number; the first found, in the list's order; nothing typed, nothing shown.
    assert f'value="{bar["keo"].pk}"' in _choices(client, "mandate", "BAKC-0101")
    assert _choices(client, "mandate", "pich").count('type="radio"') == LAWYERS_CHOSEN_AMONG
    assert _choices(client, "mandate", "  ") == "\n"
    assert "Nothing found for “nobody”." in _choices(client, "mandate", "nobody")


def test_each_search_is_audited_as_a_search_of_the_list(client, legal, bar):
    client.force_login(legal)
    _choices(client, "mandate", "keo")
    entry = AuditEntry.objects.filter(object_type="representation.lawyer").latest("id")
    assert entry.actor == legal
    assert entry.changes["shown"] == {"old": None, "new": 1}


def test_what_a_chooser_cannot_answer_is_not_found(client, chief):
    client.force_login(chief)
    assert client.get(CHOICES, {"among": "anyone", "name": "rep-lawyer"}).status_code == 404
    assert client.get(CHOICES, {"among": "mandate", "name": "<script>"}).status_code == 404


def test_a_form_drawn_again_shows_the_lawyer_chosen(client, chief, application, bar):
    client.force_login(chief)
    url = reverse("representation:representation_add", args=[application.pk])
    refused = client.post(url, {"rep-lawyer": bar["keo"].pk, "rep-started_on": "31/02/2024"})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert f'name="rep-lawyer" value="{bar["keo"].pk}" checked> KEO Sothea' in page
    assert "PICH" not in page

"""Lawyers are listed in the alphabetical order of their names as shown (FAMILY Given),
whatever the case of a family name: the list page, every choice of a lawyer and the
lawyers a chooser finds."""

import pytest
from django import forms
from django.urls import reverse

from vss.representation.forms.conflicts import ConflictForm
from vss.representation.forms.groups import GroupEditForm, GroupForm, GroupingForm
from vss.representation.forms.lead_co_lawyers import LeadAppointForm
from vss.representation.forms.mandates import RepresentationAddForm
from vss.testing.clients import signed_in
from vss.testing.factories import CaseFactory, LawyerFactory

pytestmark = pytest.mark.django_db

# Created out of order; a binary sort would put "de Graaf" and "van Dijk" after every
# capitalised name, and "MOREAU" before "Mercier".
NAMES = [
    ("van Dijk", "Anouk"),
    ("Mercier", "Julien"),
    ("de Graaf", "Pieter"),
    ("MOREAU", "Claire"),
    ("Bakker", "Femke"),
    ("Mercier", "Camille"),
]
IN_ORDER = [
    "BAKKER Femke",
    "DE GRAAF Pieter",
    "MERCIER Camille",
    "MERCIER Julien",
    "MOREAU Claire",
    "VAN DIJK Anouk",
]


@pytest.fixture
def lawyers():
    return [LawyerFactory.create(family_name=f, given_name=g) for f, g in NAMES]


def _ours(labels):
    return [label for label in labels if label in IN_ORDER]


def test_the_list_of_lawyers_is_in_alphabetical_order(request, lawyers):
    page = signed_in(request, "legal").get(reverse("representation:lawyer_list"))

    assert page.status_code == 200
    text = page.content.decode()
    positions = [text.index(name) for name in IN_ORDER]
    assert positions == sorted(positions)


def _choice_labels(form: forms.Form, name: str) -> list[str]:
    return _ours([str(option.choice_label) for option in form[name]])


@pytest.mark.parametrize(
    ("make_form", "field"),
    [
        (lambda case: LeadAppointForm(), "lawyer"),
        (lambda case: GroupForm(), "lawyer"),
        (lambda case: GroupEditForm(), "lawyer"),
        (lambda case: GroupingForm(case=case), "lawyer"),
        (lambda case: GroupingForm(case=case), "current_lawyer"),
    ],
)
def test_every_choice_of_a_lawyer_is_in_alphabetical_order(lawyers, make_form, field):
    form = make_form(CaseFactory.create())

    assert _choice_labels(form, field) == IN_ORDER


@pytest.mark.parametrize(
    ("form", "among"), [(RepresentationAddForm, "mandate"), (ConflictForm, "conflict")]
)
def test_a_chooser_of_lawyers_answers_in_alphabetical_order(request, lawyers, form, among):
    """The mandate's and the conflict's lawyers are found by typing (SearchChoiceWidget)."""
    assert form.base_fields["lawyer"].widget.search_url.endswith(f"?among={among}")
    page = signed_in(request, "legal").get(
        reverse("representation:lawyer_choices"),
        {"among": among, "name": "lawyer", "lawyer-search": "mercier"},
    )
    text = page.content.decode()
    assert text.index("MERCIER Camille") < text.index("MERCIER Julien")

"""The cases the public may apply in, as the public site lists them."""

import datetime

import pytest

from vss.proceedings.selectors import cases_open_for_applications
from vss.proceedings.services import case_open_demo
from vss.testing.factories import CaseFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 5)


def test_open_cases_are_those_whose_deadline_has_not_passed_nearest_first():
    soon = CaseFactory.create(number="004/08", investigation_closed_on=TODAY)
    unset = CaseFactory.create(number="004/09", investigation_closed_on=None)
    CaseFactory.create(number="002/09", investigation_closed_on=datetime.date(2010, 1, 14))
    CaseFactory.create(number="003/09", investigation_closed_on=None, is_terminated=True)

    assert cases_open_for_applications(TODAY) == [soon, unset]


def test_the_demo_case_is_open_where_the_demo_data_made_one():
    demo = case_open_demo(today=TODAY)

    assert cases_open_for_applications(TODAY) == [demo]
    assert cases_open_for_applications(demo.application_deadline) == [demo]
    assert cases_open_for_applications(demo.application_deadline + datetime.timedelta(days=1)) == []

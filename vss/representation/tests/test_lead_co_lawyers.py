"""One read of the Lead Co-Lawyer seats held now, by case and by lawyer, for the
consolidated group, the lawyer's pages, the clients' page and the services' checks."""

import pytest

from vss.representation.models import LawyerKind
from vss.representation.selectors import current_lead_co_lawyers, current_lead_mandates
from vss.testing.factories import CaseFactory, LawyerFactory, LeadCoLawyerFactory

pytestmark = pytest.mark.django_db


def test_a_cases_seats_held_now_come_in_seat_order() -> None:
    case = CaseFactory.create(number="002")
    national = LeadCoLawyerFactory.create(case=case, lawyer__kind=LawyerKind.NATIONAL)
    international = LeadCoLawyerFactory.create(case=case, lawyer__kind=LawyerKind.INTERNATIONAL)
    LeadCoLawyerFactory.create(
        case=case,
        lawyer__kind=LawyerKind.NATIONAL,
        appointed_on="2009-01-01",
        ended_on="2010-01-01",
    )
    LeadCoLawyerFactory.create()  # another case's
    expected = sorted([national, international], key=lambda seat: seat.seat)
    assert list(current_lead_co_lawyers(case)) == expected


def test_a_lawyers_seats_held_now_come_by_case_number() -> None:
    lawyer = LawyerFactory.create()
    later = LeadCoLawyerFactory.create(lawyer=lawyer, case=CaseFactory.create(number="004"))
    earlier = LeadCoLawyerFactory.create(lawyer=lawyer, case=CaseFactory.create(number="002"))
    LeadCoLawyerFactory.create(lawyer=lawyer, ended_on="2012-01-01")
    assert list(current_lead_mandates(lawyer)) == [earlier, later]
    assert list(current_lead_mandates(lawyer.pk)) == [earlier, later]

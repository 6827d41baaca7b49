"""The reads the lawyers' and mandates' pages fetch through: the right first (403), then
the policy's scope (404), as the access matrix of the pages expects."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from vss import policy
from vss.representation import selectors
from vss.representation.models import Lawyer
from vss.representation.services import conflict_declare
from vss.testing.factories import (
    ApplicationFactory,
    LawyerFactory,
    LeadCoLawyerFactory,
    RepresentationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "sees_the_list"),
    [
        ("chief", True),
        ("legal", True),
        ("intake", True),
        ("reparations", True),
        ("outreach", True),
        ("auditor", False),
        ("intermediary", False),
        ("partner", False),
        ("donor", False),
        ("lawyer", False),
    ],
)
def test_the_list_of_lawyers_is_read_by_those_who_read_representation(
    request, persona, sees_the_list
) -> None:
    user = request.getfixturevalue(persona)
    LawyerFactory.create()
    in_scope = policy.lawyers_in_scope(user, Lawyer.objects.all())
    assert in_scope.count() == (Lawyer.objects.count() if sees_the_list else 0)


def test_a_lawyer_is_fetched_for_change_by_those_who_keep_the_list(legal, intake) -> None:
    lawyer = LawyerFactory.create()
    assert selectors.lawyer_get_for_manager(legal, lawyer.pk) == lawyer
    with pytest.raises(PermissionDenied):
        selectors.lawyer_get_for_manager(intake, lawyer.pk)
    with pytest.raises(Http404):
        selectors.lawyer_get_for_manager(legal, lawyer.pk + 1000)


def test_a_lead_seat_is_fetched_for_change_by_those_who_keep_the_list(legal, intake) -> None:
    seat = LeadCoLawyerFactory.create()
    assert selectors.lead_appointment_get_for_manager(legal, seat.pk) == seat
    with pytest.raises(PermissionDenied):
        selectors.lead_appointment_get_for_manager(intake, seat.pk)
    with pytest.raises(Http404):
        selectors.lead_appointment_get_for_manager(legal, seat.pk + 1000)


def test_current_clients_and_seats_leave_out_the_ended_ones() -> None:
    lawyer = LawyerFactory.create()
    RepresentationFactory.create(lawyer=lawyer)
    RepresentationFactory.create(lawyer=lawyer, ended_on="2012-01-01", end_reason="Replaced")
    RepresentationFactory.create()
    held = LeadCoLawyerFactory.create(lawyer=lawyer)
    LeadCoLawyerFactory.create(lawyer=lawyer, ended_on="2012-01-01")
    assert selectors.lawyer_current_client_count(lawyer) == 1
    assert list(selectors.current_lead_mandates(lawyer)) == [held]


def test_a_conflict_returns_only_to_an_application_of_its_person(legal, intake) -> None:
    application = ApplicationFactory.create()
    someone_else = ApplicationFactory.create()
    conflict = conflict_declare(
        actor=legal, lawyer=LawyerFactory.create(), person=application.applicant, description="Kin"
    )
    assert selectors.conflict_get_for_manager(legal, conflict.pk) == conflict
    assert (
        selectors.conflict_application_for_manager(legal, conflict, application.pk) == application
    )
    with pytest.raises(Http404):
        selectors.conflict_application_for_manager(legal, conflict, someone_else.pk)
    with pytest.raises(PermissionDenied):
        selectors.conflict_get_for_manager(intake, conflict.pk)


def test_an_application_is_fetched_for_its_mandates_by_those_who_manage_them(
    legal, reparations
) -> None:
    application = ApplicationFactory.create()
    assert selectors.application_get_for_manager(legal, application.pk) == application
    with pytest.raises(PermissionDenied):
        selectors.application_get_for_manager(reparations, application.pk)
    with pytest.raises(Http404):
        selectors.application_get_for_manager(legal, application.pk + 1000)

"""Reads of conflicts of interest: one its manager lifts, the application page it is
lifted from, and the people of a selection a lawyer is in conflict with."""

from django.shortcuts import get_object_or_404

from vss import policy
from vss.accounts.models import User
from vss.applications.models import Application
from vss.people.models import Person
from vss.policy import Right

from ..models import ConflictOfInterest, Lawyer


def conflict_get_for_manager(user: User, pk: int) -> ConflictOfInterest:
    """A conflict of interest with a person in scope (else 404), for the user who manages
    representation (else 403)."""
    policy.require_right(user, Right.MANAGE_REPRESENTATION)
    people = policy.people_in_scope(user, Person.objects.all())
    return get_object_or_404(ConflictOfInterest.objects.filter(person__in=people), pk=pk)


def conflict_application_for_manager(
    user: User, conflict: ConflictOfInterest, pk: int
) -> Application:
    """An application of the person in the conflict, in scope (else 404): the page a
    conflict lifted from an application's page returns to."""
    policy.require_right(user, Right.MANAGE_REPRESENTATION)
    return get_object_or_404(
        policy.applications_in_scope(user, Application.objects.all()),
        pk=pk,
        applicant_id=conflict.person_id,
    )


def conflicts_with(lawyer: Lawyer, application_ids: list[int]) -> list[Person]:
    """The selected applicants with whom the lawyer has a conflict not lifted, one query."""
    applicants = Application.objects.filter(pk__in=application_ids).values("applicant_id")
    return list(
        Person.objects.filter(
            pk__in=ConflictOfInterest.objects.filter(
                lawyer=lawyer, lifted_on__isnull=True, person_id__in=applicants
            ).values("person_id")
        ).order_by("id")
    )

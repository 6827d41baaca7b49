"""Reads of how people are reached."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from vss import policy
from vss.people.models import Person
from vss.policy import Right

from ..models import ContactPreference, Subscriber

if TYPE_CHECKING:
    from vss.accounts.models import User


def require_stop_token(token: str) -> None:
    """A token some message carried, or 404: the page names no one either way."""
    if not (
        ContactPreference.objects.filter(stop_token=token).exists()
        or Subscriber.objects.filter(stop_token=token).exists()
    ):
        raise Http404


def person_for_reach(user: User, pk: int) -> Person:
    """A person in the user's scope (else 404) whose way of being reached the user may
    change (else 403: the right, and of a protected person, their identity)."""
    policy.require_right(user, Right.MANAGE_CONTACT_PREFERENCES)
    person = get_object_or_404(policy.people_in_scope(user, Person.objects.all()), pk=pk)
    if not policy.can_see_identity(user, person):
        raise PermissionDenied
    return person


def preference_of(person: Person) -> ContactPreference | None:
    return ContactPreference.objects.filter(person=person).first()

"""People: who may see which person's record."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, QuerySet

from vss.accounts.models import Role

from .representation import clients_and_consolidated_groups
from .rights import Right
from .scope import ScopeFunction, in_scope
from .support import referrals_in_scope

if TYPE_CHECKING:
    from vss.accounts.models import User
    from vss.people.models import Person


def _named_in_own_organisations_forms(user: User, people: QuerySet[Person]) -> QuerySet[Person]:
    """The applicants of the organisation's own forms and the relatives named in them."""
    from vss.applications.models import VictimInformationForm
    from vss.people.models import Kinship

    organisation = user.organisation_id
    own_forms = VictimInformationForm.objects.filter(entered_by_organisation_id=organisation)
    # Two lookups by index per person: joined with OR and DISTINCT, the same scope made
    # the database join every form and family link of the registry (seconds at a million).
    return people.filter(
        Exists(own_forms.filter(applicant=OuterRef("pk")))
        | Exists(
            Kinship.objects.filter(relative=OuterRef("pk")).filter(
                Exists(own_forms.filter(applicant=OuterRef("person_id")))
            )
        )
    )


def _applicants_represented(user: User, people: QuerySet[Person]) -> QuerySet[Person]:
    from vss.applications.models import Application

    in_scope = clients_and_consolidated_groups(user, Application.objects.all())
    return people.filter(pk__in=in_scope.values("applicant_id"))


def _referred_to_own_organisation(user: User, people: QuerySet[Person]) -> QuerySet[Person]:
    from vss.support.models import Referral

    referred = referrals_in_scope(user, Referral.objects.all())
    return people.filter(pk__in=referred.values("person_id"))


PEOPLE_SCOPE: dict[str, ScopeFunction[Person]] = {
    Role.INTERMEDIARY: _named_in_own_organisations_forms,
    Role.LAWYER: _applicants_represented,
    Role.PARTNER: _referred_to_own_organisation,
}


def people_in_scope(user: User, people: QuerySet[Person]) -> QuerySet[Person]:
    return in_scope(PEOPLE_SCOPE, user, people, right=Right.VIEW_PEOPLE)

"""ProbedIn: the rows of `field IN (subquery)`, written as PostgreSQL reads by index."""

import pytest
from django.db import connection

from vss.core.queries import ProbedIn
from vss.people.models import Person
from vss.support.models import Referral
from vss.testing.factories import PersonFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def test_the_rows_are_those_of_in() -> None:
    protected = [PersonFactory.create(is_protected=True, pseudonym=f"P-{n}") for n in range(3)]
    others = [PersonFactory.create() for _ in range(3)]
    for person in [*protected[:2], *others]:
        ReferralFactory.create(person=person)
    ids = Person.objects.filter(is_protected=True).values("pk")

    probed = Referral.objects.filter(ProbedIn("person_id", ids))
    plain = Referral.objects.filter(person_id__in=ids)

    assert sorted(probed.values_list("person_id", flat=True)) == sorted(
        plain.values_list("person_id", flat=True)
    )
    assert set(probed.values_list("person_id", flat=True)) == {p.pk for p in protected[:2]}
    assert not Referral.objects.filter(ProbedIn("person_id", ids.none())).exists()


def test_postgresql_is_given_the_array_form() -> None:
    query = str(
        Referral.objects.filter(
            ProbedIn("person_id", Person.objects.filter(is_protected=True).values("pk"))
        ).query
    )
    if connection.vendor == "postgresql":
        assert '"support_referral"."person_id" = ANY(ARRAY(SELECT' in query
    else:
        assert '"support_referral"."person_id" IN (SELECT' in query

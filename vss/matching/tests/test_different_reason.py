"""Recording that two records are different people keeps the pair from ever being
proposed again, so the decision must give its reason."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from vss.audit.models import AuditEntry
from vss.matching.models import CandidateStatus, DifferentPeople
from vss.matching.services import people_mark_different
from vss.matching.tests.test_views_access import world  # noqa: F401  (fixture)
from vss.testing.clients import signed_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("reason", ["", "   "])
def test_the_service_refuses_a_decision_without_a_reason(legal, world, reason):  # noqa: F811
    with pytest.raises(ValidationError, match="reason"):
        people_mark_different(
            actor=legal, person_a=world.first, person_b=world.second, reason=reason
        )
    assert not DifferentPeople.objects.exists()


def test_the_form_asks_for_the_reason_and_saves_nothing(request, world):  # noqa: F811
    client = signed_in(request, "legal")
    response = client.post(reverse("matching:different", args=[world.candidate.pk]), {})
    assert response.status_code == 400
    assert "Give the reason why these are different people." in response.content.decode()
    assert not DifferentPeople.objects.exists()
    world.candidate.refresh_from_db()
    assert world.candidate.status == CandidateStatus.OPEN


def test_the_reason_is_kept_and_audited(request, world):  # noqa: F811
    client = signed_in(request, "legal")
    response = client.post(
        reverse("matching:different", args=[world.candidate.pk]),
        {"reason": "Father and son: born 1931 and 1958"},
    )
    assert response.status_code == 302
    decision = DifferentPeople.objects.get()
    assert decision.reason == "Father and son: born 1931 and 1958"

    entry = AuditEntry.objects.get(object_type="matching.differentpeople")
    assert entry.changes["reason"]["new"] == "Father and son: born 1931 and 1958"

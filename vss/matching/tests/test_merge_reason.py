"""Merging two records folds one person's forms, applications and relatives into
another's: the decision must give its reason, in the form and in the service."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from vss.audit.models import AuditAction, AuditEntry
from vss.matching.models import CandidateStatus, PersonMerge
from vss.matching.services import persons_merge
from vss.matching.tests.test_views_access import world  # noqa: F401  (fixture)
from vss.testing.clients import signed_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("reason", ["", "   "])
def test_the_service_refuses_a_merge_without_a_reason(legal, world, reason):  # noqa: F811
    merges = PersonMerge.objects.count()
    with pytest.raises(ValidationError, match="same person"):
        persons_merge(actor=legal, survivor=world.first, merged=world.second, reason=reason)
    assert PersonMerge.objects.count() == merges
    world.second.refresh_from_db()
    assert world.second.archived_at is None


def test_the_form_asks_for_the_reason_saves_nothing_and_keeps_the_choice(request, world):  # noqa: F811
    merges = PersonMerge.objects.count()
    entries = AuditEntry.objects.exclude(action=AuditAction.VIEW).count()
    client = signed_in(request, "legal")
    response = client.post(
        reverse("matching:merge", args=[world.candidate.pk]),
        {"survivor": world.second.pk, "reason": "  "},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Give the reason why these are the same person." in page
    assert response.context["merge_form"].data["survivor"] == str(world.second.pk)
    assert PersonMerge.objects.count() == merges
    assert AuditEntry.objects.exclude(action=AuditAction.VIEW).count() == entries
    world.candidate.refresh_from_db()
    assert world.candidate.status == CandidateStatus.OPEN


def test_the_reason_is_kept(request, world):  # noqa: F811
    response = signed_in(request, "legal").post(
        reverse("matching:merge", args=[world.candidate.pk]),
        {"survivor": world.first.pk, "reason": "Same ID card number 010203040"},
    )
    assert response.status_code == 302
    assert PersonMerge.objects.latest("pk").reason == "Same ID card number 010203040"

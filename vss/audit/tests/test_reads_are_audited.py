"""Pages that show personal data write a VIEW entry: who read which record's page."""

import pytest
from django.urls import reverse

from vss.audit.models import AuditAction, AuditEntry
from vss.testing.factories import (
    ApplicationFactory,
    CaseFactory,
    CivilPartyGroupFactory,
    ConsentFactory,
    LawyerFactory,
    RepresentationFactory,
)

pytestmark = pytest.mark.django_db


def _views_of(user, object_type: str, object_id: int) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            actor=user, action=AuditAction.VIEW, object_type=object_type, object_id=str(object_id)
        )
    )


def test_a_groups_page_of_members_is_audited(client, legal) -> None:
    group = CivilPartyGroupFactory.create(case=CaseFactory.create(number="002"))
    client.force_login(legal)
    assert client.get(reverse("representation:group_detail", args=[group.pk])).status_code == 200
    assert len(_views_of(legal, "representation.civilpartygroup", group.pk)) == 1


def test_a_consolidated_group_is_audited(client, legal) -> None:
    case = CaseFactory.create(number="002")
    client.force_login(legal)
    url = reverse("representation:consolidated", args=[case.pk])
    assert client.get(url).status_code == 200
    assert len(_views_of(legal, "proceedings.case", case.pk)) == 1


def test_a_lawyers_caseload_is_audited(client, legal) -> None:
    lawyer = LawyerFactory.create()
    RepresentationFactory.create(application=ApplicationFactory.create(), lawyer=lawyer)
    client.force_login(legal)
    url = reverse("representation:lawyer_caseload", args=[lawyer.pk])
    assert client.get(url).status_code == 200
    assert len(_views_of(legal, "representation.lawyer", lawyer.pk)) == 1


def test_a_consent_page_is_audited(client, outreach) -> None:
    consent = ConsentFactory.create()
    client.force_login(outreach)
    url = reverse("support:consent_withdraw", args=[consent.pk])
    assert client.get(url).status_code == 200
    assert len(_views_of(outreach, "support.consent", consent.pk)) == 1


def test_the_form_opened_to_edit_is_audited(client, intake) -> None:
    application = ApplicationFactory.create()
    client.force_login(intake)
    url = reverse("applications:form_edit", args=[application.form_id])
    assert client.get(url).status_code == 200
    assert len(_views_of(intake, "applications.victiminformationform", application.form_id)) == 1

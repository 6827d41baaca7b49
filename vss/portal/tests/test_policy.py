import uuid

import pytest
from django.utils import timezone

from vss import policy
from vss.accounts.models import Role
from vss.portal.audit_labels import PAGE_TITLES
from vss.portal.models import DeviceForm, DeviceFormStatus, PublicPage
from vss.testing.factories import ApplicationFactory
from vss.testing.personas import persona

pytestmark = pytest.mark.django_db


def _sent_by(user):
    return DeviceForm.objects.create(
        device_form_id=uuid.uuid4(),
        sent_by=user,
        organisation=user.organisation,
        status=DeviceFormStatus.RECEIVED,
        content_digest="0" * 64,
        filled_at=timezone.now(),
        application=ApplicationFactory.create(),
    )


def test_an_intermediary_reads_its_own_organisations_forms_and_intake_reads_all():
    adhoc = persona(Role.INTERMEDIARY)
    dccam = persona(Role.INTERMEDIARY, organisation_name="DC-Cam")
    own, other = _sent_by(adhoc), _sent_by(dccam)
    forms = DeviceForm.objects.all()
    assert list(policy.device_forms_in_scope(adhoc, forms)) == [own]
    assert set(policy.device_forms_in_scope(persona(Role.INTAKE), forms)) == {own, other}
    assert not policy.device_forms_in_scope(persona(Role.DONOR), forms).exists()


@pytest.mark.parametrize(
    ("role", "may"),
    [(Role.CHIEF, True), (Role.OUTREACH, True), (Role.INTAKE, False), (Role.PARTNER, False)],
)
def test_the_outreach_officers_and_the_chief_write_the_public_site(role, may):
    assert policy.can_edit_public_content(persona(role)) is may


def test_the_log_names_every_page_of_the_site_by_its_title():
    assert {page: str(PAGE_TITLES[page]) for page in PublicPage.values} == {
        page.value: page.label for page in PublicPage
    }

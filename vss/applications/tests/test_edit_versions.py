"""Two people correcting the same VIF: the later save from a page opened before the
earlier save is refused, says what changed meanwhile, keeps what was typed and writes
nothing."""

import pytest
from django.urls import reverse

from vss.applications.models import VictimInformationForm
from vss.applications.tests.test_intake_form import (  # noqa: F401  (fixtures)
    _edit_data,
    _logged_in,
    entered,
    ref,
)
from vss.audit.models import AuditEntry
from vss.audit.services import StaleEdit
from vss.people.forms import PersonForm, person_initial
from vss.people.models import Person
from vss.people.services import person_update
from vss.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _opened(form_id: int, ref) -> dict:  # noqa: F811
    return _edit_data(ref, form_id=form_id)


def test_a_stale_save_does_not_put_back_the_phone_number_changed_meanwhile(
    intake,
    chief,
    entered,  # noqa: F811
    ref,  # noqa: F811
):
    edit = reverse("applications:form_edit", args=[entered.form_id])
    # Both open the form; intake saves a new phone number first.
    intakes_page, chiefs_page = _opened(entered.form_id, ref), _opened(entered.form_id, ref)
    intakes_page["applicant-phone"] = "011 222 333"
    assert _logged_in(intake).post(edit, intakes_page).status_code == 302
    entries = AuditEntry.objects.count()

    # The Chief's page still holds the old number; the Chief corrects the account.
    chiefs_page["filing-account"] = "Corrected by the Chief."
    response = _logged_in(chief).post(edit, chiefs_page)
    assert response.status_code == 400
    page = response.text
    assert "Someone else saved this record after you opened it" in page
    assert "Phone: 011 222 333" in page
    # What the Chief typed stays on the page.
    assert "Corrected by the Chief." in page
    # Nothing was saved.
    applicant = Person.objects.get(pk=entered.applicant_id)
    assert applicant.phone == "011 222 333"
    assert VictimInformationForm.objects.get(pk=entered.form_id).account != (
        "Corrected by the Chief."
    )
    assert AuditEntry.objects.count() == entries


def test_the_refusal_names_a_protected_persons_fields_without_their_values(intake, chief):
    # A protected person's VIF is not open to intake's edit page; the service still
    # withholds the values from whoever may not see the identity.
    person = PersonFactory.create(
        given_name_latin="Sophal", is_protected=True, pseudonym="PS-00077"
    )
    form = PersonForm({k: "" if v is None else v for k, v in person_initial(person).items()})
    assert form.is_valid(), form.errors
    opened = person.version
    chiefs = form.person_data()
    chiefs.given_name_latin = "Chantha"
    person_update(actor=chief, person=person, data=chiefs, expected_version=opened)
    with pytest.raises(StaleEdit) as refused:
        person_update(actor=intake, person=person, data=form.person_data(), expected_version=opened)
    assert ("Given name (Latin)", None) in refused.value.changed
    assert "Chantha" not in str(refused.value)
    assert Person.objects.get(pk=person.pk).given_name_latin == "Chantha"


def test_a_vif_edit_without_its_versions_is_refused(intake, entered, ref):  # noqa: F811
    edit = reverse("applications:form_edit", args=[entered.form_id])
    data = _opened(entered.form_id, ref)
    del data["filing-version"], data["applicant-version"]
    data["applicant-phone"] = "099 999 999"
    response = _logged_in(intake).post(edit, data)
    assert response.status_code == 400
    assert Person.objects.get(pk=entered.applicant_id).phone != "099 999 999"


def test_a_correction_never_clears_a_box_or_a_field_it_did_not_send(intake, entered, ref):  # noqa: F811
    edit = reverse("applications:form_edit", args=[entered.form_id])
    vif = VictimInformationForm.objects.get(pk=entered.form_id)
    assert vif.consent_share_with_court and vif.consent_contact
    phone = Person.objects.get(pk=entered.applicant_id).phone
    assert phone
    # A POST without the consent boxes, the applicant's phone and deceased box.
    data = {
        k: v
        for k, v in _opened(entered.form_id, ref).items()
        if not k.startswith("filing-consent_")
        and k not in ("applicant-phone", "applicant-is_deceased")
    }
    data["filing-account"] = "Corrected account."
    assert _logged_in(intake).post(edit, data).status_code == 302
    vif.refresh_from_db()
    assert vif.account == "Corrected account."
    assert vif.consent_share_with_court and vif.consent_contact
    assert Person.objects.get(pk=entered.applicant_id).phone == phone

    # The page sends each box with a hidden companion: a box the user unticked is sent
    # as "off" and cleared.
    page = _logged_in(intake).get(edit).text
    assert 'type="hidden" name="filing-consent_contact" value="off"' in page
    data = _opened(entered.form_id, ref)
    data["filing-consent_contact"] = "off"
    assert _logged_in(intake).post(edit, data).status_code == 302
    vif.refresh_from_db()
    assert not vif.consent_contact and vif.consent_share_with_court

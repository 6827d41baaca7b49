"""A VIF's text on file that names a protected person, opened to correct by someone who
may not identify that person: the text is shown with the pseudonym and cannot be changed,
and a save keeps the text on file rather than the mask."""

import html

import pytest
from django.urls import reverse

from vss.applications.models import Application, CrimeSuffered, Harm, VictimInformationForm
from vss.applications.tests.test_intake_form import (  # noqa: F401  (fixtures)
    _create,
    _edit_data,
    _logged_in,
    ref,
)
from vss.audit.models import AuditAction, AuditEntry
from vss.people.models import Person
from vss.testing.clients import signed_in

pytestmark = pytest.mark.django_db

# The father named among the harms, written about in the account, the wishes and a
# crime's place.
ACCOUNT = "My father SOK Heng was taken in 1977."
WISHES = "A stupa for Heng."
PLACE = "Heng's rice field"
MASKED = ["My father [TCW-8] was taken in 1977.", "A stupa for [TCW-8].", "[TCW-8]'s rice field"]


@pytest.fixture
def father_protected(intermediary, ref):  # noqa: F811
    # Entered by the intermediary's organisation, so that both it and intake may correct it.
    assert _create(_logged_in(intermediary), ref).status_code == 302
    entered = Application.objects.get()
    form_id = entered.form_id
    VictimInformationForm.objects.filter(pk=form_id).update(
        account=ACCOUNT, reparation_wishes=WISHES
    )
    CrimeSuffered.objects.filter(form_id=form_id).update(place_description=PLACE)
    father = Harm.objects.get(form_id=form_id, relative__isnull=False).relative
    Person.objects.filter(pk=father.pk).update(is_protected=True, pseudonym="TCW-8")
    return entered


def _edit_url(application) -> str:
    return reverse("applications:form_edit", args=[application.form_id])


def _is_locked(page: str, name: str) -> bool:
    return " disabled" in page.split(f'name="{name}"')[1].split(">")[0]


@pytest.mark.parametrize("who", ["intake", "intermediary"])
def test_text_naming_a_protected_relative_is_shown_with_the_pseudonym_and_locked(
    request, father_protected, who
):
    response = signed_in(request, who).get(_edit_url(father_protected))
    assert response.status_code == 200
    page = html.unescape(response.text)
    assert "Heng" not in page and "ហេង" not in page
    assert all(masked in page for masked in MASKED)
    for name in ("filing-account", "filing-reparation_wishes", "crimes-0-place_description"):
        assert _is_locked(page, name), name
    assert not _is_locked(page, "applicant-phone")


def test_who_may_identify_the_relative_reads_and_corrects_the_text(request, father_protected):
    page = html.unescape(signed_in(request, "chief").get(_edit_url(father_protected)).text)
    assert all(text in page for text in (ACCOUNT, WISHES, PLACE))
    assert "[TCW-8]" not in page
    assert not _is_locked(page, "filing-account")


def test_a_correction_keeps_the_text_on_file_behind_the_mask(intake, father_protected, ref):  # noqa: F811
    data = _edit_data(
        ref,
        {
            "applicant-phone": "097 000 111",
            # What a forged POST sends in place of the locked fields is not read.
            "filing-account": MASKED[0],
            "filing-reparation_wishes": "",
            "crimes-0-place_description": "Somewhere else",
        },
        form_id=father_protected.form_id,
    )
    response = _logged_in(intake).post(_edit_url(father_protected), data)
    assert response.status_code == 302
    form = VictimInformationForm.objects.get(pk=father_protected.form_id)
    assert (form.account, form.reparation_wishes) == (ACCOUNT, WISHES)
    assert CrimeSuffered.objects.get(form=form).place_description == PLACE
    assert Person.objects.get(pk=father_protected.applicant_id).phone == "097 000 111"
    assert not AuditEntry.objects.filter(
        action=AuditAction.UPDATE, object_type="applications.victiminformationform"
    ).exists()


def test_a_correction_sent_back_with_errors_still_masks_the_text(intake, father_protected, ref):  # noqa: F811
    data = _edit_data(ref, {"applicant-birth_year": "1066"}, form_id=father_protected.form_id)
    del data["filing-account"], data["crimes-0-place_description"]
    response = _logged_in(intake).post(_edit_url(father_protected), data)
    assert response.status_code == 400
    page = html.unescape(response.text)
    assert "Heng" not in page
    assert MASKED[0] in page and MASKED[2] in page
    assert VictimInformationForm.objects.get(pk=father_protected.form_id).account == ACCOUNT


def test_a_stale_correction_is_refused_without_the_text_saved_meanwhile(
    intake,
    chief,
    father_protected,
    ref,  # noqa: F811
):
    opened = _edit_data(ref, form_id=father_protected.form_id)
    chiefs = _edit_data(
        ref,
        {"filing-account": "SOK Heng came back in 1979.", "filing-reparation_wishes": WISHES},
        form_id=father_protected.form_id,
    )
    assert _logged_in(chief).post(_edit_url(father_protected), chiefs).status_code == 302
    response = _logged_in(intake).post(_edit_url(father_protected), opened)
    assert response.status_code == 400
    page = html.unescape(response.text)
    assert "Changed meanwhile: Account of events." in page
    assert "Heng" not in page and "[TCW-8] came back in 1979." in page

"""The language a person is written to in: entered with the VIF, corrected with it,
audited, and the language the acknowledgement of receipt is made in unless staff choose
another (read back from the PDF, in each language)."""

import pytest
from django.urls import reverse
from django.utils import translation

from vss.accounts.models import Role
from vss.applications.models import Application, Status
from vss.applications.tests.test_intake_form import (  # noqa: F401  (fixtures)
    _counts,
    _create,
    _edit_data,
    _logged_in,
    entered,
    ref,
)
from vss.audit.models import AuditAction, AuditEntry
from vss.people.models import Language, Person
from vss.testing.factories import ApplicationFactory, PersonFactory, VifFactory
from vss.testing.pdf import pdf_text, reads_back
from vss.testing.personas import persona

pytestmark = pytest.mark.django_db

# Said on every receipt, civil party or complaint, each in the receipt's language.
RECEIPT_PHRASES = ("Acknowledgement of receipt", "What happens next", "Whom to contact")


def _in(language: str, text: str) -> str:
    with translation.override(language):
        return str(translation.gettext(text))


def _receipt(client, application, language: str | None = None):
    url = reverse("applications:receipt_pdf", args=[application.pk])
    # The interface in English: a receipt in Khmer or French is so for the applicant.
    return client.get(
        url + (f"?language={language}" if language else ""), HTTP_ACCEPT_LANGUAGE="en"
    )


def _is_in(language: str, text: str) -> bool:
    return all(reads_back(_in(language, phrase), text) for phrase in RECEIPT_PHRASES)


@pytest.fixture
def received():
    def make(language: str):
        person = PersonFactory(
            family_name_km="ពេជ្រ",
            given_name_km="ធារ៉ា",
            family_name_latin="PECH",
            given_name_latin="Theara",
            preferred_language=language,
        )
        return ApplicationFactory(form=VifFactory(applicant=person), status=Status.RECEIVED)

    return make


# --- recorded with the VIF ----------------------------------------------------------------


def test_intake_records_the_language_with_the_vif_and_the_audit_log_has_it(intake, ref):  # noqa: F811
    response = _create(_logged_in(intake), ref, {"applicant-preferred_language": "fr"})

    assert response.status_code == 302
    person = Application.objects.get().applicant
    assert person.preferred_language == Language.FRENCH
    created = AuditEntry.objects.get(
        action=AuditAction.CREATE, object_type="people.person", object_id=str(person.pk)
    )
    assert created.changes["preferred_language"] == {"old": None, "new": "fr"}


def test_a_vif_sent_without_a_language_is_in_khmer(intake, ref):  # noqa: F811
    assert _create(_logged_in(intake), ref).status_code == 302
    assert Application.objects.get().applicant.preferred_language == Language.KHMER


def test_the_vif_offers_the_three_languages_khmer_chosen(intake, ref):  # noqa: F811
    page = _logged_in(intake).get(reverse("applications:form_create")).text
    select = page.split('name="applicant-preferred_language"')[1].split("</select>")[0]
    assert '<option value="km" selected>' in select
    assert '<option value="en">' in select and '<option value="fr">' in select


def test_an_unknown_language_is_refused_with_a_message_and_nothing_saved(intake, ref):  # noqa: F811
    before = _counts()
    response = _create(_logged_in(intake), ref, {"applicant-preferred_language": "de"})

    assert response.status_code == 400
    assert _counts() == before
    assert response.context["bundle"].person.errors["preferred_language"]


def test_correcting_the_vif_changes_the_language_with_old_and_new_in_the_audit_log(
    intake,
    entered,  # noqa: F811
    ref,  # noqa: F811
):
    edit = reverse("applications:form_edit", args=[entered.form_id])
    page = _logged_in(intake).get(edit).text
    assert '<option value="km" selected>' in page.split('name="applicant-preferred_language"')[1]

    response = _logged_in(intake).post(
        edit,
        _edit_data(ref, {"applicant-preferred_language": "en"}, form_id=entered.form_id),
    )

    assert response.status_code == 302
    person = Person.objects.get(pk=entered.applicant_id)
    assert person.preferred_language == Language.ENGLISH
    update = AuditEntry.objects.get(
        action=AuditAction.UPDATE, object_type="people.person", object_id=str(person.pk)
    )
    assert update.changes["preferred_language"] == {"old": "km", "new": "en"}
    # A correction that does not send the field keeps it.
    data = _edit_data(ref, form_id=entered.form_id)
    data.pop("applicant-preferred_language", None)
    assert _logged_in(intake).post(edit, data).status_code == 302
    person.refresh_from_db()
    assert person.preferred_language == Language.ENGLISH


def test_the_persons_page_and_the_application_page_name_the_language(client, received):
    application = received("fr")
    client.force_login(persona(Role.CHIEF))
    for url in (
        reverse("people:detail", args=[application.applicant_id]),
        reverse("applications:detail", args=[application.pk]),
    ):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="km").content.decode()
        assert _in("km", "Preferred language") in page
        assert _in("km", "French") in page


# --- the receipt --------------------------------------------------------------------------


@pytest.mark.parametrize("language", Language.values)
def test_the_receipt_is_in_the_applicants_language(client, received, language):
    application = received(language)
    client.force_login(persona(Role.INTAKE))

    response = _receipt(client, application)

    assert response.status_code == 200
    assert f"receipt-{language}.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert application.vss_number in text
    assert _is_in(language, text)
    for other in set(Language.values) - {language}:
        assert not _is_in(other, text), other
    download = AuditEntry.objects.get(action=AuditAction.DOWNLOAD)
    assert download.object_label.endswith(f"acknowledgement of receipt ({language})")


@pytest.mark.parametrize(("applicants", "chosen"), [("fr", "km"), ("km", "en"), ("en", "fr")])
def test_staff_may_still_choose_another_language(client, received, applicants, chosen):
    application = received(applicants)
    client.force_login(persona(Role.INTAKE))

    text = pdf_text(_receipt(client, application, chosen).content)

    assert _is_in(chosen, text)
    assert not _is_in(applicants, text)


def test_a_language_the_receipt_is_not_made_in_gives_the_applicants(client, received):
    application = received("fr")
    client.force_login(persona(Role.INTAKE))
    response = _receipt(client, application, "de")
    assert response.status_code == 200
    assert _is_in("fr", pdf_text(response.content))


def test_the_page_offers_the_applicants_language_first_and_says_so(client, received):
    application = received("en")
    client.force_login(persona(Role.INTAKE))
    page = client.get(
        reverse("applications:detail", args=[application.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    receipt = reverse("applications:receipt_pdf", args=[application.pk])

    offered = [page.index(f"{receipt}?language={code}") for code in ("en", "km", "fr")]
    assert offered == sorted(offered)
    after_english = page[offered[0] : offered[1]]
    assert _in("fr", "the applicant's language") in after_english.replace("&#x27;", "'")


def test_the_receipt_gives_the_sections_contact_details(client, received, settings):
    settings.VSS_SECTION_ADDRESS = "National Road 4, Chaom Chau, Phnom Penh"
    settings.VSS_SECTION_PHONE = "+855 23 219 814"
    settings.VSS_SECTION_EMAIL = "vss@example.org"
    client.force_login(persona(Role.INTAKE))

    for language in Language.values:
        text = pdf_text(_receipt(client, received(language)).content)
        assert reads_back(_in(language, "The Victims Support Section"), text)
        for detail in ("National Road 4, Chaom Chau, Phnom Penh", "+855 23 219 814"):
            assert detail in text
        assert "vss@example.org" in text

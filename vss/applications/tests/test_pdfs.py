"""The VIF as entered and the acknowledgement of receipt, drawn as PDF files: read back
as text (Khmer, shaped in the project's font, copied out as it was typed) and as a picture, masked for a protected
applicant, audited as downloads, and drawn whatever odd text the record holds."""

import pytest
from django.urls import reverse
from django.utils import translation

from vss.accounts.models import Role
from vss.applications.models import Channel, Status
from vss.audit.models import AuditAction, AuditEntry
from vss.testing.factories import (
    ApplicationFactory,
    LawyerFactory,
    OrganisationFactory,
    PersonFactory,
    RepresentationFactory,
    VifFactory,
)
from vss.testing.pdf import first_page_image, inked_share, pdf_text, reads_back
from vss.testing.personas import persona

pytestmark = pytest.mark.django_db

ACCOUNT = "ពួកខ្មែរក្រហមបានជម្លៀសគ្រួសារខ្ញុំពីភ្នំពេញ"


@pytest.fixture
def application():
    person = PersonFactory(
        family_name_km="ពេជ្រ",
        given_name_km="ធារ៉ា",
        family_name_latin="PECH",
        given_name_latin="Theara",
    )
    form = VifFactory(applicant=person, account=ACCOUNT)
    return ApplicationFactory(form=form, status=Status.RECEIVED)


def _in_khmer(text: str) -> str:
    with translation.override("km"):
        return str(translation.gettext(text))


def _get(client, user, url: str, language: str = "km"):
    client.force_login(user)
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language)


def test_the_vif_reads_back_in_khmer(client, application):
    response = _get(
        client, persona(Role.CHIEF), reverse("applications:vif_pdf", args=[application.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    text = pdf_text(response.content)
    assert application.vss_number in text
    assert "PECH Theara" in text
    for khmer in (
        "ពេជ្រ ធារ៉ា",
        ACCOUNT,
        _in_khmer("Victim Information Form"),
        _in_khmer("Crimes suffered"),
    ):
        assert reads_back(khmer, text), khmer
    assert 0.01 < inked_share(first_page_image(response.content)) < 0.5


def test_a_protected_applicants_vif_shows_the_pseudonym_to_whoever_may_not_see_the_name(
    client, application
):
    person = application.applicant
    person.is_protected, person.pseudonym = True, "CP-0042"
    person.save(update_fields=["is_protected", "pseudonym"])

    response = _get(
        client, persona(Role.INTAKE), reverse("applications:vif_pdf", args=[application.pk])
    )

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "CP-0042" in text
    for withheld in ("PECH", "Theara", "ពេជ្រ", "ធារ៉ា", ACCOUNT[:12]):
        assert withheld not in text
    assert not reads_back(ACCOUNT, text)


def test_each_pdf_is_audited_as_a_download(client, application):
    chief = persona(Role.CHIEF)
    for name in ("applications:vif_pdf", "applications:receipt_pdf"):
        assert _get(client, chief, reverse(name, args=[application.pk])).status_code == 200

    downloads = AuditEntry.objects.filter(
        action=AuditAction.DOWNLOAD,
        object_type="applications.application",
        object_id=str(application.pk),
    )
    assert downloads.count() == 2


def test_the_receipt_is_in_khmer_unless_another_language_is_asked(client, application):
    lawyer = LawyerFactory(
        family_name="CHET", given_name="Sokha", name_km="ជេត សុខា", phone="012 345 678"
    )
    RepresentationFactory(application=application, lawyer=lawyer)
    chief = persona(Role.CHIEF)
    url = reverse("applications:receipt_pdf", args=[application.pk])

    khmer = pdf_text(_get(client, chief, url, language="en").content)
    english = pdf_text(_get(client, chief, url + "?language=en").content)

    assert application.vss_number in khmer
    for phrase in (
        _in_khmer("Acknowledgement of receipt"),
        _in_khmer("What happens next"),
        "ជេត សុខា",
    ):
        assert reads_back(phrase, khmer), phrase
    assert "012 345 678" in khmer
    assert "What happens next" in english
    assert "CHET Sokha" in english
    assert "Whom to contact" in english


def test_the_receipt_names_the_intermediary_and_the_sections_contact(client, application, settings):
    settings.VSS_SECTION_PHONE = "+855 23 219 814"
    organisation = OrganisationFactory(name="ADHOC", acronym="ADHOC")
    form = application.form
    form.channel, form.intermediary = Channel.INTERMEDIARY, organisation
    form.save(update_fields=["channel", "intermediary"])

    text = pdf_text(
        _get(
            client,
            persona(Role.CHIEF),
            reverse("applications:receipt_pdf", args=[application.pk]) + "?language=fr",
        ).content
    )

    assert "+855 23 219 814" in text
    assert "ADHOC" in text


def test_a_draft_has_no_receipt(client):
    draft = ApplicationFactory(status=Status.DRAFT)
    response = _get(
        client, persona(Role.CHIEF), reverse("applications:receipt_pdf", args=[draft.pk])
    )
    assert response.status_code == 404


ODD_TEXT = [
    "x" * 3000,
    "\u200b\u200c\u200d" * 50 + "ស្រ្តី" + "\u17d2" * 20,
    "🙂 مرحبا שלום <b>&amp;</b> %s {{ x }} \\ \t",
    "\n".join(["ជួរ"] * 400),
]


@pytest.mark.parametrize("odd", ODD_TEXT)
def test_odd_text_is_drawn_not_refused(client, odd):
    person = PersonFactory(given_name_km=odd[:100], given_name_latin=odd[:100])
    application = ApplicationFactory(
        form=VifFactory(applicant=person, account=odd, reparation_wishes=odd),
        status=Status.RECEIVED,
    )
    chief = persona(Role.CHIEF)
    for name in ("applications:vif_pdf", "applications:receipt_pdf"):
        response = _get(client, chief, reverse(name, args=[application.pk]))
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF")


def test_the_page_offers_the_pdfs_to_whoever_may_take_them(client, application):
    vif = reverse("applications:vif_pdf", args=[application.pk])
    receipt = reverse("applications:receipt_pdf", args=[application.pk])

    offered = _get(
        client, persona(Role.INTAKE), reverse("applications:detail", args=[application.pk])
    )
    refused = _get(
        client, persona(Role.REPARATIONS), reverse("applications:detail", args=[application.pk])
    )

    assert vif in offered.content.decode() and receipt in offered.content.decode()
    assert vif not in refused.content.decode() and receipt not in refused.content.decode()

"""Printed post: the letters in each language and the address labels, read back out of
the PDF as a reader would copy them; printing them marks the letters printed and is
audited as a download."""

import pytest
from django.urls import reverse

from vss.audit.models import AuditAction, AuditEntry
from vss.outreach.models import Message, MessageChannel, MessageStatus
from vss.outreach.services import newsletters as services
from vss.testing.clients import signed_in
from vss.testing.factories import ContactPreferenceFactory, NewsletterFactory
from vss.testing.pdf import pdf_text, reads_back

from .newsletter_world import civil_party, newsletter_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(outreach):
    world = newsletter_world()
    khmer = ContactPreferenceFactory.create(
        channel=MessageChannel.POST,
        postal_address="ភូមិ ១ ខេត្តកំពង់ស្ពឺ",
        person__family_name_km="ចាន់",
        person__given_name_km="សុភា",
    ).person
    civil_party(khmer, world.case)
    newsletter = NewsletterFactory.create(case=world.case)
    services.newsletter_send(user=outreach, newsletter=newsletter, version=0)
    return {"newsletter": newsletter, "khmer": khmer, "protected": world.people["post_en"]}


def test_the_khmer_letters_read_back_exactly_and_are_marked_printed(request, sent):
    newsletter = sent["newsletter"]
    response = signed_in(request, "outreach").post(
        reverse("outreach:newsletter_print_letters", args=[newsletter.pk]), {"language": "km"}
    )
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert reads_back("សេចក្តីប្រកាសអំពីសាលក្រម", text)
    assert reads_back("ព្រឹត្តិបត្រព័ត៌មាន", text)
    assert reads_back(f"/stop/{sent['khmer'].contact_preference.stop_token}/", text)
    assert "The judgment" not in text  # the English reader's letter is printed in English
    letter = Message.objects.get(newsletter=newsletter, person=sent["khmer"])
    assert letter.status == MessageStatus.PRINTED
    english = Message.objects.get(newsletter=newsletter, person=sent["protected"])
    assert english.status == MessageStatus.QUEUED
    entry = AuditEntry.objects.get(action=AuditAction.DOWNLOAD, object_id=str(newsletter.pk))
    assert entry.changes["language"] == {"old": None, "new": "km"}


def test_labels_name_a_protected_person_by_pseudonym_to_those_without_the_right(request, sent):
    newsletter = sent["newsletter"]
    url = reverse("outreach:newsletter_print_labels", args=[newsletter.pk])
    text = pdf_text(signed_in(request, "outreach").post(url).content)
    assert reads_back("ចាន់ សុភា", text)
    assert reads_back("ភូមិ ១ ខេត្តកំពង់ស្ពឺ", text)
    assert "CP-0042" in text and "HIDDENNAME" not in text
    assert reads_back("Battambang", text)
    chief_text = pdf_text(signed_in(request, "chief").post(url).content)
    assert "HIDDENNAME" in chief_text
    assert set(
        Message.objects.filter(newsletter=newsletter, channel=MessageChannel.POST).values_list(
            "status", flat=True
        )
    ) == {MessageStatus.PRINTED}

"""Printed post: the letters in each language and the address labels, read back out of
the PDF as a reader would copy them, a newsletter's and any send's (an event's
invitations); printing them marks the letters printed and is audited as a download."""

import pytest
from django.urls import reverse

from vss.audit.models import AuditAction, AuditEntry
from vss.outreach.models import Message, MessageChannel, MessageStatus
from vss.outreach.services import choosing
from vss.outreach.services import newsletters as services
from vss.testing.clients import signed_in
from vss.testing.draws import drawn
from vss.testing.factories import CaseFactory, ContactPreferenceFactory, NewsletterFactory
from vss.testing.pdf import pdf_text, reads_back

from .choosing_world import civil_party as civil_party_of_event
from .choosing_world import event_of
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


def test_an_event_s_invitations_by_post_print_from_their_send_s_page(request, outreach):
    # Invitations go by each person's channel: those by post wait on the send's page to
    # be printed, as a newsletter's do, and the invitation list leads there.
    case = CaseFactory.create()
    by_post = civil_party_of_event(case, family_name_km="ចាន់", given_name_km="សុភា")
    ContactPreferenceFactory.create(
        person=by_post.applicant,
        channel=MessageChannel.POST,
        postal_address="ភូមិ ១ ខេត្តកំពង់ស្ពឺ",
    )
    by_sms = civil_party_of_event(case, phone="012 345 678")
    event = event_of(case)
    drawn(user=outreach, event=event, size=2, seed=1)
    job = choosing.invitations_send(user=outreach, event=event)
    client = signed_in(request, "outreach")
    listing = client.get(reverse("outreach:invitation_list", args=[event.pk])).text
    send_page = reverse("outreach:send_detail", args=[job.pk])
    assert f'<a href="{send_page}">By post, to print</a>' in listing
    page = client.get(send_page).text
    assert "Print the letters (PDF)" in page and "KM: 1" in page

    response = client.post(
        reverse("outreach:send_print_letters", args=[job.pk]), {"language": "km"}
    )
    assert response["Content-Type"] == "application/pdf"
    assert reads_back(event.title_km, pdf_text(response.content))
    labels = client.post(reverse("outreach:send_print_labels", args=[job.pk]))
    labels_text = pdf_text(labels.content)
    assert reads_back("ចាន់ សុភា", labels_text)
    assert reads_back("ភូមិ ១ ខេត្តកំពង់ស្ពឺ", labels_text)
    letter = Message.objects.get(job=job, person=by_post.applicant)
    assert letter.status == MessageStatus.PRINTED
    assert Message.objects.get(job=job, person=by_sms.applicant).channel == MessageChannel.SMS
    printed = AuditEntry.objects.filter(
        action=AuditAction.DOWNLOAD, object_type="outreach.sendjob", object_id=str(job.pk)
    )
    assert sorted(e.changes["printed"]["new"] for e in printed) == ["labels", "letters"]
    refused = client.post(reverse("outreach:send_print_letters", args=[job.pk]), {})
    assert refused.status_code == 400
    assert "Choose the language of the letters." in refused.text

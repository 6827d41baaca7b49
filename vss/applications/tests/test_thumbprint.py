"""A thumbprint, the signature of an applicant who cannot write, is kept as a document of
its own: intake attaches a photo or a scan of it (checked and re-drawn as every upload
is), the application's page shows it beside the signature, and the VIF's PDF carries it;
of a protected applicant, only those who may open her files see it."""

import io
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageDraw

from vss.accounts.models import Role
from vss.applications.models import DocumentKind, SignatureKind, Status, SupportingDocument
from vss.audit.models import AuditAction, AuditEntry
from vss.testing.factories import ApplicationFactory, VifFactory
from vss.testing.personas import persona

pytestmark = pytest.mark.django_db


def _photo_of_a_print() -> bytes:
    """A grey oval on white, as a phone photographs a thumbprint, with the camera's
    comment that the upload must not keep."""
    picture = Image.new("RGB", (120, 160), "white")
    ImageDraw.Draw(picture).ellipse((20, 20, 100, 140), fill=(90, 90, 110))
    out = io.BytesIO()
    picture.save(out, format="JPEG", comment=b"taken in Kampong Chhnang")
    return out.getvalue()


@pytest.fixture
def application():
    form = VifFactory(signature=SignatureKind.THUMBPRINT)
    return ApplicationFactory(form=form, status=Status.RECEIVED)


def _attach(client, application, content: bytes, name: str = "print.jpg"):
    return client.post(
        reverse("applications:document_upload", args=[application.form_id]),
        {
            "document-kind": DocumentKind.THUMBPRINT,
            "document-file": SimpleUploadedFile(name, content, "image/jpeg"),
        },
    )


def _protect(application) -> None:
    person = application.applicant
    person.is_protected, person.pseudonym = True, "CP-0007"
    person.save(update_fields=["is_protected", "pseudonym"])


def _images_in(pdf: bytes) -> int:
    """How many pictures the PDF draws (poppler's pdfimages lists one a line after two
    lines of heading)."""
    listing = subprocess.run(
        [shutil.which("pdfimages") or "pdfimages", "-list", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    return len(listing.stdout.decode().splitlines()) - 2


def test_intake_attaches_the_thumbprint_and_it_is_redrawn(client, application):
    client.force_login(persona(Role.INTAKE))

    response = _attach(client, application, _photo_of_a_print())

    assert response.status_code == 302
    document = SupportingDocument.objects.get(form=application.form)
    assert document.kind == DocumentKind.THUMBPRINT
    assert document.content_type == "image/jpeg"
    stored = document.file.read()
    assert b"Kampong Chhnang" not in stored
    assert Image.open(io.BytesIO(stored)).size == (120, 160)


def test_a_file_that_is_not_a_picture_or_a_pdf_is_refused(client, application):
    client.force_login(persona(Role.INTAKE))

    response = _attach(client, application, b"MZ\x90\x00 not a picture", name="print.jpg")

    assert response.status_code == 302
    assert not SupportingDocument.objects.filter(form=application.form).exists()


def test_the_page_shows_the_thumbprint_beside_the_signature(client, application):
    client.force_login(persona(Role.INTAKE))
    _attach(client, application, _photo_of_a_print())
    document = SupportingDocument.objects.get(form=application.form)
    download = reverse("applications:document_download", args=[document.pk])

    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    picture = client.get(download)

    assert f'<img src="{download}"' in page
    assert picture.status_code == 200
    assert picture["Content-Type"] == "image/jpeg"
    assert AuditEntry.objects.filter(
        action=AuditAction.DOWNLOAD, object_id=str(document.pk)
    ).exists()


def test_the_vif_pdf_carries_the_thumbprint(client, application):
    client.force_login(persona(Role.INTAKE))
    _attach(client, application, _photo_of_a_print())

    pdf = client.get(reverse("applications:vif_pdf", args=[application.pk])).content

    assert _images_in(pdf) == 1


def test_a_protected_applicants_thumbprint_is_shown_only_to_who_may_open_her_files(
    client, application
):
    client.force_login(persona(Role.CHIEF))
    _attach(client, application, _photo_of_a_print())
    document = SupportingDocument.objects.get(form=application.form)
    download = reverse("applications:document_download", args=[document.pk])
    _protect(application)

    chief_pdf = client.get(reverse("applications:vif_pdf", args=[application.pk])).content
    client.force_login(persona(Role.INTAKE))
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    intake_pdf = client.get(reverse("applications:vif_pdf", args=[application.pk])).content

    assert _images_in(chief_pdf) == 1
    assert download not in page
    assert client.get(download).status_code == 403
    assert _images_in(intake_pdf) == 0


def test_a_damaged_stored_thumbprint_leaves_the_pdf_without_it(client, application):
    client.force_login(persona(Role.INTAKE))
    _attach(client, application, _photo_of_a_print())
    document = SupportingDocument.objects.get(form=application.form)
    with open(document.file.path, "wb") as damaged:
        damaged.write(b"\xff\xd8\xff broken")

    response = client.get(reverse("applications:vif_pdf", args=[application.pk]))

    assert response.status_code == 200
    assert _images_in(response.content) == 0

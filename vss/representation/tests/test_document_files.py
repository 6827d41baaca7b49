"""A lawyer's documents: a PDF that could act when opened is refused and nothing is
saved; a downloaded file is offered under the extension its content proves, never the
one of the name it was uploaded under: a PDF uploaded as `scan.exe` comes back as
`scan.pdf`, so the user's computer opens it as a PDF and runs nothing."""

import io

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vss.representation.models import LawyerDocument
from vss.testing.constants import PDF, PNG
from vss.testing.factories import LawyerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lawyer_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return LawyerFactory.create()


def _upload_and_download(client, lawyer, name: str, content: bytes):
    upload_url = reverse("representation:lawyer_document_upload", args=[lawyer.pk])
    response = client.post(upload_url, {"kind": "cv", "file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302
    document = LawyerDocument.objects.get(lawyer=lawyer)
    return client.get(reverse("representation:lawyer_document_download", args=[document.pk]))


def test_a_pdf_uploaded_as_an_exe_is_offered_as_a_pdf(client, legal, lawyer_file):
    client.force_login(legal)
    download = _upload_and_download(client, lawyer_file, "scan.exe", PDF)
    assert download["Content-Disposition"] == 'attachment; filename="scan.pdf"'
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF


def test_a_png_uploaded_without_an_extension_is_offered_as_a_png(client, legal, lawyer_file):
    client.force_login(legal)
    download = _upload_and_download(client, lawyer_file, "bar card", PNG)
    assert download["Content-Disposition"] == 'attachment; filename="bar card.png"'
    assert download["Content-Type"] == "image/png"


def test_a_stored_file_whose_name_lies_is_offered_under_its_content(client, legal, lawyer_file):
    # Stored before the upload checks named files after their content.
    document = LawyerDocument.objects.create(
        lawyer=lawyer_file,
        kind="cv",
        file=SimpleUploadedFile("old.exe", PDF),
        original_name="cv.exe",
        content_type="application/x-msdownload",
        size=len(PDF),
        sha256="0" * 64,
        uploaded_by=legal,
    )
    client.force_login(legal)
    download = client.get(reverse("representation:lawyer_document_download", args=[document.pk]))
    assert download["Content-Disposition"] == 'attachment; filename="cv.pdf"'
    assert download["Content-Type"] == "application/pdf"


def test_a_pdf_with_javascript_is_refused_and_nothing_saved(client, legal, lawyer_file):
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.Root.OpenAction = pikepdf.Dictionary(
        S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")
    )
    content = io.BytesIO()
    pdf.save(content)
    client.force_login(legal)
    response = client.post(
        reverse("representation:lawyer_document_upload", args=[lawyer_file.pk]),
        {"kind": "cv", "file": SimpleUploadedFile("cv.pdf", content.getvalue())},
    )
    assert response.status_code == 400
    assert "“cv.pdf” contains JavaScript" in response.content.decode()
    assert not LawyerDocument.objects.exists()

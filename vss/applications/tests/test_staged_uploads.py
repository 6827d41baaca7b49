"""A VIF sent back for a mistake keeps the documents already chosen."""

import datetime
import os
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from vss.applications.bundle import VifBundle
from vss.applications.models import SupportingDocument, VictimInformationForm
from vss.applications.services import CaseRequest, form_create
from vss.applications.uploads import STAGING_MAX_AGE, STAGING_SALT, staged_uploads_expire
from vss.testing.constants import PNG
from vss.testing.factories import CaseFactory, VillageFactory
from vss.testing.posts import vif_post

pytestmark = pytest.mark.django_db


def _staged_token(html: str) -> str:
    match = re.search(r'name="documents-0-staged" value="([^"]+)"', html)
    assert match, "the kept file's token is missing from the re-displayed form"
    return match.group(1)


def test_a_document_is_kept_when_the_form_comes_back_for_a_mistake(
    client, intake, django_capture_on_commit_callbacks
):
    VillageFactory.create()
    case = CaseFactory.create(investigation_closed_on=None)
    client.force_login(intake)
    first = client.post(
        "/applications/new/",
        {
            **vif_post(case, **{"applicant-village": "99999999"}),
            "documents-0-file": SimpleUploadedFile("book.png", PNG),
        },
    )
    assert first.status_code == 400
    html = first.content.decode()
    assert "Kept from your last attempt: book.png" in html
    assert not VictimInformationForm.objects.exists()

    token = _staged_token(html)
    # Other tests in the run keep files aside too: this one's is named by its token.
    kept_path = signing.loads(token, salt=STAGING_SALT)["path"]
    assert default_storage.exists(kept_path)
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post("/applications/new/", {**vif_post(case), "documents-0-staged": token})
    assert second.status_code == 302
    document = SupportingDocument.objects.get()
    assert document.original_name == "book.png" and document.content_type == "image/png"
    assert document.file.read() == PNG
    assert not default_storage.exists(kept_path)


def test_another_users_kept_file_cannot_be_claimed(client, intake, legal, chief):
    VillageFactory.create()
    case = CaseFactory.create(investigation_closed_on=None)
    client.force_login(intake)
    first = client.post(
        "/applications/new/",
        {
            **vif_post(
                case,
                **{
                    "applicant-family_name_km": "",
                    "applicant-given_name_km": "",
                    "applicant-family_name_latin": "",
                    "applicant-given_name_latin": "",
                },
            ),
            "documents-0-file": SimpleUploadedFile("book.png", PNG),
        },
    )
    token = _staged_token(first.content.decode())
    client.force_login(chief)
    response = client.post("/applications/new/", {**vif_post(case), "documents-0-staged": token})
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert not SupportingDocument.objects.exists()


def test_a_tampered_token_is_refused(client, intake):
    VillageFactory.create()
    case = CaseFactory.create(investigation_closed_on=None)
    client.force_login(intake)
    response = client.post(
        "/applications/new/", {**vif_post(case), "documents-0-staged": "forged:token"}
    )
    assert response.status_code == 400
    assert not VictimInformationForm.objects.exists()


def test_a_form_refused_after_its_documents_were_written_leaves_none_of_their_files(intake):
    """The service writes a form's files before it opens its applications; a refusal
    then rolls the rows back and takes the files with them."""
    VillageFactory.create()
    case = CaseFactory.create(investigation_closed_on=None)
    closed = CaseFactory.create(number="001", title="Case 001", is_terminated=True)
    bundle = VifBundle.build(
        data=vif_post(case),
        files={"documents-0-file": SimpleUploadedFile("book.png", PNG)},
        user_id=intake.pk,
    )
    assert bundle.is_valid()
    content = bundle.content()
    content.requests = [CaseRequest(case_id=closed.pk)]
    written = _document_files()
    with pytest.raises(ValidationError):
        form_create(actor=intake, applicant=bundle.applicant(), content=content)
    assert not SupportingDocument.objects.exists()
    assert _document_files() == written


def _document_files() -> set[Path]:
    root = Path(default_storage.path("documents"))
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


def test_files_kept_past_their_day_are_deleted_and_newer_ones_kept(intake):
    old = default_storage.save("staging/old-scan.png", SimpleUploadedFile("a.png", PNG))
    new = default_storage.save("staging/new-scan.png", SimpleUploadedFile("b.png", PNG))
    day_after = timezone.now() + datetime.timedelta(seconds=STAGING_MAX_AGE + 60)
    Path(default_storage.path(new)).touch()
    os.utime(default_storage.path(new), (day_after.timestamp(), day_after.timestamp()))

    assert staged_uploads_expire(now=day_after) >= 1
    assert not default_storage.exists(old)
    assert default_storage.exists(new)
    out = StringIO()
    call_command("expire_kept_uploads", stdout=out)
    assert out.getvalue().endswith("kept files deleted\n")

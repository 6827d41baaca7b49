"""Who may import legacy spreadsheets (the Chief and intake, vss.policy), and whose
imports they find: each import is its uploader's alone (404 to anyone else, the Chief
included); the forms are posted (405 to a GET, 403 without the CSRF token)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vss.imports.models import BatchStatus, FileFormat, ImportBatch
from vss.imports.storage import store
from vss.testing.access import AccessMatrix, answers
from vss.testing.clients import signed_in
from vss.testing.personas import PERSONAS

from .kit import csv_bytes, registry, row

pytestmark = pytest.mark.django_db


def _expect(default: int = 403, **by_persona: int) -> dict[str, int]:
    return {persona: by_persona.get(persona, default) for persona in PERSONAS}


PAGES = AccessMatrix(
    {
        "imports:home": _expect(chief=200, intake=200),
        "imports:template": _expect(chief=200, intake=200),
    }
)
# Asked of an import of the persona's own (those who may not import cannot have one:
# one is made for them all the same, as if their role had changed since).
OWN_IMPORT = AccessMatrix(
    {
        "imports:detail": _expect(chief=200, intake=200),
        "imports:report": _expect(chief=200, intake=200),
    }
)
POSTS = AccessMatrix(
    {
        "imports:upload": _expect(chief=302, intake=302),
        "imports:confirm": _expect(chief=302, intake=302),
    }
)


def _batch(user, status: str = BatchStatus.CHECKED) -> ImportBatch:
    content = csv_bytes([row()])
    file_name, size, sha256 = store([content], "csv")
    return ImportBatch.objects.create(
        uploaded_by=user,
        role=user.role,
        language="en",
        original_name="legacy.csv",
        file_format=FileFormat.CSV,
        file_name=file_name,
        size=size,
        sha256=sha256,
        checked_sha256=sha256,
        status=status,
        rows_total=1,
        rows_done=1,
    )


def test_the_pages_answer_as_the_policy_says(request):
    met = answers(request, PAGES, lambda row_name: reverse(row_name) + "?format=csv")
    assert met == PAGES


def test_an_import_of_ones_own_answers_as_the_policy_says(request):
    met: dict[str, dict[str, int]] = {}
    for row_name, expected in OWN_IMPORT.items():
        met[row_name] = {}
        for persona in expected:
            batch = _batch(request.getfixturevalue(persona))
            response = signed_in(request, persona).get(reverse(row_name, args=[batch.pk]))
            met[row_name][persona] = response.status_code
    assert met == OWN_IMPORT


def test_the_posts_answer_as_the_policy_says(request):
    registry()

    met: dict[str, dict[str, int]] = {"imports:upload": {}, "imports:confirm": {}}
    for persona in PERSONAS:
        client = signed_in(request, persona)
        upload = client.post(
            reverse("imports:upload"),
            {"file": SimpleUploadedFile("legacy.csv", csv_bytes([row()]))},
        )
        met["imports:upload"][persona] = upload.status_code
        batch = _batch(request.getfixturevalue(persona))
        confirm = client.post(
            reverse("imports:confirm", args=[batch.pk]), {"sha256": batch.checked_sha256}
        )
        met["imports:confirm"][persona] = confirm.status_code
    assert met == POSTS


@pytest.mark.parametrize("url_name", ["imports:detail", "imports:report", "imports:confirm"])
def test_anothers_import_is_not_found_even_by_the_chief(request, intake, url_name):
    batch = _batch(intake)
    client = signed_in(request, "chief")
    method = client.post if url_name == "imports:confirm" else client.get
    assert method(reverse(url_name, args=[batch.pk])).status_code == 404


@pytest.mark.parametrize("url_name", ["imports:upload", "imports:confirm"])
def test_the_posted_forms_take_no_get(request, intake, url_name):
    batch = _batch(intake)
    args = [batch.pk] if url_name == "imports:confirm" else []
    assert signed_in(request, "intake").get(reverse(url_name, args=args)).status_code == 405


@pytest.mark.parametrize("url_name", ["imports:upload", "imports:confirm"])
def test_the_posted_forms_are_refused_without_their_csrf_token(request, intake, url_name):
    batch = _batch(intake)
    args = [batch.pk] if url_name == "imports:confirm" else []
    client = signed_in(request, "intake", enforce_csrf_checks=True)
    response = client.post(reverse(url_name, args=args), {"sha256": batch.checked_sha256})
    assert response.status_code == 403
    assert b'data-refusal="csrf"' in response.content
    batch.refresh_from_db()
    assert batch.status == BatchStatus.CHECKED


@pytest.mark.parametrize("url_name", ["imports:detail", "imports:report"])
def test_the_pages_of_an_import_take_no_post(request, intake, url_name):
    batch = _batch(intake)
    response = signed_in(request, "intake").post(reverse(url_name, args=[batch.pk]))
    assert response.status_code == 405


def test_a_template_in_a_format_not_offered_is_not_found(request):
    response = signed_in(request, "intake").get(reverse("imports:template") + "?format=pdf")
    assert response.status_code == 404

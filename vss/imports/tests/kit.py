"""What the import tests share: a registry with a case, a village, a crime type and an
intermediary; spreadsheets written as CSV or XLSX; an upload run through its jobs."""

import csv
import io
from collections.abc import Sequence

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.urls import reverse
from openpyxl import Workbook

from vss.imports.models import ImportBatch
from vss.imports.rows import COLUMN_NAMES
from vss.testing.factories import (
    CaseFactory,
    CrimeTypeFactory,
    OrganisationFactory,
    VillageFactory,
)

CASE = "004/02"
VILLAGE = "12010101"
CRIME = "cah-murder"


def registry() -> None:
    CaseFactory.create(number=CASE, investigation_closed_on=None)
    VillageFactory.create(code=VILLAGE)
    CrimeTypeFactory.create(code=CRIME)
    OrganisationFactory.create(name="ADHOC", acronym="ADHOC")


def row(**values: str) -> dict[str, str]:
    """A good row; `values` change it."""
    good = {
        "family_name_km": "សុខ",
        "given_name_km": "ជា",
        "family_name_latin": "SOK",
        "given_name_latin": "Chea",
        "sex": "F",
        "birth_year": "1950",
        "village_code": VILLAGE,
        "case": CASE,
        "channel": "intermediary",
        "intermediary": "ADHOC",
        "received_on": "2010-05-01",
        "crimes": CRIME,
        "harms": "physical; psychological",
        "consent_contact": "yes",
    }
    return {**good, **values}


def csv_bytes(
    rows: Sequence[dict[str, str]], *, bom: bool = True, header: Sequence[str] = COLUMN_NAMES
) -> bytes:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(header), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + text.getvalue()).encode()


def xlsx_bytes(rows: Sequence[Sequence[object]], header: Sequence[str] = COLUMN_NAMES) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for values in rows:
        sheet.append(list(values))
    handle = io.BytesIO()
    workbook.save(handle)
    return handle.getvalue()


def upload(client: Client, content: bytes, name: str = "legacy.csv") -> ImportBatch:
    """Upload a file and run its dry run (the worker's job, at once)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("imports:upload"), {"file": SimpleUploadedFile(name, content)}
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportBatch.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def confirm(client: Client, batch: ImportBatch, sha256: str | None = None) -> ImportBatch:
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("imports:confirm", args=[batch.pk]),
            {"sha256": batch.checked_sha256 if sha256 is None else sha256},
        )
    assert response.status_code == 302
    batch.refresh_from_db()
    return batch

"""Taking a list's export as a user does, from the list's export form (vss.exports), and
reading the file back: a short CSV comes at once, anything else from the page of its
background job, whose task the test runs where the worker would (tests use the immediate
backend, which runs a task when the request's transaction commits)."""

import csv
import io
from typing import Any

from django.http.response import HttpResponseBase
from django.test import Client, TestCase
from django.urls import resolve, reverse
from openpyxl import load_workbook

from vss.core.exports import UTF8_BOM


def export_response(client: Client, list_name: str, export_format: str, query: str = "") -> Any:
    """The answer to the export form of `list_name` posted from its page filtered by
    `query`, the background job (if one was queued) written."""
    url = reverse("exports:start") + (f"?{query}" if query else "")
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, {"list": list_name, "format": export_format})


def job_id(response: HttpResponseBase) -> int:
    """The export job a response sent its user to."""
    assert response.status_code == 302, response.status_code
    match = resolve(response["Location"])
    assert match.url_name == "job_detail", response["Location"]
    return int(match.kwargs["pk"])


def file_rows(content: bytes, export_format: str) -> list[list[Any]]:
    """The rows of an exported file, header first; an XLSX's sheets one after the other,
    each header but the first left out."""
    if export_format == "csv":
        text = content.decode("utf-8")
        assert text.startswith(UTF8_BOM)
        return list(csv.reader(io.StringIO(text.removeprefix(UTF8_BOM))))
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    rows: list[list[Any]] = []
    for number, sheet in enumerate(workbook.worksheets):
        values = [list(row) for row in sheet.iter_rows(values_only=True)]
        rows += values if number == 0 else values[1:]
    return rows


def exported(client: Client, list_name: str, export_format: str = "csv", query: str = "") -> list:
    """The rows the user takes away: at once, or from their job's page once written."""
    response = export_response(client, list_name, export_format, query)
    if response.status_code == 302:
        download = client.get(reverse("exports:job_download", args=[job_id(response)]))
        assert download.status_code == 200, download.status_code
        response = download
    assert response.status_code == 200, response.status_code
    return file_rows(b"".join(response.streaming_content), export_format)

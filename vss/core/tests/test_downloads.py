"""The name and type a stored file is offered under come from its bytes."""

import pytest

from vss.core.downloads import offered_name, proved_type
from vss.testing.constants import PDF, PNG

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (PDF, ("application/pdf", "pdf")),
        (PNG, ("image/png", "png")),
        (JPEG, ("image/jpeg", "jpg")),
        (EXE, ("application/octet-stream", "bin")),
        (b"", ("application/octet-stream", "bin")),
    ],
)
def test_the_type_is_the_one_the_bytes_prove(head, expected):
    assert proved_type(head) == expected


@pytest.mark.parametrize(
    ("name", "offered"),
    [
        ("scan.exe", "scan.pdf"),
        ("scan.pdf.exe", "scan.pdf.pdf"),
        ("scan", "scan.pdf"),
        (".exe", ".exe.pdf"),
        ("", "document.pdf"),
        ("document-12", "document-12.pdf"),
    ],
)
def test_the_extension_is_replaced_by_the_proved_one(name, offered):
    assert offered_name(name, "pdf") == offered

"""Stored documents sent back to the browser. The name a file is offered under ends in
the extension of the type its bytes prove, whatever the uploaded name said: a PDF
uploaded as `scan.exe` is offered as `scan.pdf`, so the user's computer opens it as one."""

import filetype
from django.core.files import File
from django.db.models.fields.files import FieldFile
from django.http import FileResponse

# The types VSS stores (vss.applications.uploads accepts no others) and their extensions.
EXTENSIONS = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/tiff": "tif",
}
UNKNOWN = ("application/octet-stream", "bin")


def proved_type(head: bytes) -> tuple[str, str]:
    """The content type and extension that the first bytes of a file prove, or those of
    opaque bytes for anything else."""
    kind = filetype.guess(head)
    if kind is None or kind.mime not in EXTENSIONS:
        return UNKNOWN
    return kind.mime, EXTENSIONS[kind.mime]


def offered_name(name: str, extension: str) -> str:
    """`name` with its own extension, if any, replaced by `extension`."""
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    return f"{stem or 'document'}.{extension}"


def private_download(file: FieldFile | File, *, filename: str) -> FileResponse:
    """A stored document sent as an attachment that no browser or proxy keeps: these are
    scans of identity papers, forms and powers of attorney, read under the audit log.
    Its type and extension are those its content proves."""
    handle = file.open("rb")
    head = handle.read(8192)
    handle.seek(0)
    content_type, extension = proved_type(head)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=offered_name(filename, extension),
        content_type=content_type,
    )
    response["Cache-Control"] = "no-store"
    return response


def masked_filename(original: str, *, shown: bool, stand_in: str) -> str:
    """The name a download is offered under (before `private_download` gives it the
    extension of its content): the uploaded one where the user may see the person's
    identity (a scan's own name often carries it), else `stand_in`."""
    return original if shown else stand_in

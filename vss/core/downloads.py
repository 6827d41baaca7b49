from django.core.files import File
from django.db.models.fields.files import FieldFile
from django.http import FileResponse


def private_download(
    file: FieldFile | File,
    *,
    filename: str,
    content_type: str,
) -> FileResponse:
    """A stored document sent as an attachment that no browser or proxy keeps: these are
    scans of identity papers, forms and powers of attorney, read under the audit log."""
    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "no-store"
    return response


def masked_filename(original: str, stored: str, *, shown: bool, stand_in: str) -> str:
    """The name a download is offered under: the uploaded one where the user may see the
    person's identity (a scan's own name often carries it), else `stand_in` with the
    stored file's extension."""
    if shown:
        return original
    extension = stored[stored.rfind(".") :] if "." in stored else ""
    return f"{stand_in}{extension}"

"""Supporting documents are judged by their bytes: a renamed executable is refused
whatever its name says."""

import hashlib
import uuid
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ACCEPTED_TYPES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/tiff": "tif",
}


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    extension: str
    size: int
    sha256: str


def check_upload(upload: UploadedFile | File) -> CheckedUpload:
    size = upload.size or 0
    limit = settings.VSS_UPLOAD_MAX_BYTES
    if size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s; files may be at most %(limit)s.")
            % {"name": upload.name, "size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": upload.name}, code="empty")
    upload.seek(0)
    head = upload.read(8192)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ACCEPTED_TYPES:
        raise ValidationError(
            _(
                "“%(name)s” is not a PDF, JPEG, PNG or TIFF file (judged by its content, not its name)."
            )
            % {"name": upload.name},
            code="bad_type",
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(
        content_type=kind.mime,
        extension=ACCEPTED_TYPES[kind.mime],
        size=size,
        sha256=digest.hexdigest(),
    )


def name_for_storage(upload: UploadedFile | File, checked: CheckedUpload, *, default: str) -> str:
    """Renames the upload to be stored under its digest and returns the name it came with
    (`default` if none), for the download. The stored name carries no part of the
    uploaded one - names can hold a victim's - and its extension is the one the content
    proved."""
    original = (upload.name or default)[:200]
    upload.name = f"{checked.sha256[:16]}.{checked.extension}"
    return original


# --- files kept while a form is corrected ---------------------------------------------
# Browsers never re-fill a file input, so a VIF sent back for a mistake elsewhere would
# lose its scans. A checked file is kept aside under a signed token, valid for one day
# and for the same user only, and the corrected form sends the token instead of the file.

STAGING_DIR = "staging"
STAGING_SALT = "vss.applications.staged-upload"
STAGING_MAX_AGE = 24 * 60 * 60


def stage_upload(upload: UploadedFile, checked: CheckedUpload, *, user_id: int) -> str:
    path = default_storage.save(f"{STAGING_DIR}/{uuid.uuid4().hex}.{checked.extension}", upload)
    return signing.dumps(
        {"path": path, "name": upload.name, "user": user_id, "sha256": checked.sha256},
        salt=STAGING_SALT,
    )


@dataclass(frozen=True)
class StagedUpload:
    file: File
    checked: CheckedUpload
    original_name: str
    path: str


def staged_name(token: str, *, user_id: int) -> str | None:
    payload = _payload(token, user_id)
    return payload["name"] if payload else None


def _payload(token: str, user_id: int) -> dict | None:
    try:
        payload = signing.loads(token, salt=STAGING_SALT, max_age=STAGING_MAX_AGE)
    except signing.BadSignature:
        return None
    if payload.get("user") != user_id or not str(payload.get("path", "")).startswith(
        f"{STAGING_DIR}/"
    ):
        return None
    return payload


def load_staged(token: str, *, user_id: int) -> StagedUpload:
    payload = _payload(token, user_id)
    if payload is None or not default_storage.exists(payload["path"]):
        raise ValidationError(
            _("A file kept from an earlier attempt has expired; please choose it again."),
            code="expired",
        )
    file = File(default_storage.open(payload["path"], "rb"), name=payload["name"])
    file.size = default_storage.size(payload["path"])
    checked = check_upload(file)  # type: ignore[arg-type]
    if checked.sha256 != payload["sha256"]:
        raise ValidationError(_("A kept file has changed; please choose it again."), code="changed")
    return StagedUpload(
        file=file, checked=checked, original_name=payload["name"], path=payload["path"]
    )

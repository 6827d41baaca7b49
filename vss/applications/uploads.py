"""Supporting documents are judged by their bytes: a renamed executable is refused
whatever its name says. What is kept is what was judged: an image is drawn again from
its pixels, so no metadata (a phone's GPS position, the camera's owner) and nothing
hidden after the picture is stored; a PDF that could run something when opened is
refused, since it cannot be made harmless by copying it."""

import datetime
import hashlib
import io
import uuid
import warnings
from dataclasses import dataclass

import pikepdf
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from vss.core.downloads import EXTENSIONS as ACCEPTED_TYPES
from vss.core.downloads import proved_type

# What a re-drawn image may keep: none of it says who or where.
KEPT_IMAGE_INFO = ("icc_profile", "transparency", "dpi")
# A multi-page scan longer than this is not a supporting document but a way to exhaust memory.
MAX_IMAGE_FRAMES = 100


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    extension: str
    size: int
    sha256: str
    # The content to store: the re-drawn image, or the PDF as it came.
    file: File | None = None


def check_upload(upload: UploadedFile | File) -> CheckedUpload:
    """Judges an upload by its content and returns what to store (`file`, which is not
    the upload itself for an image), or refuses it with a message for the person."""
    _check_size(upload)
    content_type = _judged_type(upload)
    if content_type == "application/pdf":
        _refuse_active_pdf(upload)
        kept: File = upload
    else:
        kept = _redrawn_image(upload, content_type)
    return _described(kept, content_type)


def judge_kept_file(file: File) -> CheckedUpload:
    """A file VSS stored itself after `check_upload`: its type is judged again, but an
    image is not drawn a second time (a JPEG would lose quality at each pass)."""
    _check_size(file)
    return _described(file, _judged_type(file))


def _check_size(upload: UploadedFile | File) -> None:
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


def _judged_type(upload: UploadedFile | File) -> str:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    content_type, _extension = proved_type(head)
    if content_type not in ACCEPTED_TYPES:
        raise ValidationError(
            _(
                "“%(name)s” is not a PDF, JPEG, PNG or TIFF file (judged by its content, not its name)."
            )
            % {"name": upload.name},
            code="bad_type",
        )
    return content_type


def _described(file: File, content_type: str) -> CheckedUpload:
    digest = hashlib.sha256()
    size = 0
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
        size += len(chunk)
    file.seek(0)
    return CheckedUpload(
        content_type=content_type,
        extension=ACCEPTED_TYPES[content_type],
        size=size,
        sha256=digest.hexdigest(),
        file=file,
    )


def _read_all(upload: UploadedFile | File) -> bytes:
    upload.seek(0)
    data = b"".join(upload.chunks())
    upload.seek(0)
    return data


# --- images ------------------------------------------------------------------------------


def _redrawn_image(upload: UploadedFile | File, content_type: str) -> SimpleUploadedFile:
    name = upload.name or "image"
    unreadable = ValidationError(
        _("“%(name)s” could not be read as an image; it may be damaged.") % {"name": name},
        code="damaged_image",
    )
    limit = settings.VSS_UPLOAD_MAX_PIXELS
    out = io.BytesIO()
    try:
        # Pillow only warns at its own limit; ours is lower and always refuses.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(_read_all(upload))) as source:
                width, height = source.size
                if width * height > limit:
                    raise ValidationError(
                        _(
                            "“%(name)s” is an image of %(width)s by %(height)s pixels; images "
                            "may have at most %(limit)s million pixels. Scan it at a lower "
                            "resolution."
                        )
                        % {
                            "name": name,
                            "width": width,
                            "height": height,
                            "limit": f"{limit / 1_000_000:g}",
                        },
                        code="too_many_pixels",
                    )
                frames = [_redrawn_frame(frame) for frame in _frames(source, name)]
        _save_frames(frames, out, content_type)
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        ValueError,
        SyntaxError,  # how Pillow reports some malformed headers
    ) as error:
        raise unreadable from error
    return SimpleUploadedFile(name, out.getvalue(), content_type=content_type)


def _frames(source: Image.Image, name: str) -> list[Image.Image]:
    if getattr(source, "n_frames", 1) > MAX_IMAGE_FRAMES:
        raise ValidationError(
            _("“%(name)s” has more than %(limit)s pages; split it into several files.")
            % {"name": name, "limit": MAX_IMAGE_FRAMES},
            code="too_many_pages",
        )
    if source.format != "TIFF":
        # An animated PNG keeps its first picture only.
        return [source]
    return list(ImageSequence.Iterator(source))


def _redrawn_frame(frame: Image.Image) -> Image.Image:
    """The picture alone, turned the way the camera said it was held (its orientation is
    metadata too, and is dropped with the rest)."""
    turned = ImageOps.exif_transpose(frame)
    # A copy has the pixels and palette of the picture but not the file's EXIF block.
    clean = turned.copy()
    clean.info = {key: turned.info[key] for key in KEPT_IMAGE_INFO if key in turned.info}
    return clean


def _save_frames(frames: list[Image.Image], out: io.BytesIO, content_type: str) -> None:
    first, rest = frames[0], frames[1:]
    kept = {key: first.info[key] for key in KEPT_IMAGE_INFO if key in first.info}
    if content_type == "image/jpeg":
        if first.mode not in ("L", "RGB", "CMYK"):
            first = first.convert("RGB")
            kept.pop("transparency", None)
        first.save(out, format="JPEG", quality=90, **kept)
    elif content_type == "image/png":
        first.save(out, format="PNG", optimize=True, **kept)
    else:
        kept.pop("transparency", None)
        first.save(
            out,
            format="TIFF",
            save_all=bool(rest),
            append_images=rest,
            compression="tiff_adobe_deflate",
            **kept,
        )


# --- PDFs -------------------------------------------------------------------------------

# Names that make a PDF act when it is opened or clicked rather than be read.
_SCRIPT_KEYS = {"/JS", "/JavaScript"}
_EMBEDDED_KEYS = {"/EmbeddedFiles", "/EmbeddedFile", "/EF"}


def _refuse_active_pdf(upload: UploadedFile | File) -> None:
    name = upload.name or "document"
    try:
        with pikepdf.open(io.BytesIO(_read_all(upload))) as pdf:
            if pdf.is_encrypted:
                raise _encrypted(name)
            found = _active_content(pdf)
    except pikepdf.PasswordError as error:
        raise _encrypted(name) from error
    except pikepdf.PdfError as error:
        raise ValidationError(
            _("“%(name)s” could not be read as a PDF; it may be damaged.") % {"name": name},
            code="damaged_pdf",
        ) from error
    messages = {
        "script": _(
            "“%(name)s” contains JavaScript, which VSS does not accept in a PDF. Print it to "
            "a new PDF or scan the paper copy, and upload that."
        ),
        "launch": _(
            "“%(name)s” contains an action that starts another program, which VSS does not "
            "accept in a PDF. Print it to a new PDF or scan the paper copy, and upload that."
        ),
        "embedded": _(
            "“%(name)s” carries files attached inside it, which VSS does not accept in a "
            "PDF. Upload each document as a file of its own."
        ),
    }
    if found:
        raise ValidationError(messages[found] % {"name": name}, code=f"pdf_{found}")


def _encrypted(name: str) -> ValidationError:
    return ValidationError(
        _(
            "“%(name)s” is encrypted or protected by a password; VSS cannot check it. "
            "Upload a copy without protection."
        )
        % {"name": name},
        code="encrypted_pdf",
    )


def _direct(value: object) -> bool:
    # An indirect object is walked on its own, from pdf.objects; numbers and strings
    # come back as Python values and hold nothing.
    return isinstance(value, pikepdf.Object) and not value.is_indirect


def _active_content(pdf: pikepdf.Pdf) -> str | None:
    """What in the file could act ("script", "launch", "embedded"), looked for in every
    object, wherever it hangs: the document's names tree, its open action, a page's or
    an annotation's actions, a form field's."""
    pending: list[pikepdf.Object] = [pdf.trailer, *pdf.objects]
    while pending:
        obj = pending.pop()
        if isinstance(obj, pikepdf.Stream):
            obj = obj.stream_dict
        if isinstance(obj, pikepdf.Array):
            pending.extend(item for item in obj if _direct(item))
            continue
        if not isinstance(obj, pikepdf.Dictionary):
            continue
        keys = set(obj.keys())
        kind = obj.get("/S")
        subtype = obj.get("/Subtype")
        kind_name = str(kind) if isinstance(kind, pikepdf.Name) else ""
        subtype_name = str(subtype) if isinstance(subtype, pikepdf.Name) else ""
        if keys & _SCRIPT_KEYS or kind_name == "/JavaScript":
            return "script"
        if "/Launch" in keys or kind_name == "/Launch":
            return "launch"
        if keys & _EMBEDDED_KEYS or subtype_name == "/FileAttachment":
            return "embedded"
        if obj.get("/Type") == pikepdf.Name.EmbeddedFile:
            return "embedded"
        pending.extend(value for _, value in obj.items() if _direct(value))
    return None


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


def staged_uploads_expire(*, now: datetime.datetime | None = None) -> int:
    """Deletes the files kept aside longer than their token opens them: a form never
    corrected leaves its scans there, and they are someone's papers. Answers how many."""
    if not default_storage.exists(STAGING_DIR):
        return 0
    before = (now or timezone.now()) - datetime.timedelta(seconds=STAGING_MAX_AGE)
    deleted = 0
    for name in default_storage.listdir(STAGING_DIR)[1]:
        path = f"{STAGING_DIR}/{name}"
        if default_storage.get_modified_time(path) < before:
            default_storage.delete(path)
            deleted += 1
    return deleted


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
    checked = judge_kept_file(file)
    if checked.sha256 != payload["sha256"]:
        raise ValidationError(_("A kept file has changed; please choose it again."), code="changed")
    return StagedUpload(
        file=file, checked=checked, original_name=payload["name"], path=payload["path"]
    )

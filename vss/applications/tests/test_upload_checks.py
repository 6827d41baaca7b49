"""What an upload becomes before it is stored: an image drawn again without its metadata
(GPS position, camera owner, comments), turned the way it was taken; a PDF refused when
it could run something (JavaScript, a launch action) or carries files inside it, or when
it cannot be checked (encrypted, damaged). A refused file saves nothing."""

import io

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from pikepdf import Array, Dictionary, Name, String
from PIL import Image, PngImagePlugin

from vss.applications.models import SupportingDocument, VictimInformationForm
from vss.applications.uploads import check_upload
from vss.people.models import Person
from vss.testing.constants import PDF, PNG
from vss.testing.factories import CaseFactory, VillageFactory
from vss.testing.posts import vif_post

GPS_IFD = 0x8825
ORIENTATION = 0x0112
CAMERA_OWNER = 0xA430


def _jpeg_with_gps() -> bytes:
    """A 40x20 photo taken with the phone turned (EXIF orientation 6: shown 20x40),
    carrying where it was taken and whose camera it was."""
    picture = Image.new("RGB", (40, 20), "red")
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[CAMERA_OWNER] = "SOK Chea"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (11.0, 33.0, 25.0), 3: "E", 4: (104.0, 55.0, 0.0)})
    out = io.BytesIO()
    picture.save(out, format="JPEG", exif=exif, comment=b"Kampong Chhnang")
    return out.getvalue()


def _kept(data: bytes, name: str) -> bytes:
    checked = check_upload(SimpleUploadedFile(name, data))
    assert checked.file is not None
    return checked.file.read()


def test_a_photo_loses_its_gps_position_and_metadata_but_keeps_its_orientation():
    original = _jpeg_with_gps()
    assert b"SOK Chea" in original and b"Kampong Chhnang" in original
    kept = _kept(original, "photo.jpg")
    assert b"SOK Chea" not in kept and b"Kampong Chhnang" not in kept
    with Image.open(io.BytesIO(kept)) as image:
        assert image.format == "JPEG"
        assert not image.getexif().get_ifd(GPS_IFD)
        assert ORIENTATION not in image.getexif()
        # Turned as the camera was held, since the tag that said so is gone.
        assert image.size == (20, 40)


def test_a_png_loses_its_text_chunks_and_stays_a_png():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "SOK Chea")
    out = io.BytesIO()
    Image.new("RGB", (3, 3), "blue").save(out, format="PNG", pnginfo=info)
    checked = check_upload(SimpleUploadedFile("scan.png", out.getvalue()))
    assert checked.content_type == "image/png" and checked.extension == "png"
    assert checked.file is not None
    kept = checked.file.read()
    assert b"SOK Chea" not in kept
    # What is described is what is stored.
    assert checked.size == len(kept)
    with Image.open(io.BytesIO(kept)) as image:
        assert image.format == "PNG" and image.getpixel((1, 1)) == (0, 0, 255)


def test_every_page_of_a_scanned_tiff_is_kept():
    pages = [Image.new("L", (8, 8), shade) for shade in (0, 120, 240)]
    out = io.BytesIO()
    pages[0].save(out, format="TIFF", save_all=True, append_images=pages[1:])
    with Image.open(io.BytesIO(_kept(out.getvalue(), "book.tif"))) as image:
        assert image.format == "TIFF" and image.n_frames == 3


def test_an_image_with_too_many_pixels_is_refused_before_it_is_decoded(settings):
    settings.VSS_UPLOAD_MAX_PIXELS = 1_000_000
    out = io.BytesIO()
    Image.new("L", (2000, 1000)).save(out, format="PNG")
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("big.png", out.getvalue()))
    assert refused.value.code == "too_many_pixels"
    assert "2000 by 1000 pixels" in refused.value.messages[0]
    assert "at most 1 million pixels" in refused.value.messages[0]


def test_a_decompression_bomb_is_refused():
    # A header claiming 100,000 x 100,000 pixels: ten gigabytes once decoded.
    header = bytearray(PNG)
    header[16:24] = (100_000).to_bytes(4, "big") * 2
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("bomb.png", bytes(header)))
    assert refused.value.code in {"too_many_pixels", "damaged_image"}


def test_a_damaged_image_is_refused():
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("cut.png", PNG[:40]))
    assert refused.value.code == "damaged_image"
    assert "could not be read as an image" in refused.value.messages[0]


def _pdf(change) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    change(pdf)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _script(pdf: pikepdf.Pdf) -> Dictionary:
    return Dictionary(S=Name.JavaScript, JS=String("app.alert('x')"))


def _open_action(pdf):
    pdf.Root.OpenAction = _script(pdf)


def _names_tree(pdf):
    scripts = Dictionary(Names=Array([String("init"), pdf.make_indirect(_script(pdf))]))
    pdf.Root.Names = Dictionary(JavaScript=pdf.make_indirect(scripts))


def _page_action(pdf):
    pdf.pages[0].obj.AA = Dictionary(O=pdf.make_indirect(_script(pdf)))


def _link_action(pdf):
    link = Dictionary(
        Type=Name.Annot, Subtype=Name.Link, Rect=Array([0, 0, 10, 10]), A=_script(pdf)
    )
    pdf.pages[0].obj.Annots = Array([pdf.make_indirect(link)])


def _launch(pdf):
    pdf.Root.OpenAction = Dictionary(S=Name.Launch, F=String("cmd.exe"))


def _embedded_file(pdf):
    pdf.attachments["list.xlsx"] = pikepdf.AttachedFileSpec(pdf, b"names")


def _file_attachment_annotation(pdf):
    annotation = Dictionary(
        Type=Name.Annot,
        Subtype=Name.FileAttachment,
        Rect=Array([0, 0, 10, 10]),
        FS=String("list.xlsx"),
    )
    pdf.pages[0].obj.Annots = Array([pdf.make_indirect(annotation)])


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (_open_action, "pdf_script"),
        (_names_tree, "pdf_script"),
        (_page_action, "pdf_script"),
        (_link_action, "pdf_script"),
        (_launch, "pdf_launch"),
        (_embedded_file, "pdf_embedded"),
        (_file_attachment_annotation, "pdf_embedded"),
    ],
)
def test_a_pdf_that_could_act_when_opened_is_refused(change, code):
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("form.pdf", _pdf(change)))
    assert refused.value.code == code
    assert refused.value.messages[0].startswith("“form.pdf”")


@pytest.mark.parametrize("user_password", ["secret", ""])
def test_an_encrypted_pdf_is_refused(user_password):
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(owner="owner", user=user_password))
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("locked.pdf", out.getvalue()))
    assert refused.value.code == "encrypted_pdf"


def test_a_damaged_pdf_is_refused():
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("cut.pdf", b"%PDF-1.7\n" + b"\x00" * 200))
    assert refused.value.code == "damaged_pdf"


def test_a_plain_pdf_is_kept_as_it_came():
    plain = _pdf(lambda pdf: None)
    assert _kept(plain, "form.pdf") == plain
    assert _kept(PDF, "form.pdf") == PDF


@pytest.mark.django_db
def test_a_vif_with_a_refused_pdf_saves_nothing_and_says_why(client, intake):
    VillageFactory.create()
    case = CaseFactory.create(investigation_closed_on=None)
    client.force_login(intake)
    response = client.post(
        "/applications/new/",
        vif_post(case, **{"documents-0-file": SimpleUploadedFile("book.pdf", _pdf(_open_action))}),
    )
    assert response.status_code == 400
    assert "contains JavaScript" in response.content.decode()
    assert not VictimInformationForm.objects.exists()
    assert not Person.objects.exists()
    assert not SupportingDocument.objects.exists()


@pytest.mark.django_db
def test_a_stored_photo_is_the_one_drawn_again(client, intake):
    VillageFactory.create()
    case = CaseFactory.create(investigation_closed_on=None)
    client.force_login(intake)
    client.post(
        "/applications/new/",
        vif_post(
            case,
            **{
                "documents-0-kind": "photo",
                "documents-0-file": SimpleUploadedFile("photo.jpg", _jpeg_with_gps()),
            },
        ),
    )
    document = SupportingDocument.objects.get()
    with document.file.open("rb") as stored:
        kept = stored.read()
    assert b"SOK Chea" not in kept
    assert document.size == len(kept)


@pytest.mark.parametrize(
    ("language", "start"),
    [("fr", "« form.pdf » contient du JavaScript"), ("km", "ឯកសារ «form.pdf» មាន JavaScript")],
)
def test_the_refusal_is_said_in_the_users_language(language, start):
    with translation.override(language), pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("form.pdf", _pdf(_open_action)))
    assert refused.value.messages[0].startswith(start)

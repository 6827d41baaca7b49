"""Reading back the PDF files VSS draws, as a person would meet them: the text a reader
copies out of it (poppler's pdftotext) and the first page as a picture (pdftoppm).

WeasyPrint tells a reader the text of each glyph once for the whole file, taken from the
first syllable the glyph was drawn in: a shaped Khmer syllable whose glyphs are reordered
(the coeng of RO and the vowel E are drawn before their consonant) or shared with another
syllable reads back with marks displaced, doubled or missing, though it prints right.
Khmer text is therefore compared closely rather than byte for byte (`reads_back`); Latin
text and figures read back exactly."""

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image
from rapidfuzz import fuzz

# How closely a phrase must be found in the text read back, from 0 to 100: Khmer phrases
# a PDF holds score 69 to 100 here, Khmer names it does not hold 38 to 44.
CLOSE_ENOUGH = 60


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(f"{name} is missing: `make system-deps` installs poppler-utils")
    return path


def pdf_text(content: bytes) -> str:
    """The text of every page, in the order it was drawn."""
    result = subprocess.run(
        [_tool("pdftotext"), "-raw", "-enc", "UTF-8", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode("utf-8")


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def reads_back(phrase: str, text: str) -> bool:
    """Whether `phrase` is in `text` as well as a PDF reader gives shaped Khmer back."""
    return fuzz.partial_ratio(_squeezed(phrase), _squeezed(text)) >= CLOSE_ENOUGH


def first_page_image(content: bytes) -> Image.Image:
    with tempfile.TemporaryDirectory() as directory:
        pdf = Path(directory) / "document.pdf"
        pdf.write_bytes(content)
        subprocess.run(
            [
                _tool("pdftoppm"),
                "-png",
                "-r",
                "50",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf),
                str(Path(directory) / "page"),
            ],
            check=True,
        )
        return Image.open(io.BytesIO((Path(directory) / "page.png").read_bytes())).convert("L")


def inked_share(image: Image.Image) -> float:
    """The share of the page's pixels that are not paper-white."""
    histogram = image.histogram()
    return 1 - sum(histogram[250:]) / (image.width * image.height)

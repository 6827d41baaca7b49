"""Reading back the PDF files VSS draws, as a person would meet them: the text a reader
copies out of it (poppler's pdftotext) and the first page as a picture (pdftoppm)."""

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image


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
    """Whether `phrase` is in `text`, character for character, wherever the lines of the
    page broke it."""
    return _squeezed(phrase) in _squeezed(text)


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

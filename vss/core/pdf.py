"""Pages drawn as PDF files with WeasyPrint, whose text goes through Pango and HarfBuzz:
Khmer comes out shaped (subscripts under their consonant, split vowels around it) in the
Noto Sans Khmer that the project serves its pages in, and a reader copies or searches the
text as it was typed (`_install_actual_text`).

A PDF is drawn from a template like any page, with the request, so the same template tags
mask protected identities. WeasyPrint fetches what the document names (fonts, images):
here it reads only the project's own font files and the images the template inlines as
data: URLs, never the network or another file of the machine, whatever a value typed by a
user might name."""

import base64
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

PDF_CSS = "vss/css/pdf.css"


def _static_path(name: str) -> Path:
    found = finders.find(name)
    if not found or isinstance(found, list):
        raise FileNotFoundError(name)
    return Path(found).resolve()


def _project_files_only(allowed_root: Path) -> Any:
    """A fetcher that reads data: URLs and the files beside the project's stylesheets (its
    fonts), and refuses anything else."""
    from weasyprint.urls import URLFetcher

    class ProjectFilesOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("file:"):
                path = Path(unquote(urlparse(url).path)).resolve()
                if not path.is_relative_to(allowed_root):
                    raise ValueError(f"not a file of the project's static files: {url}")
            return super().fetch(url, headers)

    return ProjectFilesOnly(allowed_protocols={"file", "data"}, allow_redirects=False)


_actual_text_installed = False


def _install_actual_text() -> None:
    """Has WeasyPrint mark each piece of text it draws with the text itself (a /Span
    with /ActualText, which PDF readers copy and search in place of the glyphs).

    WeasyPrint tells a reader the text of each glyph once for the whole file, from the
    first syllable the glyph was drawn in: in shaped Khmer, where the coeng of RO and the
    vowel E are drawn before their consonant and one glyph serves many syllables, names
    copied out of the PDF came back with marks moved, doubled or missing, though they
    printed right. WeasyPrint draws every piece of text inside its `Stream.marked(box,
    "Span")` (which only writes anything for a tagged PDF): the text box is at hand
    there, so that is where the mark is added, around whatever WeasyPrint writes."""
    global _actual_text_installed
    if _actual_text_installed:
        return
    import pydyf
    from weasyprint.formatting_structure.boxes import TextBox
    from weasyprint.pdf.stream import Stream

    weasyprint_marked = Stream.marked

    @contextmanager
    def marked(self: Any, box: Any, tag: str) -> Iterator[None]:
        if tag != "Span" or not isinstance(box, TextBox):
            with weasyprint_marked(self, box, tag):
                yield
            return
        properties = pydyf.Dictionary({"ActualText": pydyf.String(box.text)})
        pydyf.Stream.begin_marked_content(self, "Span", properties)
        try:
            with weasyprint_marked(self, box, tag):
                yield
        finally:
            pydyf.Stream.end_marked_content(self)

    Stream.marked = marked
    _actual_text_installed = True


def data_url(content: bytes, content_type: str) -> str:
    """An image to place in a PDF's template, carried in the document itself."""
    return f"data:{content_type};base64,{base64.b64encode(content).decode('ascii')}"


def render_pdf(request: HttpRequest, template_name: str, context: dict[str, Any]) -> bytes:
    """The template drawn as a PDF, A4, in the project's fonts."""
    return draw_pdf(render_to_string(template_name, context, request=request))


def render_pdf_file(template_name: str, context: dict[str, Any]) -> bytes:
    """The template drawn as a PDF with no request at hand (a file written in the
    background): what it shows of a person must already be masked in `context`."""
    return draw_pdf(render_to_string(template_name, context))


def draw_pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango when imported, which only drawing needs.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    _install_actual_text()
    pdf_css = _static_path(PDF_CSS)
    static_root = pdf_css.parent.parent
    fetcher = _project_files_only(static_root)
    font_config = FontConfiguration()
    stylesheet = CSS(filename=str(pdf_css), font_config=font_config, url_fetcher=fetcher)
    document = HTML(string=html, base_url=str(static_root), url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[stylesheet], font_config=font_config)


def pdf_response(content: bytes, *, filename: str) -> HttpResponse:
    """A PDF sent as an attachment that no browser or proxy keeps, as the stored
    documents are (vss.core.downloads)."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response

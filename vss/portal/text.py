"""The small format of the public site's texts, written by staff in a plain text box:

    ## A heading            ### A smaller heading
    - an item of a list     1. an item of a numbered list
    [words of a link](https://example.org/ or /a/path/ or mailto: or tel:)

Blocks are separated by an empty line; any other block is a paragraph. Everything is
escaped: the database never hands the browser markup of its own, so a text saved by a
stolen account cannot carry a script or a form to the public."""

import re

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
# Links leave the text only for the web, mail and the phone, or for a page of the site.
_SAFE_TARGET = re.compile(r"^(https?://|mailto:|tel:|/(?!/))", re.IGNORECASE)
_BULLET = re.compile(r"^[-*]\s+")
_NUMBER = re.compile(r"^\d{1,3}[.)]\s+")


def _inline(text: str) -> str:
    """The text of a line, escaped, with its links."""
    parts: list[str] = []
    position = 0
    for match in _LINK.finditer(text):
        parts.append(escape(text[position : match.start()]))
        words, target = match.group(1), match.group(2)
        if _SAFE_TARGET.match(target):
            parts.append(format_html('<a href="{}">{}</a>', target, words))
        else:
            parts.append(escape(match.group(0)))
        position = match.end()
    parts.append(escape(text[position:]))
    return "".join(parts)


def _list(lines: list[str], marker: re.Pattern[str], tag: str) -> str:
    items = "".join(f"<li>{_inline(marker.sub('', line, count=1))}</li>" for line in lines)
    return f"<{tag}>{items}</{tag}>"


def _block(block: str) -> str:
    lines = [line.strip() for line in block.splitlines() if line.strip()]
    first = lines[0]
    if len(lines) == 1 and first.startswith("### "):
        return f"<h3>{_inline(first[4:].strip())}</h3>"
    if len(lines) == 1 and first.startswith("## "):
        return f"<h2>{_inline(first[3:].strip())}</h2>"
    if all(_BULLET.match(line) for line in lines):
        return _list(lines, _BULLET, "ul")
    if all(_NUMBER.match(line) for line in lines):
        return _list(lines, _NUMBER, "ol")
    return "<p>" + "<br>".join(_inline(line) for line in lines) + "</p>"


def render_body(text: str) -> SafeString:
    blocks = [block for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if block.strip()]
    # Every piece was escaped (or built by format_html) in _inline.
    return mark_safe("\n".join(_block(block) for block in blocks))

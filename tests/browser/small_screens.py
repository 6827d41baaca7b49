"""Every main page of a set of roles (vss.testing.main_pages), in Khmer, on a phone
(360 px), a small laptop (800 px), an office screen (1,366 px) and a wide one (1,920 px):
the page itself never scrolls sideways (a wide table scrolls inside its own box, which
the keyboard reaches and a screen reader names), the top bar spans the width, and
axe-core finds no serious or critical accessibility violation under any of the style
sheets' media queries. The browser tests call it
for the roles in halves, one file each, so that two processes check them at once."""

import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.management import call_command

from vss.core.demo.steps import Options
from vss.demo import DEMO_PASSWORD
from vss.demo.runner import demo_data_generate
from vss.testing.browser import accessibility_violations, log_in, log_out
from vss.testing.main_pages import DEMO_USERNAMES, main_pages, main_pages_prepare

# The roles in two halves of about as many pages each, one test file each.
HALVES = (
    ("chief", "legal", "intermediary", "lead_co_lawyer", "partner", "auditor"),
    ("intake", "outreach", "reparations", "lawyer", "donor"),
)

WIDTHS = (360, 800, 1366, 1920)
HEIGHT = 800
ROOT_FONT_PX = 16
STYLE_SHEETS = Path(__file__).resolve().parents[2] / "vss"
WIDTH_QUERY = re.compile(r"\((min|max)-width:\s*([\d.]+)(px|rem|em)\)")


def _width_conditions() -> frozenset[tuple[str, float]]:
    """Every width condition of the project's style sheets: its side and its edge in px."""
    return frozenset(
        (side, float(size) * (1 if unit == "px" else ROOT_FONT_PX))
        for sheet in STYLE_SHEETS.glob("*/static/**/*.css")
        for side, size, unit in WIDTH_QUERY.findall(sheet.read_text(encoding="utf-8"))
    )


WIDTH_CONDITIONS = _width_conditions()


def _media_queries_met(width: int) -> frozenset[tuple[str, float]]:
    """The width conditions of the style sheets that a screen `width` px wide meets."""
    return frozenset(
        (side, edge)
        for side, edge in WIDTH_CONDITIONS
        if ((width >= edge) if side == "min" else (width <= edge))
    )


def _one_width_per_style(widths: Iterable[int]) -> tuple[int, ...]:
    seen: set[frozenset[tuple[str, float]]] = set()
    chosen = []
    for width in widths:
        if (met := _media_queries_met(width)) not in seen:
            seen.add(met)
            chosen.append(width)
    return tuple(chosen)


# axe judges what the style sheets make of the page, and is most of the test's time: it
# runs at one width of each set of media queries met (1,920 px meets those 1,366 px
# does), and every width is measured for its layout.
AXE_WIDTHS = _one_width_per_style(WIDTHS)
# The impacts axe gives a violation that keeps a user from the page, rather than hinders.
BARRING = ("(serious)", "(critical)")

# The page's script updates the table boxes in the frame after a resize: the test looks
# at the frame after that.
SETTLED = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"

LAYOUT = """() => ({
  page: document.documentElement.scrollWidth,
  viewport: document.documentElement.clientWidth,
  topbar: Math.round(document.querySelector("header.topbar").getBoundingClientRect().width),
})"""

# The boxes of wide tables that scroll but that a keyboard cannot reach or a screen
# reader cannot name.
UNREACHABLE_BOXES = """() => [...document.querySelectorAll(".table-scroll")]
  .filter((box) => box.scrollWidth > box.clientWidth)
  .filter((box) => box.tabIndex !== 0 || box.getAttribute("role") !== "region"
    || !document.getElementById(box.getAttribute("aria-labelledby"))?.textContent.trim())
  .map((box) => box.querySelector("table").className || "table")"""

# The outermost elements that reach past the right edge of the screen, for the message.
STICKING_OUT = """() => {
  const edge = document.documentElement.clientWidth + 1;
  const out = [];
  for (const element of document.body.querySelectorAll("*")) {
    if (element.getBoundingClientRect().right > edge && !out.some((o) => o.contains(element))) {
      out.push(element);
    }
  }
  return out.slice(0, 3).map((element) => element.tagName.toLowerCase()
    + (element.id ? "#" + element.id : "")
    + [...element.classList].map((name) => "." + name).join(""));
}"""


def screen_faults(page: Any, personas: Iterable[str]) -> list[str]:
    """One demo (building it and its duplicates run is the slow part), one sign-in per
    role; the faults of every page, to be told together."""
    call_command("load_reference_data", stdout=io.StringIO())
    demo_data_generate(options=Options())
    main_pages_prepare()
    faults = []
    for persona in personas:
        log_in(page, DEMO_USERNAMES[persona], language="km", password=DEMO_PASSWORD)
        for main_page in main_pages(persona):
            faults += _faults(page, main_page.path)
        page.set_viewport_size({"width": max(WIDTHS), "height": HEIGHT})
        log_out(page)
    return faults


def _faults(page: Any, path: str) -> list[str]:
    response = page.goto(path)
    assert response is not None and response.ok, path
    assert page.locator("html").get_attribute("lang") == "km"
    faults = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": HEIGHT})
        page.evaluate(SETTLED)
        layout = page.evaluate(LAYOUT)
        where = f"{path} at {width} px"
        if layout["page"] > layout["viewport"]:
            out = ", ".join(page.evaluate(STICKING_OUT))
            faults.append(f"{where}: the page is {layout['page']} px wide ({out})")
        faults += [
            f"{where}: a scrolling table ({table}) cannot be reached or is not named"
            for table in page.evaluate(UNREACHABLE_BOXES)
        ]
        if layout["topbar"] < layout["viewport"]:
            faults.append(f"{where}: the top bar stops at {layout['topbar']} px")
        if width in AXE_WIDTHS:
            faults += [
                f"{where}: {violation}"
                for violation in accessibility_violations(page)
                if violation.split(":", 1)[0].endswith(BARRING)
            ]
    return faults

"""Check that Playwright drives Debian's chromium and that Khmer renders in the bundled font.

    .venv/bin/python scripts/browser_check.py [--out /tmp/khmer-check.png]

Needs `make system-deps` (chromium) and `make install` (playwright). It never downloads a
browser: it launches /usr/bin/chromium. The page is a data: URL whose @font-face carries
the bytes of the project's bundled Noto Sans Khmer woff2 files (read from disk, inlined as
data: URLs); the script fails unless those font faces loaded, then saves a screenshot to
look at (coeng stacks, split vowels).

Why not `src: url(file:///...)`: chromium refuses file:// subresources in a data: page
("Not allowed to load local resource"; with --disable-web-security it fails with
net::ERR_UNKNOWN_URL_SCHEME), so the face would silently fall back to a system font.
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
import urllib.parse
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
FONTS = REPO / "vss" / "core" / "static" / "vss" / "fonts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TEXT = "ស្ត្រី សុខ ជា"  # "woman Sok Chea": coeng stacks (ស្ត្រ) and a split vowel


def page_html() -> str:
    faces = []
    for weight in (400, 700):
        font = FONTS / f"noto-sans-khmer-khmer-{weight}-normal.woff2"
        if not font.is_file():
            sys.exit(f"missing bundled font: {font}")
        b64 = base64.b64encode(font.read_bytes()).decode("ascii")
        faces.append(
            f"@font-face {{ font-family: 'Noto Sans Khmer'; font-weight: {weight}; "
            f"src: url('data:font/woff2;base64,{b64}') format('woff2'); "
            "unicode-range: U+1780-17FF, U+19E0-19FF, U+200C-200D, U+25CC; }"
        )
    return f"""<!doctype html>
<html lang="km"><head><meta charset="utf-8"><style>
{chr(10).join(faces)}
body {{ margin: 24px; background: #fff; color: #000; }}
.km {{ font-family: 'Noto Sans Khmer'; font-size: 48px; line-height: 1.6; }}
.bold {{ font-weight: 700; }}
.label {{ font-family: sans-serif; font-size: 14px; color: #555; }}
</style></head><body>
<div class="label">Noto Sans Khmer 400 (bundled woff2)</div>
<div class="km">{TEXT}</div>
<div class="label">Noto Sans Khmer 700 (bundled woff2)</div>
<div class="km bold">{TEXT}</div>
</body></html>"""


# Loads every declared face, then reports each one's status; "error" means the woff2
# was not fetched or not accepted (the text would then fall back to a system font).
FONT_STATUS_JS = """async () => {
    await Promise.allSettled([...document.fonts].map((f) => f.load()));
    await document.fonts.ready;
    return [...document.fonts].map((f) => ({
        family: f.family, weight: f.weight, status: f.status,
    }));
}"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="/tmp/khmer-check.png", help="screenshot path")
    parser.add_argument("--chromium", default=CHROMIUM, help="chromium executable")
    args = parser.parse_args()

    if not Path(args.chromium).is_file():
        print(f"{args.chromium} not found: run `make system-deps` first", file=sys.stderr)
        return 1

    url = "data:text/html;charset=utf-8," + urllib.parse.quote(page_html())
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        try:
            print(f"chromium {browser.version} via Playwright")
            page = browser.new_page(viewport={"width": 640, "height": 360})
            page.goto(url)
            faces = page.evaluate(FONT_STATUS_JS)
            page.screenshot(path=args.out, full_page=True)
        finally:
            browser.close()

    print("font faces:", json.dumps(faces))
    print(f"screenshot: {args.out}")
    failed = [f for f in faces if f["status"] != "loaded"]
    if not faces or failed:
        print(f"bundled font did not load: {failed or 'no faces'}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python
"""The first-load weight of each page of the public site: what a phone with an empty cache
downloads to show it (HTML, stylesheets, fonts, scripts, images), compressed as VSS
serves it, in each language.

    PYTHONPATH=. .venv/bin/python bench/portal/first_load.py [--json bench/portal/results.json]

Chromium (/usr/bin/chromium) opens each page, so the files counted are those a browser
really asks for: only the faces of the Khmer font whose characters and weights the page
uses. Its requests never leave the process: each is answered by the Django application
itself (test settings, a fresh SQLite database in memory, migrated, so the pages show the
first texts) through Playwright's request routing. Sizes "as served":
- static files as WhiteNoise serves them in production (CompressedManifestStaticFilesStorage
  writes a Brotli copy of each text file beside it; a browser asking for `br` gets it);
  fonts are WOFF2, already compressed, served as they are;
- the HTML as Django sends it: uncompressed (no compression middleware, as a page holding
  a CSRF token should not be compressed: BREACH); its gzip size is given beside it for a
  proxy that would compress it anyway.
The budget is 200 KB (204,800 bytes) per page.
"""

import argparse
import gzip
import json
import os
import sys
from pathlib import Path

import brotli

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vss.settings.test")
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from vss.portal.models import PublicPage  # noqa: E402

BUDGET = 200 * 1024
ORIGIN = "http://vss.test"
CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 360, "height": 740}
TEXT_TYPES = ("text/", "application/javascript", "image/svg+xml", "application/json")


def page_path(page: PublicPage) -> str:
    if page == PublicPage.HOME:
        return reverse("portal:home")
    return reverse(f"portal:page_{page.value.replace('-', '_')}")


def served_size(body: bytes, content_type: str, is_html: bool) -> int:
    if is_html:
        return len(body)
    if content_type.startswith(TEXT_TYPES):
        return len(brotli.compress(body, quality=11))
    return len(body)


def measure(page_path: str, language: str, browser) -> dict:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    files: list[dict] = []

    def answer(route) -> None:
        request = route.request
        path = request.url.removeprefix(ORIGIN)
        if not request.url.startswith(ORIGIN):
            files.append({"url": request.url, "kind": "elsewhere", "bytes": 0})
            route.abort()
            return
        response = client.get(path)
        body = b"".join(response) if response.streaming else response.content
        content_type = response.get("Content-Type", "")
        is_html = request.resource_type == "document"
        files.append(
            {
                "url": path,
                "kind": request.resource_type,
                "status": response.status_code,
                "bytes": served_size(body, content_type, is_html),
                "raw": len(body),
                "gzip": len(gzip.compress(body, 9)) if is_html else None,
            }
        )
        route.fulfill(status=response.status_code, headers=dict(response.items()), body=body)

    context = browser.new_context(viewport=PHONE, locale="km-KH")
    tab = context.new_page()
    tab.route("**/*", answer)
    tab.goto(ORIGIN + page_path, wait_until="load")
    # Fonts are asked for once the text is laid out.
    tab.evaluate("document.fonts.ready.then(() => true)")
    context.close()
    html = next(f for f in files if f["kind"] == "document")
    by_kind: dict[str, int] = {}
    for file in files:
        by_kind[file["kind"]] = by_kind.get(file["kind"], 0) + file["bytes"]
    return {
        "path": page_path,
        "language": language,
        "total": sum(f["bytes"] for f in files),
        "html_gzip": html["gzip"],
        "by_kind": by_kind,
        "files": files,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="write every file of every page here")
    arguments = parser.parse_args()
    setup_test_environment()
    setup_databases(verbosity=0, interactive=False)
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for page in PublicPage:
            for language, _name in settings.LANGUAGES:
                results.append(measure(page_path(page), language, browser))
        browser.close()
    print(f"{'page':32} {'lang':4} {'html':>7} {'css':>7} {'fonts':>7} {'other':>6} {'total':>8}")
    for result in results:
        kinds = result["by_kind"]
        other = result["total"] - sum(kinds.get(k, 0) for k in ("document", "stylesheet", "font"))
        print(
            f"{result['path']:32} {result['language']:4} {kinds.get('document', 0):>7,} "
            f"{kinds.get('stylesheet', 0):>7,} {kinds.get('font', 0):>7,} {other:>6,} "
            f"{result['total']:>8,}"
        )
    heaviest = max(results, key=lambda r: r["total"])
    print(
        f"heaviest: {heaviest['path']} ({heaviest['language']}) {heaviest['total']:,} bytes; "
        f"budget {BUDGET:,}"
    )
    if arguments.json:
        arguments.json.write_text(json.dumps(results, indent=1) + "\n")
    outside = [f["url"] for r in results for f in r["files"] if f["kind"] == "elsewhere"]
    if outside:
        print("asked for files elsewhere:", sorted(set(outside)))
    return 0 if heaviest["total"] <= BUDGET and not outside else 1


if __name__ == "__main__":
    sys.exit(main())

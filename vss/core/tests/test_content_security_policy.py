"""Every page carries a Content-Security-Policy that lets the browser run and style only
VSS's own static files, and no template or rendered page brings back what that policy
would refuse: an inline script, an on*= handler, a style attribute, a <style> block, or
an HTMX attribute that HTMX would evaluate (hx-vals="js:...")."""

import re
from pathlib import Path
from typing import cast

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client

from vss.testing.factories import ApplicationFactory

UNSAFE = {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'"}


def _policy(header: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def _assert_strict(header: str, page: str) -> None:
    policy = _policy(header)
    # script-src-elem and -attr fall back to script-src, and that to default-src.
    for directive in ("script-src", "script-src-elem", "script-src-attr", "default-src"):
        allowed = set(policy.get(directive, []))
        assert not allowed & UNSAFE, f"{page}: {directive} allows {allowed & UNSAFE}"
        assert "*" not in allowed and "data:" not in allowed, f"{page}: {directive} {allowed}"
    assert policy.get("script-src") == ["'self'"], page
    assert policy.get("style-src") == ["'self'"], page
    assert policy.get("default-src") == ["'self'"], page
    assert policy.get("object-src") == ["'none'"], page
    assert policy.get("base-uri") == ["'self'"], page
    assert policy.get("form-action") == ["'self'"], page
    assert policy.get("frame-ancestors") == ["'none'"], page


@pytest.mark.django_db
def test_every_page_forbids_inline_script_and_eval(client: Client, chief):
    sign_in = client.get("/accounts/login/")
    _assert_strict(sign_in["Content-Security-Policy"], "sign-in")
    application = ApplicationFactory.create()
    client.force_login(chief)
    for page in [
        "/",
        "/applications/",
        f"/applications/{application.pk}/",
        f"/people/{application.applicant_id}/",
        "/applications/new/",
        "/cases/",
    ]:
        response = client.get(page)
        assert response.status_code == 200, page
        _assert_strict(response["Content-Security-Policy"], page)
        # Widgets write attributes from Python, where the template scan cannot see them.
        assert _refused(response.content.decode()) == [], page
    fragment = client.get("/applications/", headers={"HX-Request": "true"})
    _assert_strict(fragment["Content-Security-Policy"], "fragment")


def test_htmx_is_configured_to_add_no_inline_style_and_evaluate_nothing():
    base = (Path(settings.BASE_DIR) / "vss" / "templates" / "base.html").read_text()
    config = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", base)
    assert config, "base.html lacks the htmx-config meta"
    assert '"includeIndicatorStyles": false' in config.group(1)
    assert '"allowEval": false' in config.group(1)
    css = (Path(settings.BASE_DIR) / "vss/core/static/vss/css/app.css").read_text()
    assert ".htmx-indicator" in css


# What the policy refuses, as it appears in a template.
INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE
)
SCRIPT_WITH_BODY = re.compile(r"<script\b[^>]*\bsrc=[^>]*>\s*[^<\s]", re.IGNORECASE)
HANDLER = re.compile(r"<[a-z][^>]*?\s(on[a-z]+|hx-on[:\-][a-z:\-]*)\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*?\sstyle\s*=", re.IGNORECASE)
STYLE_BLOCK = re.compile(r"<style\b", re.IGNORECASE)
SCRIPT_URL = re.compile(r"=\s*[\"']?\s*javascript:", re.IGNORECASE)
HTMX_EVAL = re.compile(r"\shx-(?:vals|vars)\s*=\s*[\"']\s*(?:js|javascript):", re.IGNORECASE)
REFUSED = [
    ("inline <script>", INLINE_SCRIPT),
    ("<script src> with a body", SCRIPT_WITH_BODY),
    ("on*= handler", HANDLER),
    ("style= attribute", STYLE_ATTRIBUTE),
    ("<style> block", STYLE_BLOCK),
    ("javascript: URL", SCRIPT_URL),
    ("hx-vals evaluated by HTMX", HTMX_EVAL),
]


def _refused(html: str) -> list[str]:
    found = []
    for label, pattern in REFUSED:
        for match in pattern.finditer(html):
            found.append(f"{html.count(chr(10), 0, match.start()) + 1}: {label}")
    return found


def _templates() -> list[Path]:
    dirs = cast(list[str | Path], settings.TEMPLATES[0]["DIRS"])
    folders = [Path(folder) for folder in dirs]
    folders += [
        Path(config.path) / "templates"
        for config in apps.get_app_configs()
        if config.name.startswith("vss.")
    ]
    return sorted(path for folder in folders if folder.is_dir() for path in folder.rglob("*.html"))


def test_the_scan_finds_templates():
    names = {path.name for path in _templates()}
    assert {"base.html", "form_edit.html"} <= names


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (INLINE_SCRIPT, "<script>alert(1)</script>"),
        (INLINE_SCRIPT, '<script type="module">x()</script>'),
        (SCRIPT_WITH_BODY, '<script src="a.js">alert(1)</script>'),
        (HANDLER, '<select id="l" onchange="this.form.submit()">'),
        (HANDLER, '<button\n  class="x" onclick="go()">'),
        (HANDLER, '<div hx-on:click="go()">'),
        (STYLE_ATTRIBUTE, '<p class="x" style="color: red">'),
        (STYLE_BLOCK, "<style>p { color: red }</style>"),
        (SCRIPT_URL, '<a href="javascript:go()">'),
        (HTMX_EVAL, "<input hx-vals='js:{\"q\": event.target.value}'>"),
    ],
)
def test_the_scan_sees_what_the_policy_refuses(pattern, text):
    assert pattern.search(text)


@pytest.mark.parametrize(
    "text",
    [
        "<script src=\"{% static 'vss/js/htmx.min.js' %}\" defer></script>",
        '<p data-onchange="x" class="online">',
        '<input name="style" value="x">',
        "{{ data|json_script:'data' }}",
    ],
)
def test_the_scan_lets_static_scripts_and_look_alikes_through(text):
    for _, pattern in REFUSED:
        assert not pattern.search(text), (pattern, text)


def test_no_template_has_inline_script_handlers_or_styles():
    found = [
        f"{path.relative_to(settings.BASE_DIR)}:{where}"
        for path in _templates()
        for where in _refused(path.read_text())
    ]
    assert not found, "Move these to a static JS or CSS file:\n" + "\n".join(found)

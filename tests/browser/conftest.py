import os
import shutil

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread

CHROMIUM = "/usr/bin/chromium"
# Flags that keep Chromium from reaching for the network, which is closed here.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make system-deps` installs Debian's chromium")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made
    # by the test itself are still synchronous and safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# Reports each securitypolicyviolation event to the test, with the element refused where
# there is one (an attribute's violation is fired at its element); the init script is
# injected by the browser itself, so the page's Content-Security-Policy does not apply to it.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  const on = event.target instanceof Element
    ? ` on <${event.target.localName}${event.target.id ? "#" + event.target.id : ""}>` : "";
  window.reportCspViolation(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + `${on} in ${event.sourceFile || document.location.pathname}:${event.lineNumber}`);
});
"""


@pytest.fixture
def csp_violations():
    """What the Content-Security-Policy refused on the journey's pages: any is a failure,
    for a refused script or style is a part of the page that does not work."""
    return []


# The page's own files; a fragment or a page answering 403 or 404 may be what a journey
# tests, a missing stylesheet, script, image or font never is.
SUBRESOURCES = {"stylesheet", "script", "image", "font"}


@pytest.fixture
def missing_files():
    """The page's own files that failed to load on the journey: any is a failure."""
    return []


class _OneRequestAtATime(WSGIServer):
    """The live server, answering one request after the other.

    On an in-memory SQLite test database the live server's threads share the test's one
    connection, so two requests at once (a page and its HTMX fragments) would run their
    transactions on it together, and two audit entries could follow the same entry.
    In production each request has its own connection and the chain is extended under
    the database's lock (vss/audit/chain.py)."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.connections_override = connections_override


@pytest.fixture(scope="session")
def _serial_live_server():
    patch = pytest.MonkeyPatch()
    patch.setattr(LiveServerThread, "server_class", _OneRequestAtATime)
    yield
    patch.undo()


@pytest.fixture
def page(browser, _serial_live_server, live_server, csp_violations, missing_files):
    context = browser.new_context(base_url=live_server.url, locale="km-KH")
    context.expose_binding("reportCspViolation", lambda _source, text: csp_violations.append(text))
    context.add_init_script(REPORT_VIOLATIONS)
    page = context.new_page()
    # Chromium also says it on the console, for what happens before the script above runs.
    page.on(
        "console",
        lambda message: (
            csp_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            missing_files.append(f"{response.status} {response.url}")
            if response.status >= 400 and response.request.resource_type in SUBRESOURCES
            else None
        ),
    )
    page.set_default_timeout(15_000)
    yield page
    context.close()
    assert not missing_files, "Files of the page failed to load:\n" + "\n".join(missing_files)
    assert not csp_violations, "The Content-Security-Policy refused:\n" + "\n".join(csp_violations)

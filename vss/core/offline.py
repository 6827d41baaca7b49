"""The service worker of a page that works with no connection, served from a path under
the pages it keeps: a worker's scope is the folder it is served from, and the static
files' folder holds no page. What the page's script and its worker share, then the part
every such worker shares, come first in the same script, as a worker cannot import a
static file by its name, which changes with each release."""

from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import HttpResponse

SHARED = ("vss/js/offline.js", "vss/js/offline_worker.js")


def _read(static_path: str) -> str:
    found = finders.find(static_path)
    if not found:
        raise FileNotFoundError(static_path)
    return Path(str(found)).read_text(encoding="utf-8")


def service_worker(*, script: str, scope: str) -> HttpResponse:
    response = HttpResponse(
        "\n".join(_read(path) for path in (*SHARED, script)),
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = scope
    response["Cache-Control"] = "no-cache"
    return response

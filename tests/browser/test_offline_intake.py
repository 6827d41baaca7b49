"""An intermediary in a village without a signal fills two VIFs in the intake app with the
network cut, the first with a photo of the applicant's identity card: the app opens again
offline, keeps both forms and the photo encrypted on the device, and once the connection
is back sends them; each arrives exactly once, the photo with its form."""

import threading
import time

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandlerMixin

from vss.accounts.models import Role
from vss.applications.models import (
    Application,
    Channel,
    DocumentKind,
    SupportingDocument,
    VictimInformationForm,
)
from vss.portal.models import DeviceForm, DeviceFormStatus
from vss.portal.tests.intake_world import open_case
from vss.testing.browser import accessibility_violations, signed_in_page
from vss.testing.constants import PNG
from vss.testing.personas import persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What the app keeps to open offline: its page and the files the page loaded.
KEPT_PARTS = """() => caches.open("vss-intake-v1").then((cache) => cache.keys())
  .then((requests) => requests.map((request) => new URL(request.url).pathname))"""
PAGE_PARTS = """() => [location.pathname, ...performance.getEntriesByType("resource")
  .map((entry) => new URL(entry.name).pathname).filter((path) => path.startsWith("/static/"))]"""

# What IndexedDB holds of each form: its id and state in clear, its answers sealed.
KEPT_FORMS = """(user) => new Promise((resolve) => {
  const request = indexedDB.open("vss-intake-" + user);
  request.onsuccess = () => {
    const read = request.result.transaction("forms").objectStore("forms").getAll();
    read.onsuccess = () => resolve(read.result.map((item) => ({
      state: item.state,
      sealed: item.sealed instanceof ArrayBuffer,
      documents: (item.documents || []).map((d) => d.sealed instanceof ArrayBuffer),
      clear: JSON.stringify(item),
    })));
  };
})"""


def _wait_for_count(page, name: str, value: str, timeout: int = 15_000) -> None:
    page.wait_for_function(
        "([name, value]) => document.getElementById(`intake-${name}`).textContent === value",
        arg=[name, value],
        timeout=timeout,
    )


def _fill(page, case, family: str, given: str, photo=None) -> None:
    if photo is not None:
        page.select_option("#intake-document-kind", DocumentKind.IDENTITY)
        page.set_input_files("#intake-document-file", str(photo))
        page.locator("#intake-documents-list li").wait_for()
    page.fill("input[name=applicant-family_name_km]", family)
    page.fill("input[name=applicant-given_name_km]", given)
    page.fill("input[name=applicant-family_name_latin]", "CHEA")
    page.fill("input[name=applicant-given_name_latin]", "Sophea")
    page.select_option(f"select[name=cases-case_{case.pk}]", "civil_party")
    page.click("#intake-form button[type=submit]")


def test_two_forms_filled_offline_arrive_once_when_the_connection_is_back(
    page, live_server, tmp_path
):
    photo = tmp_path / "identity-card.png"
    photo.write_bytes(PNG)
    intermediary = persona(Role.INTERMEDIARY)
    case = open_case()
    signed_in_page(page, live_server.url, intermediary)
    page.goto(f"{live_server.url}/intake/")
    assert page.locator("html").get_attribute("lang") == "km"
    page.locator("#intake-kept").wait_for()
    assert accessibility_violations(page) == []

    page.context.set_offline(True)
    page.reload()
    _fill(page, case, "ជា", "សុភា", photo)
    _wait_for_count(page, "waiting", "1")
    assert page.locator("#intake-documents-list li").count() == 0
    _fill(page, case, "សុខ", "ដារ៉ា")
    _wait_for_count(page, "waiting", "2")
    kept = page.evaluate(KEPT_FORMS, intermediary.pk)
    assert [(k["state"], k["sealed"]) for k in kept] == [("waiting", True)] * 2
    assert sorted(k["documents"] for k in kept) == [[], [True]]
    assert not any(
        "សុភា" in k["clear"] or "CHEA" in k["clear"] or "identity" in k["clear"] for k in kept
    )
    assert page.locator("#intake-local tr[data-state=waiting] td ul li").count() == 1
    assert not DeviceForm.objects.exists()
    assert accessibility_violations(page) == []

    page.context.set_offline(False)
    _wait_for_count(page, "arrived", "2", timeout=30_000)
    assert page.locator("#intake-waiting").inner_text() == "0"
    page.locator("#intake-server tr").nth(1).wait_for()
    assert DeviceForm.objects.filter(status=DeviceFormStatus.RECEIVED).count() == 2
    assert Application.objects.count() == 2
    assert set(VictimInformationForm.objects.values_list("channel", flat=True)) == {
        Channel.INTERMEDIARY
    }
    [document] = SupportingDocument.objects.all()
    assert (document.kind, document.form.applicant.given_name_km) == (
        DocumentKind.IDENTITY,
        "សុភា",
    )
    # Arrived: the device keeps neither the answers nor the photo.
    kept = page.evaluate(KEPT_FORMS, intermediary.pk)
    assert [(k["state"], k["sealed"], k["documents"]) for k in kept] == [("arrived", False, [])] * 2

    # Sent again by hand, and the app reopened: nothing more arrives.
    page.click("#intake-send")
    page.reload()
    _wait_for_count(page, "arrived", "2")
    assert DeviceForm.objects.count() == 2
    assert Application.objects.count() == 2
    assert SupportingDocument.objects.count() == 1
    assert accessibility_violations(page) == []


def test_a_file_too_large_or_one_too_many_is_refused_on_the_device_with_the_reason(
    page, live_server, tmp_path, settings
):
    settings.VSS_UPLOAD_MAX_BYTES = len(PNG) * 2
    photo = tmp_path / "identity-card.png"
    photo.write_bytes(PNG)
    large = tmp_path / "family-book.png"
    large.write_bytes(PNG * 3)
    intermediary = persona(Role.INTERMEDIARY)
    open_case()
    signed_in_page(page, live_server.url, intermediary)
    page.goto(f"{live_server.url}/intake/")
    page.context.set_offline(True)
    listed = page.locator("#intake-documents-list li")

    page.set_input_files("#intake-document-file", str(large))
    page.locator("#intake-notice").get_by_text("family-book.png").wait_for()
    assert listed.count() == 0
    for count in range(1, 11):
        page.set_input_files("#intake-document-file", str(photo))
        listed.nth(count - 1).wait_for()
    page.set_input_files("#intake-document-file", str(photo))
    page.wait_for_function(
        "() => document.getElementById('intake-notice').textContent.includes('10')"
    )
    assert listed.count() == 10
    assert accessibility_violations(page) == []
    # Removed before the form is kept: the others stay.
    listed.nth(0).locator("button").click()
    page.wait_for_function(
        "() => document.querySelectorAll('#intake-documents-list li').length === 9"
    )


def test_a_form_a_proxy_refuses_as_too_large_waits_for_a_correction(page, live_server, tmp_path):
    photo = tmp_path / "identity-card.png"
    photo.write_bytes(PNG)
    intermediary = persona(Role.INTERMEDIARY)
    case = open_case()
    signed_in_page(page, live_server.url, intermediary)
    # What a proxy in front of VSS answers a body over its limit, before VSS reads it.
    page.route(
        "**/intake/sync/", lambda route: route.fulfill(status=413, body="Request Entity Too Large")
    )
    page.goto(f"{live_server.url}/intake/")
    _fill(page, case, "ជា", "សុភា", photo=photo)
    _wait_for_count(page, "problem", "1")
    row = page.locator("#intake-local tr").first
    assert "ធំពេក" in row.inner_text()  # "too large", in the Khmer the page is read in
    assert not DeviceForm.objects.exists()
    assert accessibility_violations(page) == []


def test_the_app_opens_offline_while_its_fonts_are_still_being_kept_and_says_when_all_are(
    page, live_server, monkeypatch
):
    """On a slow connection the fonts come last. If the connection drops before they are
    kept, the app still opens offline; it says it does only once every part is kept, and
    then it opens with its fonts."""
    slow = threading.Event()
    serve = StaticFilesHandlerMixin.serve

    def serve_fonts_slowly(handler, request):
        font = request.path.endswith(".woff2")
        if font and slow.is_set():
            time.sleep(1)
        response = serve(handler, request)
        if font:  # so that the app asks the server for them again to keep them
            response["Cache-Control"] = "no-store"
        return response

    def seen_until(done) -> list[tuple[set[str], bool]]:
        """What is kept and what the app says, seen together until `done` of them."""
        seen = []
        for _ in range(300):
            parts, hidden = page.evaluate(
                f"() => Promise.all([({KEPT_PARTS})(), "
                "document.getElementById('intake-kept').hidden])"
            )
            seen.append((set(parts), hidden))
            if done(set(parts), hidden):
                break
            page.wait_for_timeout(100)
        return seen

    monkeypatch.setattr(StaticFilesHandlerMixin, "serve", serve_fonts_slowly)
    signed_in_page(page, live_server.url, persona(Role.INTERMEDIARY))
    page.goto(f"{live_server.url}/intake/")
    slow.set()
    whole = set(page.evaluate(PAGE_PARTS))
    fonts = {part for part in whole if part.endswith(".woff2")}
    assert fonts

    seen = seen_until(lambda parts, hidden: "/intake/" in parts and not fonts <= parts)
    assert seen[-1][1], "the app said it opens offline before its fonts were kept"
    page.context.set_offline(True)
    page.reload()
    assert page.locator("html").get_attribute("lang") == "km"

    page.context.set_offline(False)
    page.reload()
    seen = seen_until(lambda parts, hidden: not hidden)
    partly_kept = [hidden for parts, hidden in seen if not whole <= parts]
    assert all(partly_kept)
    assert not seen[-1][1] and whole <= seen[-1][0]

    page.context.set_offline(True)
    page.reload()
    assert page.locator("html").get_attribute("lang") == "km"
    # The Khmer font, offline, comes from what was kept (a font not found is an error).
    khmer = """() => document.fonts.load('16px "Noto Sans Khmer"', "ក").then((f) => f.length)"""
    assert page.evaluate(khmer) > 0

"""An intermediary in a village without a signal fills two VIFs in the intake app with the
network cut: the app opens again offline, keeps both forms encrypted on the device, and
once the connection is back sends them; each arrives exactly once."""

import pytest

from vss.accounts.models import Role
from vss.applications.models import Application, Channel, VictimInformationForm
from vss.portal.models import DeviceForm, DeviceFormStatus
from vss.portal.tests.intake_world import open_case
from vss.testing.browser import accessibility_violations, signed_in_page
from vss.testing.personas import persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FRAME_KEPT = """() => caches.open("vss-intake-v1")
  .then((cache) => cache.match("/intake/")).then((answer) => Boolean(answer))"""

# What IndexedDB holds of each form: its id and state in clear, its answers sealed.
KEPT_FORMS = """(user) => new Promise((resolve) => {
  const request = indexedDB.open("vss-intake-" + user);
  request.onsuccess = () => {
    const read = request.result.transaction("forms").objectStore("forms").getAll();
    read.onsuccess = () => resolve(read.result.map((item) => ({
      state: item.state,
      sealed: item.sealed instanceof ArrayBuffer,
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


def _fill(page, case, family: str, given: str) -> None:
    page.fill("input[name=applicant-family_name_km]", family)
    page.fill("input[name=applicant-given_name_km]", given)
    page.fill("input[name=applicant-family_name_latin]", "CHEA")
    page.fill("input[name=applicant-given_name_latin]", "Sophea")
    page.select_option(f"select[name=cases-case_{case.pk}]", "civil_party")
    page.click("#intake-form button[type=submit]")


def test_two_forms_filled_offline_arrive_once_when_the_connection_is_back(page, live_server):
    intermediary = persona(Role.INTERMEDIARY)
    case = open_case()
    signed_in_page(page, live_server.url, intermediary)
    page.goto(f"{live_server.url}/intake/")
    assert page.locator("html").get_attribute("lang") == "km"
    page.wait_for_function(FRAME_KEPT)
    assert accessibility_violations(page) == []

    page.context.set_offline(True)
    page.reload()
    _fill(page, case, "ជា", "សុភា")
    _wait_for_count(page, "waiting", "1")
    _fill(page, case, "សុខ", "ដារ៉ា")
    _wait_for_count(page, "waiting", "2")
    kept = page.evaluate(KEPT_FORMS, intermediary.pk)
    assert [(k["state"], k["sealed"]) for k in kept] == [("waiting", True)] * 2
    assert not any("សុភា" in k["clear"] or "CHEA" in k["clear"] for k in kept)
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

    # Sent again by hand, and the app reopened: nothing more arrives.
    page.click("#intake-send")
    page.reload()
    _wait_for_count(page, "arrived", "2")
    assert DeviceForm.objects.count() == 2
    assert Application.objects.count() == 2
    assert accessibility_violations(page) == []

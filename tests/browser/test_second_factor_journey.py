"""The Chief, working in Khmer, signs in for the first time: VSS asks for a second factor,
the Chief scans the code (here: types the key shown beside it into the authenticator),
confirms one code, keeps the recovery codes and reaches the pages."""

from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from vss.accounts.models import Role
from vss.testing.constants import PASSWORD
from vss.testing.personas import persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_chief_enrols_a_second_factor_in_khmer(page):
    chief = persona(Role.CHIEF)

    page.goto("/accounts/login/")
    if page.locator("html").get_attribute("lang") != "km":
        page.select_option("#language-select", "km")
        page.wait_for_load_state()
    page.fill("input[name=username]", chief.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form:not(.language) button[type=submit]")
    page.wait_for_url("**/accounts/second-factor/enrol/**")

    assert page.locator("html").get_attribute("lang") == "km"
    assert page.locator("h1").inner_text() == "បើកការចូលពីរជំហាន"
    assert page.locator("svg.qr-code").is_visible()
    secret = page.locator("#secret").inner_text().replace(" ", "")
    code = f"{TOTP(b32decode(secret)).token():06d}"

    page.fill("#second-factor-form input[name=code]", code)
    page.click("#second-factor-form button[type=submit]")
    page.wait_for_selector("ol.recovery-codes")
    assert page.locator("ol.recovery-codes li").count() == 10
    assert page.locator("h1").inner_text() == "លេខកូដសង្គ្រោះ"
    assert TOTPDevice.objects.filter(user=chief, confirmed=True).exists()

    page.click("a.button.primary")
    page.wait_for_url("**/")
    assert page.locator("main h1").count() >= 1
    assert "/accounts/second-factor/" not in page.url

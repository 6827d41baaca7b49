"""`manage.py demo_logins --second-factor`: how a demo user gets past the second factor
when a run asks it as production does, and that a relaxed run says how to ask it."""

import io

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from vss.accounts import services
from vss.accounts.models import Role, User
from vss.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_users():
    chief = User.objects.create_user(username="chief", role=Role.CHIEF, password=DEMO_PASSWORD)
    intake = User.objects.create_user(username="intake", role=Role.INTAKE, password=DEMO_PASSWORD)
    # A demo username whose password was changed is someone's account now: left alone.
    User.objects.create_user(username="legal", role=Role.LEGAL, password="someone-else-2026")
    return chief, intake


def _logins() -> list[str]:
    out = io.StringIO()
    call_command("demo_logins", "--second-factor", stdout=out)
    return out.getvalue().splitlines()


def test_each_demo_account_that_needs_it_gets_a_key_and_a_recovery_code(demo_users):
    chief, _ = demo_users
    lines = [line for line in _logins() if "  key " in line]
    assert [line.split()[0] for line in lines] == ["chief"]
    assert TOTPDevice.objects.filter(confirmed=True).get().user == chief
    code = lines[0].rsplit(" ", 1)[1]
    assert services.second_factor_verify(user=chief, code=code) is not None
    # The next run prints the same key and the next code.
    again = [line for line in _logins() if line.startswith("chief ")]
    assert again[0].split("recovery code")[0] == lines[0].split("recovery code")[0]
    assert again[0].rsplit(" ", 1)[1] != code
    assert TOTPDevice.objects.count() == 1


def test_a_relaxed_run_enrols_no_one_and_says_how_to_ask_it(demo_users, settings):
    settings.VSS_SECOND_FACTOR_REQUIRED = False
    assert any("VSS_SECOND_FACTOR_REQUIRED=1 make run" in line for line in _logins())
    assert not TOTPDevice.objects.exists()

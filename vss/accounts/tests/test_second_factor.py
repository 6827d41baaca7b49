"""Two-step sign-in: who must pass it, enrolment, codes refused and accepted, recovery codes
used once, the Chief's reset, and the pages a user reaches before passing it. The suite
runs with it required, as production does."""

import datetime
import os
import subprocess
import sys
from base64 import b32decode

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from vss import policy
from vss.accounts import services
from vss.accounts.second_factor import ENROLMENT_KEY
from vss.audit.models import AuditAction, AuditEntry
from vss.testing.clients import authenticator, current_code, password_only_login, signed_in
from vss.testing.constants import PASSWORD
from vss.testing.personas import PERSONAS

from .test_views_access import SECOND_FACTOR_REQUIRED

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")
VERIFY = reverse("accounts:second_factor_verify")
ENROL = reverse("accounts:second_factor_enrol")


def _code_for(key_hex: str) -> str:
    device = TOTPDevice(key=key_hex)
    return f"{TOTP(device.bin_key).token():06d}"


def _audited(user) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(object_type="accounts.user", object_id=str(user.pk)))


def test_the_roles_that_see_protected_identities_or_health_notes_need_a_second_factor(request):
    needs = {
        persona: policy.requires_second_factor(request.getfixturevalue(persona))
        for persona in PERSONAS
    }
    assert needs == {persona: persona in SECOND_FACTOR_REQUIRED for persona in PERSONAS}


def test_a_relaxed_deployment_requires_it_of_no_one(request, settings):
    settings.VSS_SECOND_FACTOR_REQUIRED = False
    assert not any(
        policy.requires_second_factor(request.getfixturevalue(persona)) for persona in PERSONAS
    )
    # The role table still says who would need it.
    assert policy.role_requires_second_factor(request.getfixturevalue("chief"))


def test_a_required_role_without_a_second_factor_reaches_only_enrolment(chief):
    client = Client()
    password_only_login(client, chief)
    page = client.get(reverse("applications:list"))
    assert page.status_code == 302
    assert page["Location"].startswith(f"{VERIFY}?next=")
    # Without a device, verification sends on to enrolment.
    assert client.get(VERIFY)["Location"].startswith(ENROL)
    fragment = client.get(
        reverse("matching:live_check"),
        {"applicant-family_name_latin": "SOK"},
        HTTP_HX_REQUEST="true",
    )
    assert fragment.status_code == 403
    assert fragment["HX-Redirect"] == VERIFY
    assert fragment.content == b""
    # A state-changing request is turned away too, and changes nothing.
    assert client.post(reverse("accounts:users")).status_code == 302
    assert client.get(ENROL).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302


def test_enrolment_shows_the_qr_code_and_key_then_recovery_codes_once(chief):
    client = Client()
    password_only_login(client, chief)
    page = client.get(ENROL)
    assert page.status_code == 200
    body = page.content.decode()
    assert '<svg width="' in body and 'class="qr-code"' in body
    assert "data:" not in body and "style=" not in body.split("<main>", 1)[1]
    key = client.session[ENROLMENT_KEY]
    secret = page.context["secret"]
    assert b32decode(secret.replace(" ", "")).hex() == key
    assert "otpauth://" not in body  # the key is in the picture and in its own line only

    wrong = client.post(ENROL, {"code": "000000" if _code_for(key) != "000000" else "111111"})
    assert wrong.status_code == 200 and wrong.context["form"].errors
    assert not TOTPDevice.objects.filter(user=chief).exists()

    done = client.post(ENROL, {"code": _code_for(key)})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(code in done.content.decode() for code in codes)
    assert TOTPDevice.objects.get(user=chief, confirmed=True).key == key
    assert ENROLMENT_KEY not in client.session
    # Signed in with both factors now.
    assert client.get(reverse("applications:list")).status_code == 200
    # And the codes are not shown again.
    assert client.get(reverse("accounts:second_factor")).context["state"].recovery_codes_left == 10
    changes = [e.changes for e in _audited(chief)]
    assert {"second_factor": {"old": "none", "new": "wrong code at enrolment"}} in changes
    assert {"second_factor": {"old": "none", "new": "enrolled"}} in changes


def test_signing_in_asks_for_the_code_of_the_app_and_goes_on_where_the_user_was_going(chief):
    device = authenticator(chief)
    client = Client()
    signed = client.post(reverse("accounts:login"), {"username": "chief", "password": PASSWORD})
    assert signed.status_code == 302
    people = reverse("applications:list")
    asked = client.get(people)
    assert asked["Location"] == f"{VERIFY}?next={people.replace('/', '%2F')}"
    assert client.get(asked["Location"]).status_code == 200
    session_before = client.session.session_key
    passed = client.post(VERIFY, {"code": current_code(device), "next": people})
    assert passed.status_code == 302 and passed["Location"] == people
    assert client.session.session_key != session_before
    assert client.get(people).status_code == 200


def test_a_wrong_code_is_refused_audited_and_throttled(chief, monkeypatch):
    device = authenticator(chief)
    now = timezone.now()
    monkeypatch.setattr("django_otp.models.timezone.now", lambda: now)
    client = Client()
    password_only_login(client, chief)
    code = current_code(device)
    wrong = "000000" if code != "000000" else "111111"

    refused = client.post(VERIFY, {"code": wrong})
    assert refused.status_code == 200 and refused.context["form"].errors
    assert client.get(HOME).status_code == 302
    entry = AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED).get()
    assert entry.changes == {"second_factor": {"old": "unverified", "new": "wrong code"}}
    assert entry.object_id == str(chief.pk)

    # Within the throttle's wait even the right code is refused...
    assert client.post(VERIFY, {"code": code}).status_code == 200
    assert client.get(HOME).status_code == 302
    # ...and accepted once the wait is over.
    later = now + datetime.timedelta(seconds=5)
    monkeypatch.setattr("django_otp.models.timezone.now", lambda: later)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    assert client.get(HOME).status_code == 200


def test_a_recovery_code_signs_in_once(legal):
    authenticator(legal)  # an app, and the codes made beside it
    codes = services.second_factor_recovery_codes_renew(user=legal)
    first = Client()
    password_only_login(first, legal)
    assert first.post(VERIFY, {"code": codes[0].upper()}).status_code == 302
    assert first.get(HOME).status_code == 200
    used = AuditEntry.objects.filter(action=AuditAction.LOGIN, object_id=str(legal.pk)).get()
    assert used.changes["recovery_code"] == {"old": "unused", "new": "used"}
    assert used.changes["recovery_codes_left"] == {"old": 10, "new": 9}
    # A recovery code is not tried as the app's code: the app's throttle is untouched.
    assert TOTPDevice.objects.get(user=legal).throttling_failure_count == 0

    again = Client()
    password_only_login(again, legal)
    assert again.post(VERIFY, {"code": codes[0]}).status_code == 200
    assert again.get(HOME).status_code == 302
    assert StaticToken.objects.filter(device__user=legal).count() == 9


def test_new_recovery_codes_replace_the_old_ones(intake):
    authenticator(intake)
    old = services.second_factor_recovery_codes_renew(user=intake)
    response = signed_in_client(intake).post(reverse("accounts:second_factor_recovery_codes"))
    new = response.context["codes"]
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)
    assert not set(old) & set(new)


def signed_in_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_user_who_enrolled_of_their_own_accord_is_asked_too(intake):
    assert not policy.requires_second_factor(intake)
    device = authenticator(intake)
    client = Client()
    client.post(reverse("accounts:login"), {"username": "intake", "password": PASSWORD})
    assert client.get(HOME)["Location"].startswith(VERIFY)
    client.post(VERIFY, {"code": current_code(device)})
    assert client.get(HOME).status_code == 200


def test_a_user_without_a_second_factor_whose_role_does_not_need_one_goes_in(intake):
    client = Client()
    client.post(reverse("accounts:login"), {"username": "intake", "password": PASSWORD})
    assert client.get(HOME).status_code == 200


def test_the_chief_resets_a_lost_second_factor(request, chief, legal):
    authenticator(legal)
    services.second_factor_recovery_codes_renew(user=legal)
    client = signed_in(request, "chief")
    users = client.get(reverse("accounts:users")).content.decode()
    reset_url = reverse("accounts:user_second_factor_reset", args=[legal.pk])
    assert reset_url in users
    response = client.post(reset_url)
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=legal, confirmed=True).exists()
    assert not StaticToken.objects.filter(device__user=legal).exists()
    entry = AuditEntry.objects.filter(object_id=str(legal.pk), actor=chief).get()
    assert entry.changes == {"second_factor": {"old": "enrolled", "new": "none"}}
    # The legal officer's next sign-in goes to enrolment.
    again = Client()
    password_only_login(again, legal)
    assert again.get(VERIFY)["Location"].startswith(ENROL)


def test_a_session_whose_second_factor_is_reset_owes_it_again(request, legal, chief):
    client = signed_in(request, "legal")
    assert client.get(HOME).status_code == 200
    services.user_second_factor_reset(actor=chief, user=legal)
    assert client.get(HOME)["Location"].startswith(VERIFY)


def test_a_required_second_factor_cannot_be_turned_off(legal):
    authenticator(legal)
    response = signed_in_client(legal).post(reverse("accounts:second_factor_remove"))
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=legal, confirmed=True).exists()


def test_a_relaxed_deployment_lets_a_required_role_in_with_the_password(chief, settings):
    settings.VSS_SECOND_FACTOR_REQUIRED = False
    client = Client()
    client.post(reverse("accounts:login"), {"username": "chief", "password": PASSWORD})
    assert client.get(HOME).status_code == 200


def test_a_temporary_password_must_be_changed_at_the_next_sign_in(request, chief, intake):
    temporary = (
        signed_in(request, "chief")
        .post(reverse("accounts:user_password_reset", args=[intake.pk]))
        .context["temporary_password"]
    )
    intake.refresh_from_db()
    assert intake.must_change_password
    client = Client()
    client.post(reverse("accounts:login"), {"username": "intake", "password": temporary})
    assert client.get(HOME)["Location"].startswith(reverse("accounts:password_change"))
    assert client.get(reverse("applications:list"), HTTP_HX_REQUEST="true").status_code == 403
    new = "a-long-new-passphrase-2026"
    changed = client.post(
        reverse("accounts:password_change"),
        {"old_password": temporary, "new_password1": new, "new_password2": new},
    )
    assert changed.status_code == 302
    intake.refresh_from_db()
    assert not intake.must_change_password
    assert client.get(HOME).status_code == 200
    assert {
        "password": {"old": "old", "new": "new"},
        "must_change_password": {"old": True, "new": False},
    } in [entry.changes for entry in _audited(intake)]


@pytest.mark.parametrize(("required", "starts"), [("0", False), ("1", True)])
def test_production_refuses_to_start_with_the_second_factor_relaxed(required, starts):
    environment = {
        **os.environ,
        "SECRET_KEY": "p" * 60,
        "VSS_SECOND_FACTOR_REQUIRED": required,
        "DJANGO_SETTINGS_MODULE": "vss.settings.production",
        "VSS_SECTION_ADDRESS": "National Road 4, Chaom Chau, Phnom Penh",
        "VSS_SECTION_PHONE": "+855 23 219 814",
    }
    environment.pop("DATABASE_URL", None)
    started = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=environment,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert (started.returncode == 0) is starts, started.stderr
    if not starts:
        assert "VSS_SECOND_FACTOR_REQUIRED" in started.stderr


def test_a_voluntary_second_factor_reset_before_its_code_lets_the_user_go_on(intake, chief):
    authenticator(intake)
    client = Client()
    client.post(reverse("accounts:login"), {"username": "intake", "password": PASSWORD})
    assert client.get(HOME)["Location"].startswith(VERIFY)
    services.user_second_factor_reset(actor=chief, user=intake)
    assert client.get(f"{VERIFY}?next={HOME}")["Location"] == HOME
    assert client.get(HOME).status_code == 200

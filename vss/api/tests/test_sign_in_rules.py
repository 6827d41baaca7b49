"""A token lets its holder in under the rules of signing in, and the API's reads are
audited as the pages' are, each entry naming the token it came through."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client, override_settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from vss.accounts.models import ApiToken
from vss.api.throttling import RefusedTokens
from vss.applications.models import Status
from vss.applications.services import application_transition
from vss.audit.models import AuditAction, AuditEntry
from vss.testing.api import api_client_for, api_token, bearer
from vss.testing.clients import authenticator
from vss.testing.factories import ApplicationFactory, PersonFactory, VifFactory

pytestmark = pytest.mark.django_db

CASES = "/api/v1/cases"


def _answer(secret: str):
    response = Client(headers=bearer(secret)).get(CASES)
    body = response.json()
    return response.status_code, body["detail"] if isinstance(body, dict) else ""


def test_a_valid_token_lets_its_holder_in_and_is_stamped(intake):
    secret = api_token(intake)
    assert _answer(secret)[0] == 200
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.parametrize(
    "secret", ["", "vss_not-a-token", "Basic dXNlcjpwYXNz", "vss_\x00"], ids=repr
)
def test_no_token_or_an_unknown_one_is_401(db, secret):
    response = Client(headers={"Authorization": f"Bearer {secret}"}).get(CASES)
    assert response.status_code == 401
    assert response.json()["detail"]


def test_a_revoked_or_expired_token_is_401(intake, chief):
    revoked = api_token(intake)
    ApiToken.objects.filter(user=intake).update(
        revoked_at=timezone.now(), revoked_by=chief, revoke_reason="Lost"
    )
    expired = api_token(intake, expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert _answer(revoked) == (401, "This token was revoked.")
    assert _answer(expired) == (401, "This token has expired.")


def test_a_deactivated_account_is_401(intake):
    secret = api_token(intake)
    intake.is_active = False
    intake.save(update_fields=["is_active"])
    assert _answer(secret)[0] == 401


def test_an_account_locked_by_failed_sign_ins_is_403(intake):
    secret = api_token(intake)
    AccessAttempt.objects.create(
        username=intake.username,
        ip_address="10.0.0.9",
        user_agent="",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
    )
    status, detail = _answer(secret)
    assert status == 403 and "locked" in detail


def test_an_account_owing_a_new_password_is_403(intake):
    secret = api_token(intake)
    intake.must_change_password = True
    intake.save(update_fields=["must_change_password"])
    status, detail = _answer(secret)
    assert status == 403 and "password" in detail


@override_settings(VSS_SECOND_FACTOR_REQUIRED=True)
def test_a_role_needing_a_second_factor_has_one_enrolled_or_is_403(legal, intake):
    secret = api_token(legal)
    TOTPDevice.objects.filter(user=legal).delete()
    status, detail = _answer(secret)
    assert status == 403 and "two-step" in detail
    authenticator(legal)
    assert _answer(secret)[0] == 200
    # Intake's role needs none.
    assert _answer(api_token(intake))[0] == 200


def test_a_read_of_personal_data_is_audited_with_the_token_it_came_through(legal):
    application = ApplicationFactory.create(status=Status.RECEIVED)
    client = api_client_for(legal)
    token = ApiToken.objects.get(user=legal)
    response = client.get(f"/api/v1/applications/{application.pk}")
    assert response.status_code == 200
    entry = AuditEntry.objects.get(
        action=AuditAction.VIEW,
        object_type="applications.application",
        object_id=str(application.pk),
    )
    assert entry.actor == legal
    assert entry.request_id.startswith(f"api-{token.pk}-")
    assert response["X-Request-ID"] == entry.request_id
    client.get("/api/v1/applications", {"query": "SOK"})
    listed = AuditEntry.objects.filter(object_type="applications.application").latest("pk")
    assert listed.action == AuditAction.SEARCH and listed.changes["shown"]["new"] == 1
    assert listed.request_id.startswith(f"api-{token.pk}-")


def test_a_decision_on_a_stale_version_is_409_and_records_nothing(legal):
    application = ApplicationFactory.create(
        status=Status.TRANSMITTED, case__investigation_closed_on=None
    )
    client = api_client_for(legal)
    url = f"/api/v1/applications/{application.pk}/transitions"
    admitted = client.post(
        url, {"to_status": "admitted", "version": 0}, content_type="application/json"
    )
    assert admitted.status_code == 201 and admitted.json()["version"] == 1
    stale = client.post(
        url,
        {"to_status": "case_terminated", "version": 0, "reason": "Closed"},
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 1
    application.refresh_from_db()
    assert application.status == Status.ADMITTED


def test_bad_input_is_a_json_message_never_a_500(legal):
    application = ApplicationFactory.create(status=Status.TRANSMITTED)
    client = api_client_for(legal)
    url = f"/api/v1/applications/{application.pk}/transitions"
    for body in ["not json", '{"to_status": "nowhere", "version": 0}', "[]", '{"version": -1}']:
        response = client.post(url, body, content_type="application/json")
        assert response.status_code == 422, body
        assert response.json()["detail"] and response.json()["errors"]
    refused = client.post(
        url, {"to_status": "rejected", "version": 0}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert "reason" in refused.json()["errors"]


PROTECTED = {"family_name_latin": "KEO", "given_name_latin": "Sreymom"}


def test_no_answer_names_a_protected_person_to_a_reader_without_the_right(
    intake, chief, intermediary
):
    person = PersonFactory.create(is_protected=True, pseudonym="Witness TCW-7", **PROTECTED)
    form = VifFactory.create(applicant=person)
    application = ApplicationFactory.create(form=form, status=Status.RECEIVED)
    ApplicationFactory.create(status=Status.RECEIVED)  # someone else, named
    application_transition(
        actor=chief,
        application=application,
        to_status=Status.INCOMPLETE,
        reason="Sreymom KEO must sign the form",
    )
    urls = [
        "/api/v1/applications",
        f"/api/v1/applications/{application.pk}",
        f"/api/v1/people/{person.pk}",
        "/api/v1/applications?query=Sreymom",
    ]
    reader = api_client_for(intake)
    for url in urls:
        content = reader.get(url).content.decode("unicode_escape")
        assert "Sreymom" not in content and "KEO" not in content, url
    shown = reader.get(f"/api/v1/applications/{application.pk}").json()
    assert shown["applicant"]["name"] == "Witness TCW-7"
    assert "[Witness TCW-7]" in shown["status_changes"][0]["reason"]
    # The Chief, who may see the identity, reads the name.
    chiefs = api_client_for(chief).get(f"/api/v1/people/{person.pk}").json()
    assert "Sreymom" in chiefs["name"]


def test_each_refused_token_is_in_the_log_as_a_failed_sign_in(intake, chief):
    revoked = api_token(intake)
    token = ApiToken.objects.get(user=intake)
    ApiToken.objects.filter(pk=token.pk).update(
        revoked_at=timezone.now(), revoked_by=chief, revoke_reason="Lost"
    )
    password_by_mistake = "vss_Sreymom-1979"
    assert _answer(revoked)[0] == 401
    assert _answer(password_by_mistake)[0] == 401
    known, unknown = AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED).order_by("pk")
    assert (known.object_type, known.object_id, known.object_label) == (
        "accounts.apitoken",
        str(token.pk),
        f"API-{token.pk}",
    )
    assert known.actor is None
    assert known.changes == {
        "refused_because": {"old": None, "new": "token revoked"},
        "account": {"old": None, "new": intake.username},
    }
    assert (unknown.object_type, unknown.object_id, unknown.object_label) == (
        "accounts.apitoken",
        "",
        "",
    )
    assert unknown.changes == {"refused_because": {"old": None, "new": "unknown token"}}
    # Nothing of a secret is kept, known or not.
    for entry in (known, unknown):
        kept = f"{entry.object_label} {entry.changes}"
        assert revoked[4:12] not in kept and "Sreymom" not in kept


@pytest.mark.parametrize(
    "close, reason",
    [
        (lambda user: setattr(user, "is_active", False), "account closed"),
        (lambda user: setattr(user, "must_change_password", True), "new password owed"),
    ],
    ids=["closed", "password"],
)
def test_the_log_says_why_an_account_turned_its_token_away(intake, close, reason):
    secret = api_token(intake)
    close(intake)
    intake.save(update_fields=["is_active", "must_change_password"])
    _answer(secret)
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
    assert entry.changes["refused_because"]["new"] == reason


def test_a_token_let_in_writes_no_failed_sign_in(intake):
    assert _answer(api_token(intake))[0] == 200
    assert not AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED).exists()


def _from(address: str, secret: str):
    return Client(headers=bearer(secret)).get(CASES, REMOTE_ADDR=address)


def test_an_address_refused_too_often_is_turned_away_for_the_minute_with_one_entry(
    intake, settings, monkeypatch
):
    settings.VSS_API_REFUSALS_PER_MINUTE = 3
    now = [1_000_000.0]
    monkeypatch.setattr(RefusedTokens, "timer", staticmethod(lambda: now[0]))
    valid = api_token(intake)
    refused = AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED)

    for guess in range(3):
        assert _from("10.0.0.9", f"vss_guess-{guess}").status_code == 401
        now[0] += 10
    assert refused.count() == 3
    # Turned away before its token is looked up, a good one too; told when to come back.
    for secret in ("vss_guess-3", valid, "vss_guess-4"):
        turned_away = _from("10.0.0.9", secret)
        assert turned_away.status_code == 429
        assert turned_away["Retry-After"] == "30"
        assert "30" in turned_away.json()["detail"]
    assert ApiToken.objects.get().last_used_at is None
    # One entry says so for the minute, not one per try.
    assert refused.count() == 4
    assert refused.order_by("pk").last().changes == {
        "refused_because": {"old": None, "new": "too many refused tokens from this address"}
    }
    # Another address is not held up, and once the first refusal is a minute old the
    # address may try again.
    assert _from("10.0.0.10", valid).status_code == 200
    now[0] += 31
    assert _from("10.0.0.9", valid).status_code == 200
    assert _from("10.0.0.9", "vss_guess-5").status_code == 401
    assert _from("10.0.0.9", "vss_guess-6").status_code == 429


def test_tokens_let_in_are_not_counted_against_their_address(intake, settings):
    settings.VSS_API_REFUSALS_PER_MINUTE = 2
    valid = api_token(intake)
    for _ in range(5):
        assert _from("10.0.0.9", valid).status_code == 200
    assert _from("10.0.0.9", "vss_guess").status_code == 401

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
# How an applicant reaches the Section: production does not start without it.
SECTION_CONTACT = {
    "VSS_SECTION_ADDRESS": "National Road 4, Chaom Chau, Phnom Penh",
    "VSS_SECTION_PHONE": "+855 23 219 814",
}


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # A production process starts with none of the variables a test run may have set.
    # (The SQLite default, unless a test names a database: the umask is SQLite's.)
    unset = {
        "DEBUG",
        "SECRET_KEY",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "DJANGO_SETTINGS_MODULE",
        "DATABASE_URL",
        "VSS_SECTION_ADDRESS",
        "VSS_SECTION_PHONE",
        "VSS_SECTION_EMAIL",
    }
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_production_settings_pass_the_deployment_checks() -> None:
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="vss.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        **SECTION_CONTACT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key() -> None:
    result = _manage("check", DJANGO_SETTINGS_MODULE="vss.settings.production", **SECTION_CONTACT)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_refuse_to_start_without_the_sections_address_and_phone() -> None:
    key = secrets.token_urlsafe(64)
    for missing in SECTION_CONTACT:
        given = {name: value for name, value in SECTION_CONTACT.items() if name != missing}
        result = _manage(
            "check", DJANGO_SETTINGS_MODULE="vss.settings.production", SECRET_KEY=key, **given
        )
        assert result.returncode != 0
        assert f"{missing} must be set" in result.stderr
    blank = _manage(
        "check",
        DJANGO_SETTINGS_MODULE="vss.settings.production",
        SECRET_KEY=key,
        **{**SECTION_CONTACT, "VSS_SECTION_PHONE": "  "},
    )
    assert "VSS_SECTION_PHONE must be set" in blank.stderr


def _production_setting(expression: str, **env: str) -> str:
    result = _manage(
        "shell",
        "-c",
        f"from django.conf import settings; import os; print({expression})",
        DJANGO_SETTINGS_MODULE="vss.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        **{**SECTION_CONTACT, **env},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_the_forwarded_protocol_is_believed_only_behind_a_proxy() -> None:
    assert _production_setting("settings.SECURE_PROXY_SSL_HEADER") == "None"
    assert _production_setting("settings.SECURE_PROXY_SSL_HEADER", VSS_BEHIND_PROXY="1") == (
        "('HTTP_X_FORWARDED_PROTO', 'https')"
    )


def test_files_the_service_creates_are_for_its_user_alone() -> None:
    """The umask covers the SQLite database, its WAL and anything else the process
    writes; uploads and their folders get their modes from Django's settings."""
    assert _production_setting("oct(os.umask(0o077))") == "0o77"
    assert _production_setting("oct(settings.FILE_UPLOAD_PERMISSIONS)") == "0o600"
    assert _production_setting("oct(settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS)") == "0o700"


def test_make_run_gives_the_receipt_contact_details_that_say_they_are_a_demo() -> None:
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; "
        "print(settings.VSS_SECTION_ADDRESS, settings.VSS_SECTION_PHONE, sep='|')",
        DJANGO_SETTINGS_MODULE="vss.settings.dev",
    )
    assert result.returncode == 0, result.stderr
    address, phone = result.stdout.strip().splitlines()[-1].split("|")
    assert "DEMO" in address and "DEMO" in phone

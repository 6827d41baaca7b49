import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # A production process starts with none of the variables a test run may have set.
    # (The SQLite default, unless a test names a database: the umask is SQLite's.)
    unset = {
        "DEBUG",
        "SECRET_KEY",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "DJANGO_SETTINGS_MODULE",
        "DATABASE_URL",
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
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key() -> None:
    result = _manage("check", DJANGO_SETTINGS_MODULE="vss.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def _production_setting(expression: str, **env: str) -> str:
    result = _manage(
        "shell",
        "-c",
        f"from django.conf import settings; import os; print({expression})",
        DJANGO_SETTINGS_MODULE="vss.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        **env,
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

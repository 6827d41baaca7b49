"""The sign-in lockout counts failures per client address, read as the deployment says:
served directly, from the connection, so a guesser cannot dodge the lockout by sending
a new X-Forwarded-For with each try; behind the declared proxy, from the address the
proxy appended, so one guesser does not lock out everyone behind the same proxy."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from vss.audit.models import AuditAction, AuditEntry
from vss.testing.constants import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
PROXY = "10.0.0.2"


def _attempt(username: str, password: str, *, remote: str, forwarded: str | None = None):
    client = Client(REMOTE_ADDR=remote)
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    response = client.post(LOGIN, {"username": username, "password": password}, headers=headers)
    return response, "_auth_user_id" in client.session


def test_served_directly_a_forged_forwarded_for_does_not_dodge_the_lockout(intake):
    for number in range(settings.AXES_FAILURE_LIMIT):
        _attempt(f"guess{number}", "wrong", remote="198.51.100.9", forwarded=f"192.0.2.{number}")
    response, signed_in = _attempt(
        "intake", PASSWORD, remote="198.51.100.9", forwarded="203.0.113.77"
    )
    assert response.status_code == 429 and not signed_in


def test_behind_the_proxy_each_client_is_counted_on_its_own(settings, intake):
    settings.VSS_BEHIND_PROXY = True
    for number in range(settings.AXES_FAILURE_LIMIT):
        _attempt(f"guess{number}", "wrong", remote=PROXY, forwarded="198.51.100.9")
    # The guesser is locked out, even when it puts another address in front of its own.
    response, signed_in = _attempt(
        "intake", PASSWORD, remote=PROXY, forwarded="203.0.113.77, 198.51.100.9"
    )
    assert response.status_code == 429 and not signed_in
    # Someone else behind the same proxy is not.
    response, signed_in = _attempt("intake", PASSWORD, remote=PROXY, forwarded="203.0.113.4")
    assert response.status_code == 302 and signed_in
    # The audit log records the client's address, not the proxy's.
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN, ip_address="203.0.113.4").exists()


def test_behind_two_proxies_the_address_the_outer_one_saw_is_used(settings, intake):
    settings.VSS_BEHIND_PROXY = True
    settings.VSS_PROXY_COUNT = 2
    for number in range(settings.AXES_FAILURE_LIMIT):
        _attempt(f"guess{number}", "wrong", remote=PROXY, forwarded="198.51.100.9, 10.0.0.1")
    response, _ = _attempt("intake", PASSWORD, remote=PROXY, forwarded="198.51.100.9, 10.0.0.1")
    assert response.status_code == 429
    response, signed_in = _attempt(
        "intake", PASSWORD, remote=PROXY, forwarded="203.0.113.4, 10.0.0.1"
    )
    assert response.status_code == 302 and signed_in


def test_behind_the_proxy_a_request_without_the_header_falls_back_to_the_connection(
    settings, intake
):
    settings.VSS_BEHIND_PROXY = True
    response, signed_in = _attempt("intake", PASSWORD, remote="192.0.2.50")
    assert response.status_code == 302 and signed_in
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN, ip_address="192.0.2.50").exists()

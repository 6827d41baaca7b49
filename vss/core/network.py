"""Where a request comes from, read the one way the deployment allows: the sign-in
lockout counts failures per address and the audit log records it, and neither may be
told a false one by the client."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's address. Served directly, it is the connection's (REMOTE_ADDR) and an
    X-Forwarded-For header is the client's own words, ignored: otherwise a guesser would
    send a new one with each try and never be locked out. Behind the proxy (or chain of
    `VSS_PROXY_COUNT` proxies) the deployment declares with VSS_BEHIND_PROXY, it is the
    address the nearest of them appended to X-Forwarded-For: entries further left were
    sent by the client and may be anything."""
    remote = request.META.get("REMOTE_ADDR")
    if not settings.VSS_BEHIND_PROXY:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    count = settings.VSS_PROXY_COUNT
    if len(forwarded) < count:
        return remote
    try:
        return ipaddress.ip_address(forwarded[-count]).compressed
    except ValueError:
        return remote

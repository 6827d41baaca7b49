"""Two-step sign-in: the codes, the enrolment key, and the middleware that holds a signed-in
user to the pages that settle what the sign-in still owes (a second factor, a new password).

Who must have a second factor is the policy's (`requires_second_factor`); a user who
enrolled of their own accord is asked for it too, at every sign-in. django_otp's
OTPMiddleware, before this one, tells whether the session passed it.
"""

from __future__ import annotations

import time
from base64 import b32encode
from binascii import unhexlify
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import segno
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django_otp import user_has_device
from django_otp.oath import TOTP
from django_otp.util import random_hex

from vss import policy

if TYPE_CHECKING:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .models import User

RECOVERY_CODE_COUNT = 10
APP_CODE_DIGITS = 6  # django-otp's TOTP default, which every authenticator app shows
# Set at sign-in for a user who has a second factor: asked for it though their role may
# not need one.
SECOND_FACTOR_DUE = "vss_second_factor_due"
# The key shown on the enrolment page, kept in the session until a code confirms it.
ENROLMENT_KEY = "vss_second_factor_key"

# What a user who still owes a second factor may reach, and one who owes a new password.
SECOND_FACTOR_PAGES = frozenset(
    {
        "accounts:second_factor_verify",
        "accounts:second_factor_enrol",
        "accounts:logout",
        "set_language",
    }
)
PASSWORD_PAGES = frozenset({"accounts:password_change", "accounts:logout", "set_language"})


def normalise_code(code: str) -> str:
    """A code as typed, without the spaces and dashes people put in, in lower case
    (recovery codes are shown in lower case)."""
    return "".join(code.split()).replace("-", "").lower()[:32]


def totp_matches(device: TOTPDevice, code: str) -> int | None:
    """The time step at which the authenticator app shows `code`, within the device's
    tolerance and after the last code it accepted, or None."""
    if len(code) != device.digits or not code.isdigit():
        return None
    totp = _totp(device)
    totp.time = time.time()
    if not totp.verify(int(code), device.tolerance, device.last_t + 1):
        return None
    return int(totp.t())


def current_app_code(device: TOTPDevice) -> str:
    """The code the authenticator app set up with the device's key shows now."""
    return f"{_totp(device).token():0{device.digits}d}"


def _totp(device: TOTPDevice) -> TOTP:
    return TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)


def new_enrolment_key() -> str:
    return random_hex(20)


def secret_text(key: str) -> str:
    """The key as an authenticator app takes it typed by hand: base 32, in groups of four."""
    secret = b32encode(unhexlify(key)).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(config_url: str) -> SafeString:
    """The enrolment QR code as inline SVG markup (no data: URI, no style attribute), made
    by segno from the otpauth URL alone."""
    return mark_safe(
        segno.make(config_url, error="m").svg_inline(
            scale=5, dark="#000", light="#fff", border=4, svgclass="qr-code", lineclass=None
        )
    )


def note_second_factor_due(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    """Receiver of user_logged_in: whether this sign-in owes a second factor although the
    role may not need one (the user enrolled of their own accord)."""
    request.session[SECOND_FACTOR_DUE] = user_has_device(user, confirmed=True)


def second_factor_due(request: HttpRequest) -> bool:
    user = request.user
    if not user.is_authenticated or user.is_verified():  # type: ignore[union-attr,attr-defined]
        return False
    return bool(
        policy.requires_second_factor(user)  # type: ignore[arg-type]
        or request.session.get(SECOND_FACTOR_DUE)
    )


class SecondFactorMiddleware:
    """Holds a signed-in user who still owes a second factor to its pages, then one who
    owes a new password to the password page. A page is redirected to them; an HTMX
    fragment answers 403, with HX-Redirect to send the whole page there."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        # The sign-in page, the health check and the like are for everyone.
        if not request.user.is_authenticated or not getattr(view_func, "login_required", True):
            return None
        return step_owed(request)


def step_owed(request: HttpRequest) -> HttpResponse | None:
    """Where a signed-in user who still owes a second factor or a new password is sent
    instead of the page asked for, or None. Also for a page open to everyone that shows a
    signed-in user something of theirs (the root: the public site, or the work queue)."""
    if not request.user.is_authenticated:
        return None
    match = request.resolver_match
    name = match.view_name if match is not None else ""
    if second_factor_due(request):
        if name in SECOND_FACTOR_PAGES:
            return None
        return _turn_away(request, "accounts:second_factor_verify")
    if request.user.must_change_password:  # type: ignore[union-attr]
        if name in PASSWORD_PAGES:
            return None
        return _turn_away(request, "accounts:password_change")
    return None


def _turn_away(request: HttpRequest, to: str) -> HttpResponse:
    url = reverse(to)
    if getattr(request, "htmx", False):
        response = HttpResponse(status=403)
        response["HX-Redirect"] = url
        return response
    if request.method == "GET":
        url = f"{url}?{urlencode({'next': request.get_full_path()})}"
    return HttpResponseRedirect(url)

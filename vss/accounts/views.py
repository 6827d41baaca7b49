from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from vss.audit.models import AuditAction
from vss.audit.services import audit_record
from vss.core.forms import no_autofocus

from . import services
from .passwords import PasswordChangeForm, SecondFactorCodeForm, SignInForm
from .second_factor import (
    ENROLMENT_KEY,
    SECOND_FACTOR_DUE,
    new_enrolment_key,
    qr_code_svg,
    secret_text,
)
from .selectors import (
    api_token_holders,
    api_token_managed,
    api_tokens_managed,
    managed_account,
    managed_accounts,
    second_factor_enrolled,
    second_factor_state,
)
from .services import user_language_set
from .token_forms import ApiTokenIssueForm, ApiTokenRevokeForm

# Answered instead of the sign-in page when axes refuses a sign-in: "Too Many Requests".
LOCKED_OUT_STATUS = 429


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    authentication_form = SignInForm

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        audit_record(
            actor=form.get_user(),
            action=AuditAction.LOGIN,
            object_type="accounts.user",
            object_id=str(form.get_user().pk),
            label=form.get_user().get_username(),
        )
        return response

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        username = form.data.get("username", "")[:150]
        audit_record(
            actor=None,
            action=AuditAction.LOGIN_FAILED,
            object_type="accounts.user",
            object_id="",
            label=username,
        )
        return super().form_invalid(form)


@never_cache
def locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """The sign-in page again, saying only that signing in is locked for a while: neither
    how many tries are left nor whether the username exists."""
    return render(
        request,
        "accounts/login.html",
        # The lock is told first, and takes the focus from the username.
        {"form": no_autofocus(AuthenticationForm(request)), "locked_out": True},
        status=LOCKED_OUT_STATUS,
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("core:home")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        services.user_password_change(
            user=self.request.user,  # type: ignore[arg-type]
            password=form.cleaned_data["new_password1"],
        )
        # The session stays signed in; other sessions of the account end.
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, _("Your password has been changed."))
        return HttpResponseRedirect(self.get_success_url())


class LogoutView(auth_views.LogoutView):
    @transaction.atomic
    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseRedirect:
        if request.user.is_authenticated:
            audit_record(
                actor=request.user,
                action=AuditAction.LOGOUT,  # type: ignore[arg-type]
                object_type="accounts.user",
                object_id=str(request.user.pk),
                label=request.user.get_username(),
            )
        return super().post(request, *args, **kwargs)  # type: ignore[return-value]


@login_not_required
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also remembers a signed-in user's choice."""
    response = i18n.set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        user_language_set(user=request.user, language=language)  # type: ignore[arg-type]
    return response


@require_GET
def users(request: HttpRequest) -> HttpResponse:
    accounts = managed_accounts(user=request.user)  # type: ignore[arg-type]
    return render(request, "accounts/users.html", {"accounts": accounts})


@never_cache
@require_POST
def user_password_reset(request: HttpRequest, pk: int) -> HttpResponse:
    account = managed_account(user=request.user, pk=pk)  # type: ignore[arg-type]
    temporary = services.user_password_reset(actor=request.user, user=account)  # type: ignore[arg-type]
    return render(
        request,
        "accounts/temporary_password.html",
        {"account": account, "temporary_password": temporary},
    )


@require_POST
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    account = managed_account(user=request.user, pk=pk)  # type: ignore[arg-type]
    services.user_deactivate(actor=request.user, user=account)  # type: ignore[arg-type]
    messages.success(
        request, _("%(username)s can no longer sign in.") % {"username": account.username}
    )
    return redirect("accounts:users")


@require_POST
def user_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    account = managed_account(user=request.user, pk=pk)  # type: ignore[arg-type]
    services.user_reactivate(actor=request.user, user=account)  # type: ignore[arg-type]
    messages.success(request, _("%(username)s can sign in again.") % {"username": account.username})
    return redirect("accounts:users")


@require_POST
def user_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    account = managed_account(user=request.user, pk=pk)  # type: ignore[arg-type]
    services.user_unlock(actor=request.user, user=account)  # type: ignore[arg-type]
    messages.success(
        request,
        _("The failed sign-ins of %(username)s are cleared.") % {"username": account.username},
    )
    return redirect("accounts:users")


@never_cache
@require_POST
def user_second_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    account = managed_account(user=request.user, pk=pk)  # type: ignore[arg-type]
    services.user_second_factor_reset(actor=request.user, user=account)  # type: ignore[arg-type]
    messages.success(
        request,
        _("%(username)s signs in with the password alone until they enrol a second factor again.")
        % {"username": account.username},
    )
    return redirect("accounts:users")


@never_cache
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The tokens of every account the Chief manages, and the form that issues one: the
    secret of a token just issued is shown on the page that answers, once."""
    user = request.user
    holders = api_token_holders(user=user)  # type: ignore[arg-type]
    form = ApiTokenIssueForm(request.POST or None, holders=holders)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                token, secret = services.api_token_issue(
                    actor=user,  # type: ignore[arg-type]
                    user=form.cleaned_data["user"],
                    name=form.cleaned_data["name"],
                    expires_at=form.expires_at(),
                )
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                return render(
                    request, "accounts/api_token_issued.html", {"token": token, "secret": secret}
                )
        status = 400
    return render(
        request,
        "accounts/api_tokens.html",
        {
            "form": form,
            "tokens": api_tokens_managed(user=user),  # type: ignore[arg-type]
            "revoke_form": ApiTokenRevokeForm(),
        },
        status=status,
    )


@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    token = api_token_managed(user=user, pk=pk)  # type: ignore[arg-type]
    form = ApiTokenRevokeForm(request.POST)
    if form.is_valid():
        try:
            services.api_token_revoke(
                actor=user,  # type: ignore[arg-type]
                token=token,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The token %(token)s no longer works.") % {"token": str(token)},
            )
    else:
        messages.error(request, _("Give the reason for revoking the token."))
    return redirect("accounts:api_tokens")


def _add_service_errors(form: ApiTokenIssueForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


@never_cache
@require_GET
def second_factor(request: HttpRequest) -> HttpResponse:
    state = second_factor_state(user=request.user)  # type: ignore[arg-type]
    return render(request, "accounts/second_factor.html", {"state": state})


@never_cache
@require_http_methods(["GET", "POST"])
def second_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Scan the QR code (or type the key), confirm with one code, then read the recovery
    codes, shown once. The key lives in the session until a code confirms it."""
    user = request.user
    if second_factor_enrolled(user=user):  # type: ignore[arg-type]
        return redirect("accounts:second_factor")
    key = request.session.get(ENROLMENT_KEY) or new_enrolment_key()
    request.session[ENROLMENT_KEY] = key
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        enrolled = services.second_factor_enrol(
            user=user,  # type: ignore[arg-type]
            key=key,
            code=form.cleaned_data["code"],
        )
        if enrolled is not None:
            device, codes = enrolled
            del request.session[ENROLMENT_KEY]
            request.session.cycle_key()
            otp_login(request, device)
            return _recovery_codes_page(request, codes)
        form.add_error("code", _("This code is not the one the app shows. Try the next one."))
    return render(
        request,
        "accounts/second_factor_enrol.html",
        {
            "form": form,
            "qr_code": qr_code_svg(TOTPDevice(user=user, key=key).config_url),
            "secret": secret_text(key),
            "next": _next_url(request),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def second_factor_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    next_url = _next_url(request)
    if user.is_verified():  # type: ignore[union-attr]
        return HttpResponseRedirect(next_url)
    state = second_factor_state(user=user)  # type: ignore[arg-type]
    if not state.enrolled:
        # None yet, or withdrawn since the sign-in: enrol, or go on when the role does not
        # need one.
        request.session[SECOND_FACTOR_DUE] = False
        if not state.required:
            return HttpResponseRedirect(next_url)
        return redirect(
            f"{reverse('accounts:second_factor_enrol')}?{urlencode({'next': next_url})}"
        )
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.second_factor_verify(
            user=user,  # type: ignore[arg-type]
            code=form.cleaned_data["code"],
        )
        if device is not None:
            request.session.cycle_key()
            otp_login(request, device)
            return HttpResponseRedirect(next_url)
        form.add_error(
            "code",
            _(
                "This code is not right, or it was used already. After a wrong code, wait a "
                "few seconds before the next try."
            ),
        )
    return render(request, "accounts/second_factor_verify.html", {"form": form, "next": next_url})


@never_cache
@require_POST
def second_factor_recovery_codes(request: HttpRequest) -> HttpResponse:
    codes = services.second_factor_recovery_codes_renew(user=request.user)  # type: ignore[arg-type]
    return _recovery_codes_page(request, codes)


@require_POST
def second_factor_remove(request: HttpRequest) -> HttpResponse:
    services.second_factor_remove(user=request.user)  # type: ignore[arg-type]
    messages.success(request, _("You sign in with your password alone from now on."))
    return redirect("accounts:second_factor")


def _recovery_codes_page(request: HttpRequest, codes: list[str]) -> HttpResponse:
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": _next_url(request)},
    )


def _next_url(request: HttpRequest) -> str:
    """Where the user was going, if it is a page of this site; else the home page."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse(settings.LOGIN_REDIRECT_URL)

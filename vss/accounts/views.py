from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from vss.audit.models import AuditAction
from vss.audit.services import audit_record

from . import services
from .passwords import PasswordChangeForm
from .selectors import managed_account, managed_accounts
from .services import user_language_set

# Answered instead of the sign-in page when axes refuses a sign-in: "Too Many Requests".
LOCKED_OUT_STATUS = 429


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

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
        {"form": AuthenticationForm(request), "locked_out": True},
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

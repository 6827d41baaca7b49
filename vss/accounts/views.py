from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.views import i18n
from django.views.decorators.http import require_POST

from vss.audit.models import AuditAction
from vss.audit.services import audit_record

from .services import user_language_set


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

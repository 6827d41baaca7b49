from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from vss.audit.models import AuditAction
from vss.audit.services import audit_record


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

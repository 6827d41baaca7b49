from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vss.core.forms import DateField, add_service_errors, resend_from

from . import registry
from .models import AuditAction
from .selectors import AuditFilters
from .services import StaleEdit

_T = TypeVar("_T")
_M = TypeVar("_M", bound=Model)


@dataclass(frozen=True)
class Saved(Generic[_T]):
    """What the service returned for a form it took (always true, even when the service
    returns nothing, so a caller may test it without looking inside)."""

    value: _T


def form_saved(form: forms.BaseForm, write: Callable[[], _T]) -> Saved[_T] | None:
    """The result of the service `write` for a sent form that is valid, or None when the
    form or the service refused it. A refusal lands on the form, beside the field it is
    about, so that the form is drawn again as typed; a stale save's form carries the
    version now saved, so that saving it again, once the user has checked it, is taken."""
    if not form.is_valid():
        return None
    try:
        return Saved(write())
    except StaleEdit as error:
        add_service_errors(form, error)
        resend_from(form, error.current_version)
    except ValidationError as error:
        add_service_errors(form, error)
    return None


def record_form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    write: Callable[[], _M],
    *,
    done: Callable[[_M], str],
    detail: str,
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """A page of one form that creates or changes a record: posted and taken by the
    service `write`, the record's page (the URL named `detail`) follows with `done`'s
    message; refused (or opened), the form is drawn with what was typed (400 after a
    refusal)."""
    if request.method == "POST" and (saved := form_saved(form, write)):
        messages.success(request, done(saved.value))
        return redirect(detail, pk=saved.value.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, template, {**context, "form": form}, status=status)


def _record_type_choices() -> list[tuple[str, str | Promise]]:
    return [("", _("Any")), *registry.record_type_choices()]


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Username"), required=False)
    action = forms.ChoiceField(
        label=_("Action"), choices=[("", _("Any")), *AuditAction.choices], required=False
    )
    object_type = forms.ChoiceField(
        label=_("Record type"), choices=_record_type_choices, required=False
    )
    object_ref = forms.CharField(label=_("Record id or VSS number"), required=False)
    date_from = DateField(label=_("From"), required=False)
    date_to = DateField(label=_("Until"), required=False)
    request_id = forms.CharField(label=_("Request id"), required=False)

    def filters(self) -> AuditFilters:
        return AuditFilters(**self.cleaned_data) if self.is_valid() else AuditFilters()

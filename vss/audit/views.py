from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from vss.core.forms import DateField
from vss.core.http import AuthenticatedHttpRequest
from vss.core.lists import list_page

from . import registry
from .models import AuditAction
from .selectors import (
    AuditFilters,
    audit_entries_for_user,
    audit_log_read,
    mask_protected_identities,
)


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


@require_GET
def audit_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filter_form = AuditFilterForm(request.GET or None)
    entries = audit_entries_for_user(request.user, filter_form.filters())
    listing = list_page(request, entries, filter_form=filter_form)
    listing.page.object_list = mask_protected_identities(request.user, listing.page.object_list)
    audit_log_read(request.user, filter_form.filters(), shown=len(listing.page.object_list))
    return render(request, "audit/list.html", listing.context())

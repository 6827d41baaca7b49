from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vss.core.forms import DateField

from . import registry
from .models import AuditAction
from .selectors import AuditFilters


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

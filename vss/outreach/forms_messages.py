"""The filter of the list of messages that did not reach their person."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MessageStatus
from .selectors.messages import FailedFilters


class FailedFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Failed or bounced")),
            (MessageStatus.FAILED, MessageStatus.FAILED.label),
            (MessageStatus.BOUNCED, MessageStatus.BOUNCED.label),
        ],
    )

    def filters(self) -> FailedFilters:
        if not self.is_valid():
            return FailedFilters()
        return FailedFilters(status=self.cleaned_data["status"])

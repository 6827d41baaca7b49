"""The forms of the API tokens page: issue a token to an account, revoke one."""

import datetime

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vss.core.forms import RecordChoiceField

from .models import User


class ApiTokenIssueForm(forms.Form):
    user = RecordChoiceField(label=_("Account"), queryset=User.objects.none())
    name = forms.CharField(
        label=_("What it is for"),
        max_length=100,
        help_text=_("The program or the work the token is given for."),
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for a token that works until it is revoked."),
    )

    def __init__(self, *args: object, holders: QuerySet[User], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["user"].queryset = holders  # type: ignore[attr-defined]

    def clean_expires_on(self) -> datetime.date | None:
        day: datetime.date | None = self.cleaned_data["expires_on"]
        if day is not None and day <= timezone.localdate():
            raise forms.ValidationError(_("Choose a day after today."))
        return day

    def expires_at(self) -> datetime.datetime | None:
        """The end of the chosen day, in the Section's time."""
        day = self.cleaned_data["expires_on"]
        if day is None:
            return None
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


class ApiTokenRevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)

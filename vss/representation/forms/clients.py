"""Forms of a lawyer's side: the filters of their clients, and a note on a client's file."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vss.applications.models import Status
from vss.applications.workflow import CIVIL_PARTY
from vss.core.forms import RecordChoiceField
from vss.proceedings.models import Case

from ..selectors.clients import ClientFilters
from ..services.clients import NOTE_MAX_LENGTH


def _civil_party_statuses() -> list[tuple[str, Any]]:
    """The statuses of the Civil Party path (a complaint has no lawyer), in their order."""
    used = set(CIVIL_PARTY) | {t.to for moves in CIVIL_PARTY.values() for t in moves}
    return [(value, label) for value, label in Status.choices if value in used]


class ClientFilterForm(forms.Form):
    case = RecordChoiceField(
        label=_("Case"),
        queryset=Case.objects.all(),
        required=False,
        empty_label=_("Any"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any")), *_civil_party_statuses()],
        required=False,
    )

    def filters(self) -> ClientFilters:
        if not self.is_valid():
            return ClientFilters()
        case = self.cleaned_data["case"]
        return ClientFilters(case_id=case.pk if case else None, status=self.cleaned_data["status"])


class ClientNoteForm(forms.Form):
    text = forms.CharField(
        label=_("New note"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

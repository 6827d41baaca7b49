from django import forms
from django.utils.translation import gettext_lazy as _

from vss.core.forms import DateField, SentCheckboxInput, VersionField


class CaseDatesForm(forms.Form):
    investigation_closed_on = DateField(
        label=_("Notice of end of investigation"),
        required=False,
        help_text=_("Civil Party applications are due within 15 days of this notice."),
    )
    closing_order_on = DateField(label=_("Closing order"), required=False)
    trial_judgment_on = DateField(label=_("Trial judgment"), required=False)
    appeal_judgment_on = DateField(label=_("Appeal judgment"), required=False)
    is_terminated = forms.BooleanField(
        label=_("Case terminated"), required=False, widget=SentCheckboxInput
    )
    version = VersionField()

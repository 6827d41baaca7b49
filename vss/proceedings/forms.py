from django import forms
from django.utils.translation import gettext_lazy as _

from vss.people.forms import DATE_INPUT


class CaseDatesForm(forms.Form):
    investigation_closed_on = forms.DateField(
        label=_("Notice of end of investigation"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Civil Party applications are due within 15 days of this notice."),
    )
    closing_order_on = forms.DateField(label=_("Closing order"), required=False, widget=DATE_INPUT)
    trial_judgment_on = forms.DateField(
        label=_("Trial judgment"), required=False, widget=DATE_INPUT
    )
    appeal_judgment_on = forms.DateField(
        label=_("Appeal judgment"), required=False, widget=DATE_INPUT
    )
    is_terminated = forms.BooleanField(label=_("Case terminated"), required=False)

"""The forms of the programme's money: a donor, a budget line, a pledge, a payment, the
cancelling of a pledge and the archiving of a line. Amounts are read as decimals, never
floats; the services check what only they can (a rate of 1 for dollars, a cancelled
pledge)."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vss.accounts.models import Organisation, OrganisationKind
from vss.core.forms import DateField, RecordChoiceField, RefusalTakesTheFocus, offer_choices

from .models import Currency
from .services.funding import DonorData, PaymentData, PledgeData

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise


def _amount(label: "StrOrPromise") -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=18, decimal_places=2, min_value=0)


def _rate() -> forms.DecimalField:
    return forms.DecimalField(
        label=_("US dollars for one unit"),
        max_digits=20,
        decimal_places=10,
        help_text=_("The rate of the day, up to ten decimals: 1 for US dollars."),
    )


class DonorForm(RefusalTakesTheFocus, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    name_km = forms.CharField(label=_("Name in Khmer"), max_length=200, required=False)
    acronym = forms.CharField(label=_("Acronym"), max_length=30, required=False)

    def donor_data(self) -> DonorData:
        return DonorData(**self.cleaned_data)


class BudgetLineForm(RefusalTakesTheFocus, forms.Form):
    prefix = "line"
    description = forms.CharField(label=_("What it pays for"), max_length=300)
    amount_usd = forms.DecimalField(
        label=_("Amount (USD)"), max_digits=14, decimal_places=2, min_value=0
    )


class ReasonForm(RefusalTakesTheFocus, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class CancelForm(ReasonForm):
    # The pledge's version when the page was opened: a payment recorded since makes the
    # cancellation refused, since it changed what the cancellation takes away.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class PledgeForm(RefusalTakesTheFocus, forms.Form):
    prefix = "pledge"
    donor = RecordChoiceField(label=_("Donor"), queryset=Organisation.objects.none())
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)
    amount = _amount(_("Amount"))
    pledged_on = DateField(label=_("Pledged on"), initial=timezone.localdate)
    usd_rate = _rate()
    reference = forms.CharField(label=_("Donor's reference"), max_length=100, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, donor=Organisation.objects.filter(kind=OrganisationKind.DONOR))

    def pledge_data(self) -> PledgeData:
        return PledgeData(**self.cleaned_data)


class PaymentForm(RefusalTakesTheFocus, forms.Form):
    amount = _amount(_("Amount, in the pledge's currency"))
    received_on = DateField(label=_("Received on"), initial=timezone.localdate)
    usd_rate = _rate()
    rate_source = forms.CharField(
        label=_("Source of the rate"),
        max_length=200,
        help_text=_("Where the rate of the day was read: the bank's advice, the central bank."),
    )

    def payment_data(self) -> PaymentData:
        return PaymentData(**self.cleaned_data)

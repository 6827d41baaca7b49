"""Money for the projects: donors' pledges and the payments received, each in its own
currency with the rate of its day recorded, so that every USD total is exact and can be
computed again to the cent (Decimal, never float)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vss.accounts.models import Organisation

from .projects import Project


class Currency(models.TextChoices):
    USD = "USD", _("US dollar")
    EUR = "EUR", _("Euro")
    CHF = "CHF", _("Swiss franc")
    AUD = "AUD", _("Australian dollar")
    GBP = "GBP", _("Pound sterling")
    JPY = "JPY", _("Japanese yen")
    KHR = "KHR", _("Cambodian riel")
    SEK = "SEK", _("Swedish krona")
    NOK = "NOK", _("Norwegian krone")
    DKK = "DKK", _("Danish krone")
    CAD = "CAD", _("Canadian dollar")
    NZD = "NZD", _("New Zealand dollar")
    KRW = "KRW", _("Korean won")


class Pledge(models.Model):
    """A donor's promise to a project, in the donor's currency. Until paid, it counts as
    secured at the rate recorded on the day it was made."""

    version = models.PositiveIntegerField(_("version"), default=0, db_default=0, editable=False)
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="pledges"
    )
    donor = models.ForeignKey(
        Organisation, verbose_name=_("donor"), on_delete=models.PROTECT, related_name="pledges"
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency)
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)
    pledged_on = models.DateField(_("pledged on"))
    # US dollars for one unit of the currency on the day of the pledge.
    usd_rate = models.DecimalField(_("USD per unit"), max_digits=20, decimal_places=10)
    amount_usd = models.DecimalField(_("amount (USD)"), max_digits=14, decimal_places=2)
    reference = models.CharField(_("donor's reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    class Meta:
        ordering = ["pledged_on", "id"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="pledge_positive"),
            models.CheckConstraint(condition=Q(usd_rate__gt=0), name="pledge_rate_positive"),
            models.CheckConstraint(
                condition=~Q(currency="USD") | Q(usd_rate=1), name="pledge_usd_at_par"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


class Payment(models.Model):
    """Money received against a pledge, in the pledge's currency, converted at the rate
    of the day it was received."""

    pledge = models.ForeignKey(
        Pledge, verbose_name=_("pledge"), on_delete=models.PROTECT, related_name="payments"
    )
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)
    received_on = models.DateField(_("received on"))
    usd_rate = models.DecimalField(_("USD per unit"), max_digits=20, decimal_places=10)
    amount_usd = models.DecimalField(_("amount (USD)"), max_digits=14, decimal_places=2)
    rate_source = models.CharField(
        _("source of the rate"),
        max_length=200,
        help_text=_("Where the rate of the day was read: the bank's advice, the central bank."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["received_on", "id"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_positive"),
            models.CheckConstraint(condition=Q(usd_rate__gt=0), name="payment_rate_positive"),
            models.CheckConstraint(condition=~Q(rate_source=""), name="payment_rate_sourced"),
        ]

    def __str__(self) -> str:
        return f"{self.amount} on {self.received_on}"

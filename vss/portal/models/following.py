"""What lets an applicant follow their application without an account: a reference, a
secret code (only its hash is stored, as a password's) and their year of birth."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Receipt(models.Model):
    application = models.OneToOneField(
        "applications.Application",
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="receipt",
    )
    # Printed on the receipt and said on the phone: short, without letters that are
    # easily confused, and not the VSS number (which says the case and the order).
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    code_hash = models.CharField(max_length=128)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    # Set when the receipt was sent by SMS too: the message is in the person's history.
    sent_by_sms_at = models.DateTimeField(_("sent by SMS"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")

    def __str__(self) -> str:
        return self.reference

"""Forms filled by an intermediary with no connection and sent later from the device.
Each carries an id made on the device, so a form sent twice (a retry, a double tap, two
tabs) is recorded once."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DeviceFormStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    # Kept with its problems so the intermediary can correct it and send it again under
    # the same id.
    REFUSED = "refused", _("Not accepted")


class DeviceForm(models.Model):
    device_form_id = models.UUIDField(_("form id made on the device"), unique=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="device_forms",
    )
    status = models.CharField(_("status"), max_length=10, choices=DeviceFormStatus.choices)
    # What was wrong, field by field, in the words shown to the intermediary.
    problems = models.JSONField(_("problems"), default=list, blank=True)
    # The digest of what was sent: the same id sent again with other content is refused
    # rather than taken for a retry.
    content_digest = models.CharField(max_length=64)
    filled_at = models.DateTimeField(_("filled on the device"))
    first_sent_at = models.DateTimeField(_("first sent"), auto_now_add=True)
    last_sent_at = models.DateTimeField(_("last sent"), auto_now=True)
    times_sent = models.PositiveIntegerField(_("times sent"), default=1)
    application = models.OneToOneField(
        "applications.Application",
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="device_form",
    )

    class Meta:
        ordering = ["-last_sent_at", "-id"]
        verbose_name = _("form sent from a device")
        verbose_name_plural = _("forms sent from devices")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="received", application__isnull=False)
                | Q(status="refused", application__isnull=True),
                name="portal_received_form_has_application",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organisation", "-last_sent_at"], name="portal_device_form_org_idx"
            )
        ]

    def __str__(self) -> str:
        return str(self.device_form_id)

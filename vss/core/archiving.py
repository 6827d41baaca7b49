"""What every record that may be taken back keeps instead of being deleted: who archived
it, when and why."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Archived(models.Model):
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    archive_reason = models.TextField(_("reason for archiving"), blank=True)

    class Meta:
        abstract = True

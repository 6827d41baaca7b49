from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .messages import worded


class Notification(models.Model):
    """A message to one user inside VSS, also sent by email when the user has an
    address."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications"
    )
    # Written in the recipient's terms when the event happens; it names no protected
    # identity (it says the VSS number, not the person). Shown only when the kind cannot
    # word it again (vss/notifications/messages.py).
    message = models.CharField(_("message"), max_length=300)
    kind = models.CharField(_("kind"), max_length=60, blank=True)
    # Codes and numbers only, worded in the reader's language when read.
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The message in the active language."""
        return worded(self.kind, self.params, self.message)

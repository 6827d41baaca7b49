from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models, router, transaction
from django.utils.translation import gettext_lazy as _

from . import chain


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    STATUS_CHANGE = "status_change", _("Status changed")
    ARCHIVE = "archive", _("Archived")
    MERGE = "merge", _("Merged")
    UNMERGE = "unmerge", _("Merge undone")
    VIEW = "view", _("Viewed")
    DOWNLOAD = "download", _("Downloaded")
    EXPORT = "export", _("Exported")
    SEARCH = "search", _("Searched")
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    LOGOUT = "logout", _("Signed out")
    RESTORE = "restore", _("Restored from a backup")


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def bulk_create(  # type: ignore[override]
        self, objs: Iterable["AuditEntry"], *args: Any, **kwargs: Any
    ) -> list["AuditEntry"]:
        """Insert many entries in one statement, chained in their order."""
        entries = list(objs)
        with transaction.atomic(using=self.db):
            chain.seal(entries, using=self.db)
            return super().bulk_create(entries, *args, **kwargs)


class AuditEntry(models.Model):
    """One line of the append-only log. Database triggers refuse UPDATE and DELETE, so
    not even a bug in this application can rewrite history; and every entry is chained
    to the one before it (vss/audit/chain.py), so a rewrite by anyone who lifts the
    triggers shows in `manage.py verify_audit`."""

    # Set when the entry is chained (never by the caller), so times follow the chain.
    at = models.DateTimeField(_("time"), db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The username as it was, so the entry stays readable if the account is renamed.
    actor_username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(_("record type"), max_length=60)
    object_id = models.CharField(_("record id"), max_length=64)
    # A reference such as a VSS number, never a name: the log must not become a
    # second place where protected identities can be read.
    object_label = models.CharField(_("record"), max_length=120, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    # Made by the server for each request; a client's or a proxy's own id is kept
    # beside it, never trusted as the id.
    request_id = models.CharField(_("request id"), max_length=64, blank=True, db_index=True)
    client_request_id = models.CharField(_("client's request id"), max_length=64, blank=True)
    previous_hash = models.CharField(_("hash of the entry before"), max_length=64, editable=False)
    entry_hash = models.CharField(_("hash"), max_length=64, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["actor", "at"], name="audit_actor_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:  # a change, which the database's triggers refuse
            super().save(*args, **kwargs)
            return
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            chain.seal([self], using=using)
            super().save(*args, **kwargs)

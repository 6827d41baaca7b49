"""Focal persons in the villages: Civil Parties who pass the Section's materials to the
others and bring back lists signed on receipt."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from vss.applications.models import StoredFile
from vss.core.archiving import Archived
from vss.geo.models import Village
from vss.people.models import Person

from .events import Event


class FocalPerson(Archived):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="focal_roles")
    village = models.ForeignKey(
        Village, verbose_name=_("village served"), on_delete=models.PROTECT, related_name="+"
    )
    appointed_on = models.DateField(_("appointed on"))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["village", "id"]
        verbose_name = _("focal person")
        verbose_name_plural = _("focal persons")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(archived_at__isnull=True),
                name="one_active_focal_role_per_person",
            ),
            models.CheckConstraint(
                condition=Q(archived_at__isnull=True) | ~Q(archive_reason=""),
                name="focal_person_archive_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"focal person {self.pk}"


class MaterialHandover(Archived):
    """Materials handed to a focal person, and the list signed by those who received
    them, due back by a date: an overdue list lands in the officer's work queue."""

    # Two officers may record the return of one list, or archive it as the other records it.
    version = models.PositiveIntegerField(_("version"), default=0, db_default=0, editable=False)
    focal_person = models.ForeignKey(
        FocalPerson, on_delete=models.PROTECT, related_name="handovers"
    )
    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, null=True, blank=True, related_name="handovers"
    )
    materials = models.TextField(_("materials"))
    copies = models.PositiveIntegerField(_("copies"))
    handed_on = models.DateField(_("handed over on"))
    receipt_due_on = models.DateField(_("signed list due by"))
    receipt_returned_on = models.DateField(_("signed list returned on"), null=True, blank=True)
    # How many people signed or put their thumbprint on the returned list.
    receipts_signed = models.PositiveIntegerField(_("signatures"), null=True, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        on_delete=models.PROTECT,
        related_name="material_handovers",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["receipt_due_on", "id"]
        verbose_name = _("handover of materials")
        verbose_name_plural = _("handovers of materials")
        constraints = [
            models.CheckConstraint(condition=Q(copies__gt=0), name="handover_copies_positive"),
            models.CheckConstraint(
                condition=Q(receipt_due_on__gte=F("handed_on")), name="receipt_due_after_handover"
            ),
            models.CheckConstraint(
                condition=Q(receipt_returned_on__isnull=True)
                | Q(receipt_returned_on__gte=F("handed_on")),
                name="receipt_returned_after_handover",
            ),
            models.CheckConstraint(
                condition=Q(archived_at__isnull=True) | ~Q(archive_reason=""),
                name="handover_archive_has_reason",
            ),
        ]
        indexes = [
            models.Index(
                fields=["officer", "receipt_due_on"],
                condition=Q(receipt_returned_on__isnull=True, archived_at__isnull=True),
                name="handover_receipt_due_idx",
            )
        ]

    def __str__(self) -> str:
        return f"handover {self.pk}"


class ReceiptScan(StoredFile):
    """The signed list as scanned or photographed, checked by its content."""

    handover = models.ForeignKey(MaterialHandover, on_delete=models.PROTECT, related_name="scans")
    file = models.FileField(upload_to="outreach/receipts/%Y/%m/")

    class Meta(StoredFile.Meta):
        verbose_name = _("signed receipt list")
        verbose_name_plural = _("signed receipt lists")

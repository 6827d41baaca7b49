from urllib.parse import urlencode

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", _("Excel (XLSX)")
    # Drawn from a report's table (a list that declares a PDF of itself).
    PDF = "pdf", "PDF"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being written")
    DONE = "done", _("Ready to download")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Deleted")


class Failure(models.TextChoices):
    # Rows are masked by the rights of the requester when they asked: a job whose
    # requester has since changed role or left is not written with other rights.
    RIGHTS_CHANGED = "rights_changed", _("Your account's rights changed after you asked.")
    ERROR = "error", _("The file could not be written.")


class ExportJob(models.Model):
    """A list written to a file in the background for the user who asked for it: the
    list, its filters and the format as asked, the rows written so far for the page
    that shows the progress, then the file, kept outside the web root."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The requester's role when they asked: the file is written with these rights or
    # not at all.
    role = models.CharField(_("role"), max_length=20)
    list_name = models.CharField(_("list"), max_length=40)
    export_format = models.CharField(_("format"), max_length=4, choices=ExportFormat.choices)
    # The list's filters as the query string gave them: {name: [values]}.
    params = models.JSONField(_("filters"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("rows"), default=0)
    written = models.PositiveIntegerField(_("rows written"), default=0)
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    failure = models.CharField(_("failure"), max_length=20, choices=Failure.choices, blank=True)
    # What went wrong, for whoever keeps the service; the requester reads `failure`.
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        constraints = [
            models.CheckConstraint(
                condition=Q(export_format__in=ExportFormat.values), name="exportjob_format"
            ),
            models.CheckConstraint(
                condition=Q(status__in=JobStatus.values), name="exportjob_status"
            ),
            models.CheckConstraint(
                condition=Q(failure="") | Q(status=JobStatus.FAILED),
                name="exportjob_failure_failed",
            ),
            models.CheckConstraint(
                condition=Q(file_name="") | Q(status=JobStatus.DONE), name="exportjob_file_done"
            ),
        ]

    def __str__(self) -> str:
        return _("Export %(id)s") % {"id": self.pk}

    @property
    def query_string(self) -> str:
        """The list's filters as its page's query string."""
        return urlencode(
            [(name, value) for name, values in self.params.items() for value in values]
        )

    @property
    def progress(self) -> float:
        """The fraction written, for the progress bar."""
        if self.status == JobStatus.DONE:
            return 1.0
        return min(self.written / self.total, 1.0) if self.total else 0.0

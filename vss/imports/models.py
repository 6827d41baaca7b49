from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vss.applications.models import VictimInformationForm
from vss.people.models import Person


class FileFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", _("Excel (XLSX)")


class BatchStatus(models.TextChoices):
    CHECK_QUEUED = "check_queued", _("Waiting for the dry run")
    CHECKING = "checking", _("Dry run under way")
    CHECKED = "checked", _("Dry run finished")
    IMPORT_QUEUED = "import_queued", _("Waiting to be imported")
    IMPORTING = "importing", _("Being imported")
    IMPORTED = "imported", _("Imported")
    FAILED = "failed", _("Failed")


class Stage(models.TextChoices):
    READING = "reading", _("Reading and checking the rows")
    DUPLICATES = "duplicates", _("Looking for duplicates")
    WRITING = "writing", _("Writing the forms")


class ImportBatch(models.Model):
    """One legacy spreadsheet of forms: uploaded and kept outside the web root, checked in
    a dry run (every bad row and every likely duplicate recorded), then, once its uploader
    confirms, imported whole or not at all. The file's digest at the dry run is kept: the
    import reads the file again and refuses it if it is not the file that was checked."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The uploader's role at upload: the jobs run with these rights or not at all.
    role = models.CharField(_("role"), max_length=20)
    # The language the report's reasons are written in: the uploader's at upload.
    language = models.CharField(_("language"), max_length=10)
    original_name = models.CharField(_("file name"), max_length=200)
    file_format = models.CharField(_("format"), max_length=4, choices=FileFormat.choices)
    # The stored file's name under the private folder (storage.py), never the upload's.
    file_name = models.CharField(_("stored file"), max_length=80)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("digest (SHA-256)"), max_length=64)
    # The digest of the file the dry run read: the import needs it to be the file's.
    checked_sha256 = models.CharField(_("digest checked"), max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=BatchStatus.choices, default=BatchStatus.CHECK_QUEUED
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, blank=True)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    bad_rows = models.PositiveIntegerField(_("bad rows"), default=0)
    duplicate_rows = models.PositiveIntegerField(_("rows with likely duplicates"), default=0)
    forms_created = models.PositiveIntegerField(_("forms created"), default=0)
    # Why a job stopped, in the uploader's language; what went wrong underneath is in
    # `error`, for whoever keeps the service.
    failure = models.TextField(_("reason"), blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    checked_at = models.DateTimeField(_("dry run finished"), null=True, blank=True)
    import_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("import asked for by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=BatchStatus.values), name="importbatch_status"
            ),
            models.CheckConstraint(
                condition=Q(file_format__in=FileFormat.values), name="importbatch_format"
            ),
            models.CheckConstraint(
                condition=~Q(status="imported") | ~Q(checked_sha256=""),
                name="importbatch_imported_was_checked",
            ),
            models.CheckConstraint(
                condition=Q(forms_created=0) | Q(status="imported"),
                name="importbatch_forms_only_when_imported",
            ),
        ]

    def __str__(self) -> str:
        return _("Import %(reference)s") % {"reference": self.reference}

    @property
    def reference(self) -> str:
        """The import as the audit log names it: a reference that reads the same in every
        language, as a VSS number does."""
        return f"IMP-{self.pk:05d}"

    @property
    def progress(self) -> float:
        """The fraction of rows the running job has done, for the progress bar."""
        if self.status in (BatchStatus.CHECKED, BatchStatus.IMPORTED):
            return 1.0
        return min(self.rows_done / self.rows_total, 1.0) if self.rows_total else 0.0

    @property
    def is_running(self) -> bool:
        return self.status in (
            BatchStatus.CHECK_QUEUED,
            BatchStatus.CHECKING,
            BatchStatus.IMPORT_QUEUED,
            BatchStatus.IMPORTING,
        )

    @property
    def may_be_imported(self) -> bool:
        return (
            self.status == BatchStatus.CHECKED
            and self.bad_rows == 0
            and self.rows_total > 0
            and self.checked_sha256 == self.sha256
        )


class RowProblem(models.Model):
    """One reason a row cannot be imported: its line in the file (the header is line 1),
    the column, and why, in the uploader's language. Row 0 is the file as a whole."""

    batch = models.ForeignKey(
        ImportBatch, verbose_name=_("import"), on_delete=models.PROTECT, related_name="problems"
    )
    row = models.PositiveIntegerField(_("row"))
    column = models.CharField(_("column"), max_length=60, blank=True)
    message = models.TextField(_("reason"))

    class Meta:
        ordering = ["row", "id"]
        verbose_name = _("problem in a row")
        verbose_name_plural = _("problems in rows")

    def __str__(self) -> str:
        return f"{self.row}: {self.message}"


class LikelyDuplicate(models.Model):
    """A row that may be someone already registered (`person`) or another row of the same
    file (`other_row`): exactly one of the two. Shown through the access policy, so that
    a protected person is never named to who may not see them."""

    batch = models.ForeignKey(
        ImportBatch, verbose_name=_("import"), on_delete=models.PROTECT, related_name="duplicates"
    )
    row = models.PositiveIntegerField(_("row"))
    person = models.ForeignKey(
        Person,
        verbose_name=_("registered person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    other_row = models.PositiveIntegerField(_("other row"), null=True, blank=True)
    # What the two share (names, year of birth, commune), as codes the page words.
    reasons = models.JSONField(_("shared"), default=list)

    class Meta:
        ordering = ["row", "id"]
        verbose_name = _("likely duplicate")
        verbose_name_plural = _("likely duplicates")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=True, other_row__isnull=False)
                | Q(person__isnull=False, other_row__isnull=True),
                name="likelyduplicate_person_or_row",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.row} ~ {self.person_id or self.other_row}"


class ImportedForm(models.Model):
    """Where an imported form came from: its import and its line in the file. Written with
    the form, in the import's one transaction, so every imported record traces back."""

    batch = models.ForeignKey(
        ImportBatch, verbose_name=_("import"), on_delete=models.PROTECT, related_name="forms"
    )
    row = models.PositiveIntegerField(_("row"))
    form = models.OneToOneField(
        VictimInformationForm,
        verbose_name=_("form"),
        on_delete=models.PROTECT,
        related_name="imported_from",
    )

    class Meta:
        ordering = ["batch", "row"]
        verbose_name = _("imported form")
        verbose_name_plural = _("imported forms")
        constraints = [
            models.UniqueConstraint(fields=["batch", "row"], name="importedform_one_per_row"),
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row}"

"""A project at work: its milestones, the partner's progress reports with their files
and photos, who it reached (counts by sex and province, and the Civil Parties who took
part), and the final evaluation."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vss.applications.models import Application, StoredFile
from vss.core.archiving import Archived
from vss.geo.models import Province
from vss.people.models import Language, Sex

from .projects import Project


class Milestone(Archived):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="milestones"
    )
    title = models.CharField(_("milestone"), max_length=300)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [models.CheckConstraint(condition=~Q(title=""), name="milestone_titled")]
        indexes = [
            models.Index(
                fields=["due_on"],
                condition=Q(done_on__isnull=True, archived_at__isnull=True),
                name="milestone_open_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ProgressReport(models.Model):
    """A report on the work of a period, by the partner or the officer."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="reports"
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    text = models.TextField(_("report"))
    language = models.CharField(_("language"), max_length=2, choices=Language)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        ordering = ["-period_end", "-id"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="progress_report_has_text"),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="progress_report_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"report {self.pk}"


class ProgressAttachment(StoredFile, Archived):
    """A file or photo of a report, checked by its content; a photo is drawn again from
    its pixels, so no GPS position or camera owner is kept."""

    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("progress report"),
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    file = models.FileField(upload_to="reparations/reports/%Y/%m/")
    # A photo sent by mistake (a face shown without consent, another project's) is taken
    # off the report, not deleted: who, when and why are kept with it.

    class Meta(StoredFile.Meta):
        verbose_name = _("report attachment")
        verbose_name_plural = _("report attachments")

    @property
    def is_photo(self) -> bool:
        return self.content_type.startswith("image/")


class BeneficiaryCount(models.Model):
    """People a report's period reached, by sex and province (anyone, not only Civil
    Parties: a school's pupils, a village's visitors)."""

    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("progress report"),
        on_delete=models.PROTECT,
        related_name="counts",
    )
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    sex = models.CharField(_("sex"), max_length=10, choices=Sex)
    count = models.PositiveIntegerField(_("people reached"))

    class Meta:
        ordering = ["province", "sex"]
        verbose_name = _("people reached")
        verbose_name_plural = _("people reached")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "province", "sex"], name="one_count_per_report_province_sex"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.province_id} {self.sex}: {self.count}"


class Participation(Archived):
    """A Civil Party who took part in the project: the only personal data a partner of
    the project reads."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="participations"
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("Civil Party"),
        on_delete=models.PROTECT,
        related_name="reparation_participations",
    )
    took_part_on = models.DateField(_("date"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("Civil Party taking part")
        verbose_name_plural = _("Civil Parties taking part")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "application"],
                condition=Q(archived_at__isnull=True),
                name="one_participation_per_civil_party",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.application_id}"


class Evaluation(models.Model):
    """The final evaluation of a completed project."""

    project = models.OneToOneField(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="evaluation"
    )
    evaluated_on = models.DateField(_("evaluated on"))
    evaluator = models.CharField(_("evaluator"), max_length=200)
    summary = models.TextField(_("findings"))
    language = models.CharField(_("language"), max_length=2, choices=Language)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.CheckConstraint(condition=~Q(summary=""), name="evaluation_has_findings"),
            models.CheckConstraint(condition=~Q(evaluator=""), name="evaluation_names_evaluator"),
        ]

    def __str__(self) -> str:
        return f"evaluation {self.pk}"

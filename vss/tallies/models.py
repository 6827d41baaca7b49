"""Counts kept so that a figure over a million records reads a few thousand rows: each
figure an app registers (`registry.py`) is counted again in the background, as a whole, and
read from here until the next count."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class KeptCount(models.Model):
    """How many records of one case, status and month have one value of a figure, as last
    counted. The columns are generic: the app that registers the figure says what its
    status, month and value are."""

    figure = models.CharField(max_length=60)
    # Not a foreign key: the kept counts sit below the cases in the layers, and are
    # replaced as a whole at each count.
    case_id = models.IntegerField(null=True)
    status = models.CharField(max_length=30, blank=True)
    month = models.DateField(null=True)
    # NULL when the record has no value for the figure (no crime recorded), apart from
    # an empty value that is one (no province given).
    value = models.TextField(null=True)  # noqa: DJ001
    n = models.BigIntegerField()

    class Meta:
        verbose_name = _("kept count")
        verbose_name_plural = _("kept counts")
        indexes = [
            models.Index(fields=["figure", "month"], name="tallies_figure_month"),
            # A figure by a record of its own (a group, a lawyer) is read for one record.
            models.Index(fields=["figure", "value"], name="tallies_figure_value"),
        ]
        constraints = [models.CheckConstraint(condition=models.Q(n__gt=0), name="tally_counts")]

    def __str__(self) -> str:
        return f"{self.figure} {self.case_id} {self.status} {self.month} {self.value}: {self.n}"


class CountingStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Counting")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Counting(models.Model):
    """One count of every kept figure: who or what asked for it, and when it finished (the
    moment the figures are "as of")."""

    status = models.CharField(
        _("status"), max_length=10, choices=CountingStatus.choices, default=CountingStatus.QUEUED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asked by"),
    )
    requested_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("rows kept"), default=0)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("count of the figures")
        verbose_name_plural = _("counts of the figures")
        constraints = [
            # At most one count waits and one runs: asking again while one waits joins
            # it; asking while one runs queues the next, which sees what changed since.
            models.UniqueConstraint(
                fields=["status"],
                condition=models.Q(status__in=["queued", "running"]),
                name="one_counting_under_way",
            ),
            models.CheckConstraint(
                condition=models.Q(status="done", finished_at__isnull=False)
                | ~models.Q(status="done"),
                name="counting_done_has_finished_at",
            ),
        ]

    def __str__(self) -> str:
        return f"counting {self.pk} ({self.status})"

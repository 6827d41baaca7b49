"""What the core keeps: the background workers' sign of life."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerBeat(models.Model):
    """A background worker's last sign of life, written every few seconds while it runs
    (vss.core.workers). A task left running by a worker whose beat has stopped was
    interrupted: `manage.py resume_jobs` hands it to another worker."""

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    host = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started"))
    beat_at = models.DateTimeField(_("last sign of life"), db_index=True)

    class Meta:
        verbose_name = _("worker's sign of life")
        verbose_name_plural = _("workers' signs of life")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}, {self.pid})"

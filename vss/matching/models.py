from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from vss.people.models import Person


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")


class MatchRun(models.Model):
    """One pass of the matcher over every person in the registry, run in the background;
    its page shows the progress, then the pairs it proposes for review."""

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    stage = models.CharField(_("stage"), max_length=30, blank=True)
    progress = models.FloatField(_("progress"), default=0.0)
    persons = models.PositiveIntegerField(_("people compared"), default=0)
    candidate_pairs = models.PositiveBigIntegerField(_("pairs compared"), default=0)
    proposed_pairs = models.PositiveIntegerField(_("pairs proposed"), default=0)
    # The learnt model (m, u, prior), kept so a reviewer can see what the scores rest on
    # and so the live check during intake scores with the same parameters.
    model = models.JSONField(default=dict, blank=True)
    # What the run chose and why (MatchResult.report): whether it learnt from this
    # registry or fell back on the defaults, its threshold with the precision and recall
    # it expects there, its largest clusters.
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=1), name="matchrun_progress_fraction"
            ),
        ]

    def __str__(self) -> str:
        return _("Matching run %(id)s") % {"id": self.pk}


class CandidateStatus(models.TextChoices):
    OPEN = "open", _("To review")
    MERGED = "merged", _("Same person: merged")
    DIFFERENT = "different", _("Different people")
    SUPERSEDED = "superseded", _("Replaced by a later run")


class MatchCandidate(models.Model):
    """A pair the matcher proposes as possibly one person, with why."""

    run = models.ForeignKey(MatchRun, on_delete=models.PROTECT, related_name="candidates")
    person_a = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    probability = models.FloatField(_("probability"))
    weight = models.FloatField(_("match weight"))
    # Field by field: level and contribution (see vss.matching.engine.model.explain).
    explanation = models.JSONField(default=list)
    # People the run put together: one cluster may hold more than two records.
    cluster = models.PositiveIntegerField(_("group"))
    status = models.CharField(
        _("status"), max_length=12, choices=CandidateStatus.choices, default=CandidateStatus.OPEN
    )

    class Meta:
        ordering = ["-probability", "id"]
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [
            models.CheckConstraint(
                condition=Q(person_a__lt=F("person_b")), name="candidate_pair_ordered"
            ),
            models.UniqueConstraint(
                fields=["run", "person_a", "person_b"], name="candidate_unique_in_run"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-probability"], name="candidate_queue_idx"),
            models.Index(fields=["run", "cluster"], name="candidate_cluster_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person_a_id} ~ {self.person_b_id} ({self.probability:.2f})"


class DifferentPeople(models.Model):
    """A reviewer's finding that two records are different people: the pair is never
    proposed again."""

    person_a = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("different people")
        verbose_name_plural = _("different people")
        constraints = [
            models.CheckConstraint(
                condition=Q(person_a__lt=F("person_b")), name="different_pair_ordered"
            ),
            models.UniqueConstraint(fields=["person_a", "person_b"], name="different_pair_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person_a_id} ≠ {self.person_b_id}"


class PersonMerge(models.Model):
    """One person's records folded into another's. `moved` lists every row that changed
    hands, with what it was before, so that an unmerge puts back exactly what was there."""

    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_received")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_given")
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(_("merged"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)
    candidate = models.ForeignKey(
        MatchCandidate, on_delete=models.PROTECT, null=True, blank=True, related_name="merges"
    )
    moved = models.JSONField(default=dict)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    undo_reason = models.TextField(_("reason for undoing"), blank=True)

    class Meta:
        ordering = ["-merged_at", "-id"]
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        constraints = [
            models.CheckConstraint(condition=~Q(survivor=F("merged")), name="merge_two_people"),
            models.CheckConstraint(
                condition=Q(undone_at__isnull=True) | ~Q(undo_reason=""),
                name="merge_undo_has_reason",
            ),
            # A person is folded into one other at a time.
            models.UniqueConstraint(
                fields=["merged"], condition=Q(undone_at__isnull=True), name="merge_once_at_a_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.survivor_id}"

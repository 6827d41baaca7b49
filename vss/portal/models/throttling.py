"""Counts of attempts per key and time window, kept in the database so that every
process of the site shares them (a cache local to one process would let a guesser
multiply their tries by the number of processes)."""

from django.db import models


class Throttle(models.Model):
    # A digest of what is counted (the action and the address or reference): no IP
    # address or reference is stored in clear.
    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="portal_throttle_once")
        ]
        indexes = [models.Index(fields=["window_start"], name="portal_throttle_window_idx")]

    def __str__(self) -> str:
        return f"{self.key[:8]} {self.window_start:%Y-%m-%d %H:%M}: {self.count}"

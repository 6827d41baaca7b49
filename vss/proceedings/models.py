import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vss.core.i18n import localized
from vss.geo.models import CrimeSite

DEMO_CASE_NUMBER = "DEMO"


class CrimeType(models.Model):
    """Crimes as charged: genocide, crimes against humanity (each underlying act), grave
    breaches and crimes under the 1956 Penal Code."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    category = models.CharField(_("category"), max_length=80)
    name = models.CharField(_("name"), max_length=120)
    name_km = models.CharField(_("name (Khmer)"), max_length=120, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=120, blank=True)

    class Meta:
        ordering = ["category", "name"]
        verbose_name = _("crime type")
        verbose_name_plural = _("crime types")

    def __str__(self) -> str:
        return localized(self, "name")


class ChargedPerson(models.Model):
    name = models.CharField(_("name"), max_length=120)
    name_km = models.CharField(_("name (Khmer)"), max_length=120, blank=True)
    alias = models.CharField(_("alias"), max_length=60, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("charged person")
        verbose_name_plural = _("charged persons")

    def __str__(self) -> str:
        return localized(self, "name")


class Case(models.Model):
    # Counts the record's audited saves, so that a form opened on an older version is
    # refused rather than silently putting back what was saved meanwhile.
    version = models.PositiveIntegerField(_("version"), default=0, db_default=0, editable=False)
    number = models.CharField(_("case number"), max_length=20, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("severed from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_cases",
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    title_km = models.CharField(_("title (Khmer)"), max_length=200, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    charged_persons = models.ManyToManyField(ChargedPerson, blank=True, related_name="cases")
    crime_sites = models.ManyToManyField(CrimeSite, blank=True, related_name="cases")
    crime_types = models.ManyToManyField(CrimeType, blank=True, related_name="cases")
    investigation_closed_on = models.DateField(
        _("notice of end of investigation"), null=True, blank=True
    )
    closing_order_on = models.DateField(_("closing order"), null=True, blank=True)
    trial_judgment_on = models.DateField(_("trial judgment"), null=True, blank=True)
    appeal_judgment_on = models.DateField(_("appeal judgment"), null=True, blank=True)
    is_terminated = models.BooleanField(_("terminated"), default=False)
    accepts_applications = models.BooleanField(
        _("accepts applications"),
        default=True,
        help_text=_(
            "A case severed into trial segments takes applications itself: a Civil Party of "
            "Case 002 is a Civil Party in 002/01 and 002/02."
        ),
    )
    # A case for trying VSS out, made by the demo data alone (never in production) and
    # kept open for applications by `manage.py open_demo_case`; no real case is one.
    is_demo = models.BooleanField(_("demo case"), default=False, db_default=False, editable=False)
    # Last serial handed out in this case's VSS numbers; bumped under a row lock.
    last_vss_serial = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["number"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="case_not_own_parent"),
            models.UniqueConstraint(
                fields=["is_demo"], condition=Q(is_demo=True), name="one_demo_case"
            ),
        ]

    def __str__(self) -> str:
        if self.is_demo:
            return str(_("Demo case, for practice"))
        return _("Case %(number)s") % {"number": self.number}

    @property
    def localized_title(self) -> str:
        return localized(self, "title")

    @property
    def filing_case_id(self) -> int:
        """The case the Civil Parties of this one filed in: a trial segment severed from a
        case (002/01, 002/02) takes no applications of its own, its Civil Parties are the
        parent's."""
        if self.accepts_applications or self.parent_id is None:
            return self.pk
        return self.parent_id

    @property
    def application_deadline(self) -> datetime.date | None:
        if self.investigation_closed_on is None:
            return None
        return self.investigation_closed_on + datetime.timedelta(
            days=settings.VSS_APPLICATION_DEADLINE_DAYS
        )

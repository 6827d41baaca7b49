from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CHIEF = "chief", _("Chief of Section")
    INTAKE = "intake", _("Intake officer")
    LEGAL = "legal", _("Legal officer")
    REPARATIONS = "reparations", _("Reparations officer")
    OUTREACH = "outreach", _("Outreach officer")
    AUDITOR = "auditor", _("Data-protection auditor")
    INTERMEDIARY = "intermediary", _("Intermediary organisation user")
    LAWYER = "lawyer", _("Civil Party Lawyer")
    PARTNER = "partner", _("Partner organisation user")
    DONOR = "donor", _("Donor organisation user")


class OrganisationKind(models.TextChoices):
    INTERMEDIARY = "intermediary", _("Intermediary organisation")
    PARTNER = "partner", _("Implementing or support partner")
    DONOR = "donor", _("Donor")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    name_km = models.CharField(_("name in Khmer"), max_length=200, blank=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    # An intermediary may also be the partner people are referred to (TPO Cambodia
    # collected forms and gave testimonial therapy).
    offers_support = models.BooleanField(_("offers psychosocial support"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.acronym or self.name


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # The interface language the user last chose: notifications and their emails are
    # written in it, whoever's action caused them.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    # Set when the Chief gives the account a temporary password, cleared when its holder
    # chooses their own: until then the holder reaches only the password page.
    must_change_password = models.BooleanField(
        _("must change password"), default=False, db_default=False
    )
    # An account VSS itself acts as (the public site recording what the public sends):
    # no one signs in to it, and it is never offered as the author of someone's work.
    is_service = models.BooleanField(_("service account"), default=False, db_default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # An intermediary's or a partner's scope is its organisation's records: without
            # one it would have no scope at all, or worse, be mistaken for staff.
            models.CheckConstraint(
                condition=~models.Q(role="intermediary") | models.Q(organisation__isnull=False),
                name="intermediary_user_has_organisation",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="partner") | models.Q(organisation__isnull=False),
                name="partner_user_has_organisation",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="donor") | models.Q(organisation__isnull=False),
                name="donor_user_has_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

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


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def unrevoked(self) -> "ApiTokenQuerySet":
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A secret that lets a program act for one user through the API, as that user would
    in the pages. Only a digest of the secret is kept: the secret is shown once, when the
    Chief issues it, and a token is never deleted, only revoked with a reason."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    # SHA-256 of the secret: the secret is 32 random bytes, so a fast digest hides it as
    # well as a slow one would, and lets a request find its token in one indexed read.
    digest = models.CharField(_("digest"), max_length=64, unique=True, editable=False)
    # The secret's first characters, to tell tokens apart on the page and in the log.
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    issued_by = models.ForeignKey(
        User, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User,
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            # A revocation always says who and why.
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True)
                | (models.Q(revoked_by__isnull=False) & ~models.Q(revoke_reason="")),
                name="api_token_revoked_with_who_and_why",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

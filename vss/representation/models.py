"""Civil Party Lawyers, their mandates and the groups of Civil Parties (Rules 12bis and
23ter): who may represent, who represents whom, and how Civil Parties are grouped."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from vss.accounts.models import Organisation
from vss.applications.models import Application, StoredFile
from vss.core.i18n import localized
from vss.geo.models import CrimeSite, Province
from vss.people.models import Person
from vss.proceedings.models import Case

from .labels import bar_label, languages_label, team_label

# Lawyers are listed as their names are shown, FAMILY Given, whatever the case of the
# family name: "de Graaf" among the Ds, not after every capital as a binary sort puts it.
LAWYER_NAME_ORDER = (Upper("family_name"), Upper("given_name"), "id")


class LawyerKind(models.TextChoices):
    NATIONAL = "national", _("National (Cambodian) lawyer")
    INTERNATIONAL = "international", _("International lawyer")


class LawyerStatus(models.TextChoices):
    APPLIED = "applied", _("Applied to the list")
    RECOGNISED = "recognised", _("On the list")
    REFUSED = "refused", _("Application refused")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn from the list")


class LawyerQuerySet(models.QuerySet["Lawyer"]):
    def on_the_list(self) -> "LawyerQuerySet":
        """The lawyers who may represent Civil Parties now: recognised, and neither
        suspended nor withdrawn since."""
        return self.filter(status=LawyerStatus.RECOGNISED)


class Lawyer(models.Model):
    """A lawyer on the VSS list of Civil Party Lawyers, or applying to be on it."""

    # Counts the record's audited edits, so that an edit opened before another one is
    # refused rather than silently putting back what was saved meanwhile.
    version = models.PositiveIntegerField(_("version"), default=0, db_default=0, editable=False)

    family_name = models.CharField(_("family name"), max_length=100)
    given_name = models.CharField(_("given name"), max_length=100)
    name_km = models.CharField(_("name in Khmer"), max_length=200, blank=True)
    kind = models.CharField(_("national or international"), max_length=20, choices=LawyerKind)
    bar = models.CharField(_("bar association"), max_length=200)
    bar_number = models.CharField(_("bar registration number"), max_length=50)
    languages = models.CharField(
        _("working languages"), max_length=200, help_text=_("For example: Khmer, French.")
    )
    legal_team = models.CharField(_("organisation or legal team"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.TextField(_("postal address"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=LawyerStatus, default=LawyerStatus.APPLIED
    )
    applied_on = models.DateField(_("date of application"))
    # The lawyer's own account, once given one: it sees the lawyer's clients only.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lawyer",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = LawyerQuerySet.as_manager()

    class Meta:
        ordering = LAWYER_NAME_ORDER
        verbose_name = _("Civil Party Lawyer")
        verbose_name_plural = _("Civil Party Lawyers")
        constraints = [
            models.UniqueConstraint(fields=["bar", "bar_number"], name="lawyer_bar_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.family_name.upper()} {self.given_name}"

    @property
    def bar_shown(self) -> str:
        return bar_label(self.bar)

    @property
    def languages_shown(self) -> str:
        return languages_label(self.languages)

    @property
    def legal_team_shown(self) -> str:
        return team_label(self.legal_team)


class LawyerStatusChange(models.Model):
    """A decision on a lawyer's place on the list: recognised, refused, suspended ..."""

    lawyer = models.ForeignKey(Lawyer, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=20, choices=LawyerStatus)
    to_status = models.CharField(_("to"), max_length=20, choices=LawyerStatus)
    decided_on = models.DateField(_("date of decision"))
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("lawyer status change")
        verbose_name_plural = _("lawyer status changes")

    def __str__(self) -> str:
        return f"{self.lawyer}: {self.from_status} -> {self.to_status}"


class LawyerDocumentKind(models.TextChoices):
    BAR_CERTIFICATE = "bar_certificate", _("Certificate of bar membership")
    CV = "cv", _("Curriculum vitae")
    LETTER = "letter", _("Letter of application")
    IDENTITY = "identity", _("Identity document")
    OTHER = "other", _("Other")


class LawyerDocument(StoredFile):
    lawyer = models.ForeignKey(Lawyer, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("document"), max_length=20, choices=LawyerDocumentKind)
    file = models.FileField(upload_to="lawyers/%Y/%m/")

    class Meta(StoredFile.Meta):
        verbose_name = _("lawyer's document")
        verbose_name_plural = _("lawyers' documents")


class LeadCoLawyerAppointment(models.Model):
    """One of the two Civil Party Lead Co-Lawyers of a case: one Cambodian, one
    international, who represent the consolidated group at trial."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="lead_co_lawyers"
    )
    lawyer = models.ForeignKey(
        Lawyer, verbose_name=_("lawyer"), on_delete=models.PROTECT, related_name="lead_mandates"
    )
    seat = models.CharField(_("seat"), max_length=20, choices=LawyerKind)
    appointed_on = models.DateField(_("appointed on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["case", "seat", "-appointed_on"]
        verbose_name = _("Lead Co-Lawyer appointment")
        verbose_name_plural = _("Lead Co-Lawyer appointments")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "seat"],
                condition=Q(ended_on__isnull=True),
                name="one_lead_co_lawyer_per_seat",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("appointed_on")),
                name="lead_co_lawyer_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.lawyer} ({self.seat})"


class ConflictOfInterest(models.Model):
    """A declared conflict between a lawyer and a person: it blocks giving that person
    to that lawyer unless the Chief of Section overrides it with a reason."""

    lawyer = models.ForeignKey(Lawyer, on_delete=models.PROTECT, related_name="conflicts")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="lawyer_conflicts")
    description = models.TextField(_("nature of the conflict"))
    declared_on = models.DateField(_("declared on"))
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    lifted_on = models.DateField(_("lifted on"), null=True, blank=True)
    lift_reason = models.TextField(_("reason for lifting"), blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-declared_on", "-id"]
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.CheckConstraint(
                condition=Q(lifted_on__isnull=True) | ~Q(lift_reason=""),
                name="conflict_lift_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lawyer} / {self.person_id}"


class GroupBasis(models.TextChoices):
    LEGAL_TEAM = "legal_team", _("Legal team")
    CRIME_SITE = "crime_site", _("Crime site")
    INTERMEDIARY = "intermediary", _("Intermediary organisation")
    PROVINCE = "province", _("Province")
    OTHER = "other", _("Other")


class CivilPartyGroup(models.Model):
    """Civil Parties of one case grouped for collective representation, with their
    common lawyer."""

    # Counts the record's audited saves (its edits and the grouping tool's moves), so that
    # an edit opened before another save is refused rather than putting back its lawyer.
    version = models.PositiveIntegerField(_("version"), default=0, db_default=0, editable=False)
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="civil_party_groups"
    )
    name = models.CharField(_("name"), max_length=200)
    # A group named by the VSS for its Civil Parties is named in each language they read.
    name_km = models.CharField(_("name (Khmer)"), max_length=200, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    basis = models.CharField(_("formed by"), max_length=20, choices=GroupBasis)
    legal_team = models.CharField(_("legal team"), max_length=200, blank=True)
    crime_site = models.ForeignKey(
        CrimeSite, verbose_name=_("crime site"), on_delete=models.PROTECT, null=True, blank=True
    )
    intermediary = models.ForeignKey(
        Organisation,
        verbose_name=_("intermediary organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, null=True, blank=True
    )
    lawyer = models.ForeignKey(
        Lawyer,
        verbose_name=_("common lawyer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="groups",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    archive_reason = models.TextField(_("reason for archiving"), blank=True)

    class Meta:
        ordering = ["case", "name"]
        verbose_name = _("Civil Party group")
        verbose_name_plural = _("Civil Party groups")
        constraints = [
            models.UniqueConstraint(fields=["case", "name"], name="group_name_unique_in_case"),
            models.CheckConstraint(
                condition=~Q(basis="crime_site") | Q(crime_site__isnull=False),
                name="group_by_crime_site_names_it",
            ),
            models.CheckConstraint(
                condition=~Q(basis="intermediary") | Q(intermediary__isnull=False),
                name="group_by_intermediary_names_it",
            ),
            models.CheckConstraint(
                condition=~Q(basis="province") | Q(province__isnull=False),
                name="group_by_province_names_it",
            ),
            models.CheckConstraint(
                condition=Q(archived_at__isnull=True) | ~Q(archive_reason=""),
                name="group_archive_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return localized(self, "name")

    @property
    def names(self) -> dict[str, str]:
        """The group's name in each language it has one in (for a notification, worded
        when read)."""
        named = {"en": self.name, "km": self.name_km, "fr": self.name_fr}
        return {language: name for language, name in named.items() if name}

    @property
    def legal_team_shown(self) -> str:
        return team_label(self.legal_team)


class GroupMembership(models.Model):
    """A Civil Party's application in a group, from one date to another: a move to
    another group ends one membership and starts the next."""

    group = models.ForeignKey(CivilPartyGroup, on_delete=models.PROTECT, related_name="memberships")
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="group_memberships"
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    end_reason = models.TextField(_("reason for leaving"), blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(ended_on__isnull=True),
                name="one_current_group_per_application",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="membership_period_ordered",
            ),
        ]
        indexes = [models.Index(fields=["group", "ended_on"], name="membership_group_idx")]

    def __str__(self) -> str:
        return f"{self.application_id} in {self.group_id}"


class Representation(models.Model):
    """A lawyer's mandate for a Civil Party in a case (the application names both)."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="representations"
    )
    lawyer = models.ForeignKey(
        Lawyer, verbose_name=_("lawyer"), on_delete=models.PROTECT, related_name="representations"
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending"), blank=True)
    power_of_attorney = models.FileField(
        _("power of attorney"), upload_to="powers/%Y/%m/", blank=True
    )
    power_of_attorney_name = models.CharField(max_length=200, blank=True)
    power_of_attorney_sha256 = models.CharField(max_length=64, blank=True)
    # Set when the Chief gave this mandate despite a declared conflict of interest.
    conflict_override_reason = models.TextField(_("reason for overriding a conflict"), blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("representation")
        verbose_name_plural = _("representations")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "lawyer"],
                condition=Q(ended_on__isnull=True),
                name="one_current_mandate_per_lawyer_and_application",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="representation_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | ~Q(end_reason=""),
                name="representation_end_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["lawyer", "ended_on"], name="representation_lawyer_idx"),
            models.Index(fields=["application", "ended_on"], name="representation_app_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.lawyer} for {self.application_id}"


class ClientNote(models.Model):
    """A note a lawyer (or VSS staff) adds to a Civil Party's file."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="notes")
    text = models.TextField(_("note"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("note on a file")
        verbose_name_plural = _("notes on files")

    def __str__(self) -> str:
        return f"note {self.pk}"

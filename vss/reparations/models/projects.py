"""A reparation project (Rule 23quinquies) or a non-judicial measure: collective and
moral, never money to individuals; its lifecycle from an idea to its evaluation."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from vss.accounts.models import Organisation
from vss.applications.models import StoredFile
from vss.core.archiving import Archived
from vss.proceedings.models import Case
from vss.representation.models import CivilPartyGroup, Lawyer


class Category(models.TextChoices):
    """The four categories the Section names its measures by."""

    REMEMBRANCE = "remembrance", _("Remembrance")
    REHABILITATION = "rehabilitation", _("Rehabilitation")
    DOCUMENTATION = "documentation", _("Documentation")
    EDUCATION = "education", _("Education")


class ProjectStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    DESIGNED = "designed", _("Designed")
    FUNDRAISING = "fundraising", _("Fundraising")
    FUNDED = "funded", _("Funded")
    REQUESTED = "requested", _("Requested in the claim")
    ENDORSED = "endorsed", _("Endorsed in the judgment")
    REJECTED = "rejected", _("Rejected in the judgment")
    NON_JUDICIAL = "non_judicial", _("Continuing as a non-judicial measure")
    AGREEMENT_SIGNED = "agreement_signed", _("Agreement signed")
    IN_IMPLEMENTATION = "in_implementation", _("In implementation")
    COMPLETED = "completed", _("Completed")
    EVALUATED = "evaluated", _("Evaluated")
    ABANDONED = "abandoned", _("Abandoned")


class Track(models.TextChoices):
    """Whether the project goes before the judges: a judicial reparation is requested in
    the Lead Co-Lawyers' claim; a non-judicial measure is carried out beside the trial
    (from the start, or after a rejection or a case that ended without a conviction)."""

    JUDICIAL = "judicial", _("Judicial reparation")
    NON_JUDICIAL = "non_judicial", _("Non-judicial measure")


class Chamber(models.TextChoices):
    TRIAL = "trial", _("Trial Chamber")
    SUPREME_COURT = "supreme_court", _("Supreme Court Chamber")


class Project(models.Model):
    # Counts the project's audited saves and moves: two officers editing one project
    # (its texts, its budget, its status) find the later save refused, not merged.
    version = models.PositiveIntegerField(_("version"), default=0, db_default=0, editable=False)
    reference = models.CharField(_("reference"), max_length=30, unique=True)
    title_km = models.CharField(_("title (Khmer)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_fr = models.CharField(_("title (French)"), max_length=300)
    description_km = models.TextField(_("description (Khmer)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category)
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus, default=ProjectStatus.IDEA
    )
    track = models.CharField(_("track"), max_length=20, choices=Track, default=Track.JUDICIAL)
    cases = models.ManyToManyField(Case, verbose_name=_("cases"), related_name="projects")
    groups_served = models.ManyToManyField(
        CivilPartyGroup,
        verbose_name=_("groups served"),
        blank=True,
        related_name="projects",
    )
    partners: models.ManyToManyField[Organisation, "ProjectPartner"] = models.ManyToManyField(
        Organisation,
        verbose_name=_("implementing partners"),
        through="ProjectPartner",
        related_name="projects",
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible officer"),
        on_delete=models.PROTECT,
        related_name="reparation_projects",
    )
    # The budget's total, kept by the services that write its lines (budget_line_*), so
    # that the programme's gaps are read without summing every line of every project.
    budget_usd = models.DecimalField(
        _("budget (USD)"), max_digits=14, decimal_places=2, default=0, db_default=0
    )
    # What is secured (payments received, and pledges not yet paid at their recorded
    # rate) and received, in USD: kept by the funding services, checked against a recount.
    secured_usd = models.DecimalField(
        _("secured (USD)"), max_digits=14, decimal_places=2, default=0, db_default=0
    )
    received_usd = models.DecimalField(
        _("received (USD)"), max_digits=14, decimal_places=2, default=0, db_default=0
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["reference"]
        verbose_name = _("reparation project")
        verbose_name_plural = _("reparation projects")
        constraints = [
            models.CheckConstraint(
                condition=~Q(title_km="") & ~Q(title_en="") & ~Q(title_fr=""),
                name="project_titled_in_three_languages",
            ),
            models.CheckConstraint(
                condition=Q(budget_usd__gte=0) & Q(secured_usd__gte=0) & Q(received_usd__gte=0),
                name="project_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(received_usd__lte=F("secured_usd")),
                name="project_received_within_secured",
            ),
        ]
        indexes = [models.Index(fields=["status", "category"], name="project_status_category")]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def title(self) -> str:
        """The title in the reader's language."""
        return _in_language(self, "title")

    @property
    def description(self) -> str:
        return _in_language(self, "description")

    @property
    def gap_usd(self):  # type: ignore[no-untyped-def]
        """What is still to be found; never below zero (funding beyond the budget is
        not a negative gap another project could use)."""
        return max(self.budget_usd - self.secured_usd, 0)


def _in_language(project: Project, field: str) -> str:
    language = (get_language() or "km")[:2]
    if language not in ("km", "en", "fr"):
        language = "en"
    return str(getattr(project, f"{field}_{language}"))


class ProjectPartner(models.Model):
    """An organisation that implements the project, with the person to reach there."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="partnerships"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    is_lead = models.BooleanField(_("lead implementer"), default=False)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    end_reason = models.TextField(_("reason for ending"), blank=True)

    class Meta:
        ordering = ["-is_lead", "organisation__name"]
        verbose_name = _("implementing partner")
        verbose_name_plural = _("implementing partners")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"],
                condition=Q(ended_at__isnull=True),
                name="one_current_partnership_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class BudgetLine(Archived):
    """One line of the project's budget, in US dollars (the programme's currency)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="budget_lines"
    )
    description = models.CharField(_("budget line"), max_length=300)
    amount_usd = models.DecimalField(_("amount (USD)"), max_digits=14, decimal_places=2)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.CheckConstraint(condition=Q(amount_usd__gt=0), name="budget_line_positive"),
            models.CheckConstraint(condition=~Q(description=""), name="budget_line_described"),
        ]

    def __str__(self) -> str:
        return self.description


class ProjectStatusChange(models.Model):
    """One move of the lifecycle: who, when, why, and for a judgment its chamber, date
    and document number."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="status_changes"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=ProjectStatus)
    to_status = models.CharField(_("to"), max_length=20, choices=ProjectStatus)
    happened_on = models.DateField(_("date"))
    reason = models.TextField(_("reason"), blank=True)
    # Set when a project is requested in the claim while underfunded: why the Chief let it
    # go before the judges without its funding secured.
    underfunded_reason = models.TextField(_("reason for requesting it underfunded"), blank=True)
    chamber = models.CharField(_("chamber"), max_length=20, choices=Chamber, blank=True)
    document_number = models.CharField(_("court document number"), max_length=40, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["decided_at", "id"]
        verbose_name = _("project status change")
        verbose_name_plural = _("project status changes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(to_status__in=["endorsed", "rejected"])
                | (~Q(chamber="") & ~Q(document_number="")),
                name="judgment_names_chamber_and_document",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_status} -> {self.to_status}"


class ClaimRequest(models.Model):
    """A Lead Co-Lawyer's mark that they request the project in the claim of a case; the
    Chief's approval then moves the project into the claim."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="claim_requests"
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="+"
    )
    lawyer = models.ForeignKey(
        Lawyer, verbose_name=_("Lead Co-Lawyer"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    marked_at = models.DateTimeField(_("marked"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.TextField(_("reason for withdrawing"), blank=True)

    class Meta:
        ordering = ["marked_at", "id"]
        verbose_name = _("request in the claim")
        verbose_name_plural = _("requests in the claim")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "case", "lawyer"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_current_claim_request_per_lawyer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.lawyer_id}"


class ProjectDocumentKind(models.TextChoices):
    CONCEPT_NOTE = "concept_note", _("Concept note")
    BUDGET = "budget", _("Budget")
    CLAIM = "claim", _("Claim excerpt")
    JUDGMENT = "judgment", _("Judgment excerpt")
    AGREEMENT = "agreement", _("Agreement (MoU)")
    EVALUATION = "evaluation", _("Evaluation report")
    OTHER = "other", _("Other")


class ProjectDocument(StoredFile, Archived):
    """A document of the project, checked by its content like every upload; a status
    change names the documents that support it."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="documents"
    )
    status_change = models.ForeignKey(
        ProjectStatusChange,
        verbose_name=_("status change"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    kind = models.CharField(_("document"), max_length=20, choices=ProjectDocumentKind)
    file = models.FileField(upload_to="reparations/documents/%Y/%m/")

    class Meta(StoredFile.Meta):
        verbose_name = _("project document")
        verbose_name_plural = _("project documents")

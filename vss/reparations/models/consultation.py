"""What Civil Parties asked for: proposals from their VIFs, forums, consultations and
organisations, tagged, grouped into themes and linked to the projects that answer them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from vss.accounts.models import Organisation
from vss.applications.models import Application
from vss.core.archiving import Archived
from vss.geo.models import Province
from vss.people.models import Language
from vss.proceedings.models import Case
from vss.representation.models import CivilPartyGroup

from .projects import Category, Project


class ProposalSource(models.TextChoices):
    VIF = "vif", _("A Civil Party's VIF")
    FORUM = "forum", _("A forum")
    CONSULTATION = "consultation", _("A stakeholder consultation")
    GROUP = "group", _("A group of Civil Parties")
    ORGANISATION = "organisation", _("An organisation")


class ProposalTag(models.Model):
    name = models.CharField(_("tag"), max_length=60, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("proposal tag")
        verbose_name_plural = _("proposal tags")
        constraints = [models.CheckConstraint(condition=~Q(name=""), name="proposal_tag_named")]

    def __str__(self) -> str:
        return self.name


class ProposalTheme(models.Model):
    """Similar proposals grouped under one name ("a stupa in the village", "health care
    for the elderly"), so that a hundred wishes for one thing are read as one."""

    name = models.CharField(_("theme"), max_length=200)
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("category"), max_length=20, choices=Category)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["case", "category", "name"]
        verbose_name = _("theme of proposals")
        verbose_name_plural = _("themes of proposals")
        constraints = [
            models.UniqueConstraint(fields=["case", "name"], name="one_theme_name_per_case"),
            models.CheckConstraint(condition=~Q(name=""), name="proposal_theme_named"),
        ]

    def __str__(self) -> str:
        return self.name


class Proposal(Archived):
    """One proposal in the words and language it was given, with its source, case and
    category. A wish brought in from a VIF names the application it was written on; it is
    not retyped, and is brought in once."""

    version = models.PositiveIntegerField(_("version"), default=0, db_default=0, editable=False)
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("source"), max_length=20, choices=ProposalSource)
    application = models.ForeignKey(
        Application,
        verbose_name=_("Civil Party's application"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reparation_proposals",
    )
    group = models.ForeignKey(
        CivilPartyGroup,
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reparation_proposals",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reparation_proposals",
    )
    # The forum or consultation where it was voiced ("Regional forum, Kampong Cham").
    occasion = models.CharField(_("forum or consultation"), max_length=200, blank=True)
    voiced_on = models.DateField(_("date"), null=True, blank=True)
    text = models.TextField(_("proposal"))
    language = models.CharField(_("language"), max_length=2, choices=Language)
    # Blank until staff sort it: a wish brought in from a VIF comes without one.
    category = models.CharField(_("category"), max_length=20, choices=Category, blank=True)
    # Where it came from, for the tally: the applicant's province for a VIF, the forum's
    # or the group's otherwise.
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    tags = models.ManyToManyField(
        ProposalTag, verbose_name=_("tags"), blank=True, related_name="proposals"
    )
    theme = models.ForeignKey(
        ProposalTheme,
        verbose_name=_("theme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
    )
    answered_by: models.ManyToManyField[Project, "ProposalAnswer"] = models.ManyToManyField(
        Project,
        verbose_name=_("answered by"),
        blank=True,
        related_name="proposals",
        through="ProposalAnswer",
    )
    # Whether a project not abandoned answers it: kept by the services that link a
    # proposal to a project or abandon a project (services.consultation), so that the
    # tally counts it without reading the links; `proposal_answered_recount` finds any
    # proposal where it is wrong.
    answered = models.BooleanField(_("answered"), default=False, db_default=False, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("reparation proposal")
        verbose_name_plural = _("reparation proposals")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="proposal_has_text"),
            # The source names what it says: a VIF its application, a group its group, an
            # organisation its organisation, a forum or consultation where it was held.
            models.CheckConstraint(
                condition=~Q(source="vif") | Q(application__isnull=False),
                name="vif_proposal_names_application",
            ),
            # Only a VIF's wish names an application: the tally counts the Civil Parties
            # asking as the applications named.
            models.CheckConstraint(
                condition=Q(source="vif") | Q(application__isnull=True),
                name="only_vif_proposal_names_application",
            ),
            models.CheckConstraint(
                condition=~Q(source="group") | Q(group__isnull=False),
                name="group_proposal_names_group",
            ),
            models.CheckConstraint(
                condition=~Q(source="organisation") | Q(organisation__isnull=False),
                name="organisation_proposal_names_organisation",
            ),
            models.CheckConstraint(
                condition=~Q(source__in=["forum", "consultation"]) | ~Q(occasion=""),
                name="forum_proposal_names_occasion",
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(source="vif"),
                name="one_proposal_per_vif_application",
            ),
        ]
        indexes = [
            # The tally reads its counts from this index alone on PostgreSQL.
            models.Index(
                fields=["case", "category", "province"],
                include=["answered", "application"],
                condition=Q(archived_at__isnull=True),
                name="proposal_tally",
            ),
            # The list of themes counts each theme's current proposals from this index.
            models.Index(
                fields=["theme"],
                condition=Q(archived_at__isnull=True),
                name="proposal_current_theme",
            ),
            # The list of proposals, newest first, reads its page in this order rather than
            # sorting every current proposal (1.7 s at a million applicants).
            models.Index(
                F("recorded_at").desc(),
                F("id").desc(),
                condition=Q(archived_at__isnull=True),
                name="proposal_newest",
            ),
        ]

    def __str__(self) -> str:
        return f"proposal {self.pk}"


class ProposalAnswer(models.Model):
    """That a project answers a proposal (`Proposal.answered_by`). The proposal's moment of
    recording is copied onto the link by the database's triggers (migration 0009), which
    no write escapes, so that a project's proposals are read newest first from an index:
    a project answering 80,000 old proposals otherwise walked the newest 257,000 of the
    registry to find its first."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="answer_links")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    proposal_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        db_table = "reparations_proposal_answered_by"
        # As Django made the table for the many-to-many field this model now describes.
        unique_together = [("proposal", "project")]
        indexes = [
            models.Index(
                F("project"),
                F("proposal_recorded_at").desc(),
                F("proposal").desc(),
                name="proposal_answer_newest",
            )
        ]

    def __str__(self) -> str:
        return f"proposal {self.proposal_id} answered by project {self.project_id}"


class ProposalTally(models.Model):
    """The counts of one (case, category, province) of the tally, kept by the services in
    the transaction of each write that changes them (services.consultation
    `proposal_tally_refresh`), so that the overview reads a few thousand rows, not the
    proposals. Derived figures: the writes behind them are audited, these rows are not, and
    a group no current proposal is in has no row. `proposal_tally_recount` finds any group
    whose counts are wrong."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    # Blank for the proposals staff have not sorted yet.
    category = models.CharField(max_length=20, choices=Category, blank=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    proposals = models.PositiveIntegerField()
    civil_parties = models.PositiveIntegerField()
    answered = models.PositiveIntegerField()
    civil_parties_answered = models.PositiveIntegerField()

    class Meta:
        constraints = [
            # Two partial constraints rather than one with nulls_distinct=False, which
            # SQLite does not enforce: one row per group, the group without a province too.
            models.UniqueConstraint(
                fields=["case", "category", "province"],
                condition=Q(province__isnull=False),
                name="one_tally_row_per_group",
            ),
            models.UniqueConstraint(
                fields=["case", "category"],
                condition=Q(province__isnull=True),
                name="one_tally_row_per_group_without_province",
            ),
            models.CheckConstraint(
                condition=Q(proposals__gt=0)
                & Q(civil_parties__lte=F("proposals"))
                & Q(answered__lte=F("proposals"))
                & Q(civil_parties_answered__lte=F("civil_parties"))
                & Q(civil_parties_answered__lte=F("answered")),
                name="proposal_tally_counts_fit",
            ),
        ]

    def __str__(self) -> str:
        return f"tally {self.case_id} {self.category or '-'} {self.province_id or '-'}"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Bringing in")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ProposalImport(models.Model):
    """One run bringing a case's VIF wishes in as proposals. A large case runs in the
    background: the rows brought in so far are kept here for the page that shows the
    progress."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus, default=ImportStatus.QUEUED
    )
    # The wishes not yet brought in when the run was asked for, and those brought in.
    total = models.PositiveIntegerField(_("wishes to bring in"), default=0)
    brought_in = models.PositiveIntegerField(_("brought in"), default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("bringing in of VIF wishes")
        verbose_name_plural = _("bringings in of VIF wishes")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ImportStatus.values), name="proposalimport_status"
            ),
            # Two runs on one case at once would race for the same applications.
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status__in=["queued", "running"]),
                name="one_running_proposal_import_per_case",
            ),
        ]

    def __str__(self) -> str:
        return _("Bringing in %(id)s") % {"id": self.pk}

    @property
    def progress(self) -> float:
        if self.status == ImportStatus.DONE:
            return 1.0
        return min(self.brought_in / self.total, 1.0) if self.total else 0.0

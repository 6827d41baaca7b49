from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vss.accounts.models import Organisation
from vss.geo.models import CrimeSite, Village
from vss.people.models import Person, Relationship
from vss.proceedings.models import Case, CrimeType


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("In person at the VSS")
    INTERMEDIARY = "intermediary", _("Through an intermediary organisation")
    POST = "post", _("By post")
    ONLINE = "online", _("Online")


class SignatureKind(models.TextChoices):
    SIGNATURE = "signature", _("Signed")
    THUMBPRINT = "thumbprint", _("Thumbprint")
    NONE = "none", _("Not signed yet")


class VictimInformationForm(models.Model):
    """The Victim Information Form as filed: one applicant, the crimes and harms they
    describe, and for each case named, a complaint or a Civil Party application."""

    # Counts the record's audited saves, so that a form opened on an older version is
    # refused rather than silently putting back what was saved meanwhile.
    version = models.PositiveIntegerField(_("version"), default=0, db_default=0, editable=False)
    applicant = models.ForeignKey(
        Person, verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="forms"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    intermediary = models.ForeignKey(
        Organisation,
        verbose_name=_("intermediary organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="collected_forms",
    )
    received_on = models.DateField(_("date received by the VSS"), null=True, blank=True)
    signed_on = models.DateField(_("date signed"), null=True, blank=True)
    signature = models.CharField(
        _("signature"), max_length=20, choices=SignatureKind.choices, default=SignatureKind.NONE
    )
    consent_share_with_court = models.BooleanField(
        _("consents to share the form with the judges and parties"), default=False
    )
    consent_contact = models.BooleanField(_("consents to be contacted by the VSS"), default=False)
    consent_publish_name = models.BooleanField(
        _("consents to the publication of their name"), default=False
    )
    account = models.TextField(_("account of events"), blank=True)
    reparation_wishes = models.TextField(_("reparations wished for"), blank=True)
    # The organisation whose user typed the form in; intermediaries see only their own.
    entered_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="entered_forms"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    archive_reason = models.TextField(_("reason for archiving"), blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("victim information form")
        verbose_name_plural = _("victim information forms")
        constraints = [
            models.CheckConstraint(
                condition=~Q(channel="intermediary") | Q(intermediary__isnull=False),
                name="vif_intermediary_channel_names_organisation",
            ),
            models.CheckConstraint(
                condition=Q(archived_at__isnull=True) | ~Q(archive_reason=""),
                name="vif_archive_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return _("VIF %(id)s") % {"id": self.pk}


class ApplicationKind(models.TextChoices):
    CIVIL_PARTY = "civil_party", _("Civil Party application")
    COMPLAINT = "complaint", _("Complaint")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    RECEIVED = "received", _("Received")
    INCOMPLETE = "incomplete", _("Incomplete")
    SCREENED = "screened", _("Screened")
    TRANSMITTED = "transmitted", _("Transmitted to the judges")
    PROVISIONAL = "provisional", _("Provisional Civil Party")
    ADMITTED = "admitted", _("Admitted")
    REJECTED = "rejected", _("Rejected")
    APPEALED = "appealed", _("Appealed")
    ADMITTED_ON_APPEAL = "admitted_on_appeal", _("Admitted on appeal")
    REJECTION_UPHELD = "rejection_upheld", _("Rejection upheld")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DECEASED = "deceased", _("Applicant deceased")
    CASE_TERMINATED = "case_terminated", _("Case terminated")
    # Complaints (Rule 49) go to the Co-Prosecutors and follow their own path.
    SENT_TO_PROSECUTORS = "sent_to_prosecutors", _("Sent to the Co-Prosecutors")
    JOINED = "joined", _("Joined to an investigation")
    FORWARDED = "forwarded", _("Forwarded")
    COMPLAINT_REJECTED = "complaint_rejected", _("Complaint rejected")
    COMPLAINANT_NOTIFIED = "complainant_notified", _("Complainant notified")


# The applications of the report of pending decisions: waiting for a decision
# (workflow.AWAITING_DECISION, written out: the workflow sits above the models) or late.
PENDING_DECISION = Q(
    status__in=[
        "appealed",
        "provisional",
        "received",
        "screened",
        "sent_to_prosecutors",
        "transmitted",
    ]
) | Q(is_late=True)


class Application(models.Model):
    """One applicant's complaint or Civil Party application in one case."""

    # Counts the status changes, so that a decision taken on a page opened before someone
    # else's is refused rather than recorded over it.
    version = models.PositiveIntegerField(_("version"), default=0, db_default=0, editable=False)
    form = models.ForeignKey(
        VictimInformationForm, on_delete=models.PROTECT, related_name="applications"
    )
    # Copied from the form so that lists, search and the one-per-case rule need no join.
    applicant = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="applications")
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="applications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ApplicationKind.choices)
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.DRAFT
    )
    status_changed_at = models.DateTimeField(_("status since"), auto_now_add=True)
    vss_number = models.CharField(
        _("VSS number"), max_length=30, null=True, blank=True, unique=True
    )
    # Copied from the form's place of residence: the province filter is the busiest one.
    province_code = models.CharField(_("province"), max_length=2, blank=True)
    is_late = models.BooleanField(_("filed after the deadline"), default=False)
    deadline_override_reason = models.TextField(
        _("reason the late filing was accepted"), blank=True
    )
    deadline_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The form's date of receipt, copied here by the database's triggers (migration 0009),
    # which no write of a form or an application escapes, so that the pending decisions
    # are read oldest first from an index. Pages show the form's own date.
    received_on = models.DateField(_("received on"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "case"], name="one_application_per_applicant_and_case"
            ),
            models.UniqueConstraint(
                fields=["form", "case"], name="one_application_per_form_and_case"
            ),
            models.CheckConstraint(
                # A draft withdrawn before the VSS received it never had a number.
                condition=Q(status__in=["draft", "withdrawn"]) | Q(vss_number__isnull=False),
                name="received_application_has_vss_number",
            ),
            models.CheckConstraint(
                condition=~Q(
                    is_late=True,
                    status__in=["received", "screened", "transmitted", "provisional", "admitted"],
                )
                | ~Q(deadline_override_reason=""),
                name="late_application_has_override_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-id"], name="application_status_idx"),
            models.Index(fields=["case", "status", "-id"], name="application_case_status_idx"),
            models.Index(fields=["province_code", "-id"], name="application_province_idx"),
            # The home page's queues, oldest first: a few thousand rows each, read 20 at a
            # time; sorting them at each request cost more than the rest of the page.
            models.Index(
                fields=["created_at", "id"],
                condition=Q(status="draft"),
                name="application_awaiting_idx",
            ),
            models.Index(
                fields=["status_changed_at"],
                condition=Q(status="incomplete"),
                name="application_incomplete_idx",
            ),
            # The Civil Parties of a case by VSS number (consolidated group, grouping tool,
            # those without a lawyer): a case without any is answered at once, where the
            # planner otherwise walked the whole VSS-number index looking for them.
            models.Index(
                fields=["case", "vss_number", "id"],
                condition=Q(status__in=["provisional", "admitted", "admitted_on_appeal"]),
                name="application_civil_party_idx",
            ),
            # Any application of a case by VSS number: a group's members (all of the
            # group's case), 50 read in order where a group of 145,000 at a million
            # applicants had the planner walk every case's numbers to find them.
            models.Index(fields=["case", "vss_number", "id"], name="application_case_number_idx"),
            # The Civil Parties of several cases, newest first (a Lead Co-Lawyer's list:
            # the cases they lead): the walk back through every application passed
            # 450,000 of other kinds and cases before the first page was full.
            models.Index(
                fields=["-id"],
                condition=Q(status__in=["provisional", "admitted", "admitted_on_appeal"]),
                name="application_cp_newest_idx",
            ),
            # The report of pending decisions and late filings (workflow.AWAITING_DECISION,
            # or late): its totals are counted from this index alone, 80,000 entries
            # where the table holds 1.3 million rows at a million applicants.
            models.Index(
                fields=["case", "form"],
                include=["id", "status", "is_late", "deadline_override_reason"],
                condition=PENDING_DECISION,
                name="application_pending_idx",
            ),
            # The same report's rows, the longest waiting first: 50 read in order, where
            # sorting 80,000 by their forms' dates took half a second.
            models.Index(
                fields=["received_on", "vss_number", "id"],
                condition=PENDING_DECISION,
                name="application_pending_order_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.vss_number or _("Draft application %(id)s") % {"id": self.pk}


class StatusChange(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="status_changes"
    )
    from_status = models.CharField(_("from"), max_length=30, choices=Status.choices)
    to_status = models.CharField(_("to"), max_length=30, choices=Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("recorded"), auto_now_add=True)
    decided_on = models.DateField(_("date of decision"))
    reason = models.TextField(_("reason"), blank=True)
    court_document = models.CharField(_("court document number"), max_length=40, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        # The work queue's latest changes: newest first, without sorting them all.
        indexes = [models.Index(fields=["-at", "-id"], name="statuschange_at_idx")]

    def __str__(self) -> str:
        return f"{self.from_status} -> {self.to_status}"


class CrimeSuffered(models.Model):
    form = models.ForeignKey(VictimInformationForm, on_delete=models.CASCADE, related_name="crimes")
    crime_type = models.ForeignKey(CrimeType, verbose_name=_("crime"), on_delete=models.PROTECT)
    crime_site = models.ForeignKey(
        CrimeSite, verbose_name=_("crime site"), on_delete=models.PROTECT, null=True, blank=True
    )
    village = models.ForeignKey(
        Village,
        verbose_name=_("place (today's village)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    place_description = models.CharField(_("place as described"), max_length=200, blank=True)
    from_year = models.PositiveSmallIntegerField(_("from (year)"), null=True, blank=True)
    to_year = models.PositiveSmallIntegerField(_("to (year)"), null=True, blank=True)

    class Meta:
        verbose_name = _("crime suffered")
        verbose_name_plural = _("crimes suffered")
        constraints = [
            models.CheckConstraint(
                condition=Q(from_year__isnull=True)
                | Q(to_year__isnull=True)
                | Q(from_year__lte=models.F("to_year")),
                name="crime_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return str(self.crime_type)


class HarmKind(models.TextChoices):
    PHYSICAL = "physical", _("Physical")
    MATERIAL = "material", _("Material")
    PSYCHOLOGICAL = "psychological", _("Psychological")


class VictimType(models.TextChoices):
    DIRECT = "direct", _("Direct victim")
    INDIRECT = "indirect", _("Indirect victim (harm to a relative)")


class Harm(models.Model):
    form = models.ForeignKey(VictimInformationForm, on_delete=models.CASCADE, related_name="harms")
    kind = models.CharField(_("harm"), max_length=20, choices=HarmKind.choices)
    victim_type = models.CharField(_("victim"), max_length=10, choices=VictimType.choices)
    relative = models.ForeignKey(
        Person,
        verbose_name=_("relative"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    relationship = models.CharField(
        _("relationship"), max_length=20, choices=Relationship.choices, blank=True
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("harm")
        verbose_name_plural = _("harms")
        constraints = [
            models.CheckConstraint(
                condition=Q(victim_type="direct", relative__isnull=True)
                | Q(victim_type="indirect", relative__isnull=False),
                name="indirect_harm_names_relative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_victim_type_display()})"


class DocumentKind(models.TextChoices):
    IDENTITY = "identity", _("Identity document")
    FAMILY_BOOK = "family_book", _("Family book")
    SIGNED_FORM = "signed_form", _("Signed or thumbprinted form")
    # The print itself, photographed or scanned, of an applicant who cannot write.
    THUMBPRINT = "thumbprint", _("Thumbprint")
    PHOTO = "photo", _("Photograph")
    CERTIFICATE = "certificate", _("Certificate or letter")
    OTHER = "other", _("Other")


class StoredFile(models.Model):
    """What is kept of an uploaded file judged by its content (uploads.check_upload) and
    stored under its digest (uploads.name_for_storage): the name it came with, for the
    download, and what the content proved. The concrete model adds the file itself."""

    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class SupportingDocument(StoredFile):
    form = models.ForeignKey(
        VictimInformationForm, on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(upload_to="documents/%Y/%m/")
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    archive_reason = models.TextField(_("reason for archiving"), blank=True)

    class Meta(StoredFile.Meta):
        verbose_name = _("supporting document")
        verbose_name_plural = _("supporting documents")

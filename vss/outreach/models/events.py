"""The Section's events (forums, hearing and verdict attendance, ceremonies, information
sessions, focal-person meetings) and the court's dates they are built around."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from vss.accounts.models import Organisation
from vss.core.archiving import Archived
from vss.geo.models import Village
from vss.proceedings.models import Case


class Titled(models.Model):
    """A title in the three languages of VSS, read in the reader's, or the first given."""

    title_km = models.CharField(_("title (Khmer)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def title(self) -> str:
        language = (get_language() or "km")[:2]
        own = getattr(self, f"title_{language}", "")
        return own or self.title_km or self.title_en or self.title_fr


class CourtDateKind(models.TextChoices):
    HEARING = "hearing", _("Hearing")
    TRIAL_JUDGMENT = "trial_judgment", _("Trial judgment")
    APPEAL_JUDGMENT = "appeal_judgment", _("Appeal judgment")
    OTHER = "other", _("Other court date")


class CourtDate(Titled, Archived):
    """A date the court set in a case: a hearing or a judgment. Civil Parties of the case
    and their lawyers are told when it is scheduled (the case messages)."""

    version = models.PositiveIntegerField(_("version"), default=0, db_default=0, editable=False)
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="court_dates"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CourtDateKind.choices)
    starts_at = models.DateTimeField(_("date and time"))
    is_public = models.BooleanField(_("public"), default=True)
    # When the Civil Parties of the case were told; None until the messages are queued.
    announced_at = models.DateTimeField(_("announced"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("court date")
        verbose_name_plural = _("court dates")
        constraints = [
            models.CheckConstraint(
                condition=Q(archived_at__isnull=True) | ~Q(archive_reason=""),
                name="court_date_archive_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"court date {self.pk}"


class EventKind(models.TextChoices):
    CIVIL_PARTY_FORUM = "civil_party_forum", _("Civil Party forum")
    REGIONAL_FORUM = "regional_forum", _("Regional forum")
    HEARING_ATTENDANCE = "hearing_attendance", _("Hearing attendance")
    VERDICT_ATTENDANCE = "verdict_attendance", _("Verdict attendance")
    TESTIMONIAL_CEREMONY = "testimonial_ceremony", _("Testimonial ceremony")
    PUBLIC_INFORMATION = "public_information", _("Public information session")
    FOCAL_PERSON_MEETING = "focal_person_meeting", _("Focal-person meeting")


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Event(Titled, Archived):
    # Two officers preparing one event (its list, its logistics) find the later save
    # refused rather than merged.
    version = models.PositiveIntegerField(_("version"), default=0, db_default=0, editable=False)
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.PLANNED
    )
    # Why it was cancelled, or what is to be said of it once held.
    status_reason = models.TextField(_("reason"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    # A village of the gazetteer, or a named place (the court's public gallery, a pagoda).
    village = models.ForeignKey(
        Village, verbose_name=_("village"), on_delete=models.PROTECT, null=True, blank=True
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    cases = models.ManyToManyField(Case, verbose_name=_("cases"), related_name="events")
    court_date = models.ForeignKey(
        CourtDate,
        verbose_name=_("court date attended"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    capacity = models.PositiveIntegerField(_("capacity (people)"))
    budget_usd = models.DecimalField(
        _("budget (US dollars)"), max_digits=14, decimal_places=2, default=Decimal(0)
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer in charge"),
        on_delete=models.PROTECT,
        related_name="outreach_events",
    )
    # Partner organisations that co-organise it: their users see this event, no other.
    co_organisers = models.ManyToManyField(
        Organisation, verbose_name=_("co-organisers"), blank=True, related_name="outreach_events"
    )
    # Shown on the public calendar (no names, ever).
    is_public = models.BooleanField(_("public"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
                name="event_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="event_capacity_positive"),
            models.CheckConstraint(
                condition=Q(budget_usd__gte=0), name="event_budget_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(title_km="", title_en="", title_fr=""), name="event_has_title"
            ),
            models.CheckConstraint(
                condition=Q(archived_at__isnull=True) | ~Q(archive_reason=""),
                name="event_archive_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["starts_at"], name="event_starts_idx")]

    def __str__(self) -> str:
        return f"event {self.pk}"

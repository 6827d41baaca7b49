"""Psychosocial support through partner organisations, and the log of every contact
with a person."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from vss.accounts.models import Organisation
from vss.people.models import Person


class Consent(models.Model):
    """A person's consent to be referred: who gave it, when, and what it covers. No
    referral exists without one."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="support_consents")
    given_by = models.CharField(
        _("given by"),
        max_length=200,
        help_text=_("The person themself, or who consented for them and in what capacity."),
    )
    given_on = models.DateField(_("given on"))
    covers = models.TextField(
        _("what it covers"),
        help_text=_("The services and the sharing of information the person agreed to."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_note = models.TextField(_("withdrawal"), blank=True)

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(condition=~Q(given_by=""), name="consent_names_giver"),
            models.CheckConstraint(condition=~Q(covers=""), name="consent_says_what_it_covers"),
        ]

    def __str__(self) -> str:
        return f"consent {self.pk}"


class ServiceType(models.TextChoices):
    COUNSELLING = "counselling", _("Counselling")
    TESTIMONIAL_THERAPY = "testimonial_therapy", _("Testimonial therapy")
    SELF_HELP_GROUP = "self_help_group", _("Self-help group")
    MEDICAL_REFERRAL = "medical_referral", _("Medical referral")


class ReferralStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Referral(models.Model):
    # Counts what is recorded on the referral (sessions, the ceremony, its closing), so
    # that a closing decided on a page opened before is refused rather than recorded
    # over what the officer did not see.
    version = models.PositiveIntegerField(_("version"), default=0, db_default=0, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="referrals")
    partner = models.ForeignKey(
        Organisation,
        verbose_name=_("partner organisation"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    service = models.CharField(_("service"), max_length=30, choices=ServiceType)
    consent = models.ForeignKey(
        Consent, verbose_name=_("consent"), on_delete=models.PROTECT, related_name="referrals"
    )
    referred_on = models.DateField(_("referred on"))
    reason = models.TextField(
        _("reason for the referral"),
        blank=True,
        help_text=_("What the partner needs to know to make contact; no health details."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus, default=ReferralStatus.OPEN
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closure_reason = models.TextField(_("reason for closing"), blank=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-referred_on", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closed_on__isnull=True)
                | (Q(status="closed", closed_on__isnull=False) & ~Q(closure_reason="")),
                name="referral_closure_dated_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("referred_on")),
                name="referral_period_ordered",
            ),
        ]
        indexes = [
            # A partner's referrals by status, and its home's queue of the open ones oldest
            # first read in that order (not sorted from the 13,000 a partner has open at a
            # million applicants).
            models.Index(
                fields=["partner", "status", "referred_on", "id"], name="referral_partner_idx"
            ),
            # The list's order: a page is read from the index, not sorted from every row.
            models.Index(fields=["-referred_on", "-id"], name="referral_newest_idx"),
        ]

    def __str__(self) -> str:
        return f"referral {self.pk}"


class SessionKind(models.TextChoices):
    SESSION = "session", _("Session")
    CEREMONY = "ceremony", _("Public testimony ceremony")


class SupportSession(models.Model):
    """A session held under a referral. Testimonial therapy ends in one public testimony
    ceremony after its sessions."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="sessions")
    kind = models.CharField(
        _("kind"), max_length=10, choices=SessionKind, default=SessionKind.SESSION
    )
    held_on = models.DateField(_("held on"))
    attended = models.BooleanField(_("attended"), default=True)
    # Counselling content: shown only to those who may read health notes.
    outcome = models.TextField(_("outcome"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("support session")
        verbose_name_plural = _("support sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["referral"],
                condition=Q(kind="ceremony"),
                name="one_ceremony_per_referral",
            ),
        ]

    def __str__(self) -> str:
        return f"session {self.pk}"


class HealthNote(models.Model):
    """A health or counselling note: the most sensitive text VSS keeps. Only the partner
    organisation and the roles that need it read it, and every read is audited."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="health_notes")
    text = models.TextField(_("note"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("health note")
        verbose_name_plural = _("health notes")

    def __str__(self) -> str:
        return f"health note {self.pk}"


class ContactChannel(models.TextChoices):
    VISIT = "visit", _("Visit")
    PHONE = "phone", _("Phone call")
    LETTER = "letter", _("Letter")
    SMS = "sms", _("SMS")
    FORUM = "forum", _("Meeting at a forum")
    OFFICE = "office", _("At the office")


class Contact(models.Model):
    """One interaction with a person, by staff, a lawyer or a partner, with an optional
    follow-up that lands in the responsible user's work queue."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="contacts")
    channel = models.CharField(_("channel"), max_length=10, choices=ContactChannel)
    happened_on = models.DateField(_("date"))
    contacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="contacts_made",
    )
    summary = models.TextField(_("summary"))
    follow_up_on = models.DateField(_("follow up by"), null=True, blank=True)
    follow_up_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("follow-up by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    follow_up_done_at = models.DateTimeField(_("follow-up done"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-happened_on", "-id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.CheckConstraint(condition=~Q(summary=""), name="contact_has_summary"),
            models.CheckConstraint(
                condition=Q(follow_up_on__isnull=True, follow_up_user__isnull=True)
                | Q(follow_up_on__isnull=False, follow_up_user__isnull=False),
                name="follow_up_has_date_and_user",
            ),
        ]
        indexes = [
            models.Index(
                fields=["follow_up_user", "follow_up_on"],
                condition=Q(follow_up_done_at__isnull=True, follow_up_on__isnull=False),
                name="contact_follow_up_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"contact {self.pk}"

"""Choosing who comes to an event: a random draw among Civil Parties that meets quotas
(reproducible from its seed), the invitations it leads to, the replies, the waiting list,
and what each participant needs and receives on the day."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vss.applications.models import Application
from vss.people.models import Person

from .events import Event


class DrawStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")


# A draw asked for and not yet done or failed: one at a time per event.
DRAW_UNDER_WAY = (DrawStatus.QUEUED, DrawStatus.RUNNING)


class DrawStage(models.TextChoices):
    POOL = "pool", _("Reading who could be drawn")
    DRAW = "draw", _("Drawing")
    INVITATIONS = "invitations", _("Writing the invitations")


class DrawFailure(models.TextChoices):
    NOT_PLANNED = "not_planned", _("People are drawn only for a planned event.")
    TOO_LARGE = "too_large", _("The draw asks for more people than the event has room for.")
    QUOTAS = "quotas", _("A quota names a dimension the draw does not know.")
    EMPTY_POOL = (
        "empty_pool",
        _(
            "Nobody could be drawn: no living Civil Party of the event's cases, not yet "
            "invited, matches the filters."
        ),
    )
    INVITED_MEANWHILE = (
        "invited_meanwhile",
        _("Invitations were sent while the draw was running: ask for the draw again."),
    )
    ERROR = "error", _("The draw stopped on an unexpected error: ask for it again.")


class Draw(models.Model):
    """One run of the draw for an event, asked for by an officer and made in the
    background. Its seed, filters and quotas give the same list again; its explanation
    says which quotas were met and why the others could not be. A new run leaves the
    earlier ones on record; one is current, and it stays current until the next is done.
    A failed run is kept with its reason and wrote nothing else."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="draws")
    seed = models.BigIntegerField(_("seed"))
    size = models.PositiveIntegerField(_("people to choose"))
    waiting = models.PositiveIntegerField(_("waiting list"), default=0)
    # Who may be drawn: {"cases": [ids], "provinces": [codes], "statuses": [...], ...}.
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    # [{"dimension": "sex" | "province" | "ethnicity" | "crime_type", "value": code,
    #   "minimum": n}], met in order of scarcity.
    quotas = models.JSONField(_("quotas"), default=list, blank=True)
    # Per quota: wanted, drawn, available, and why it fell short; and the pool's size.
    explanation = models.JSONField(_("explanation"), default=dict, blank=True)
    pool_size = models.PositiveIntegerField(_("people who could be drawn"), default=0)
    is_current = models.BooleanField(_("current"), default=True)
    # The defaults are those of a draw made: rows written whole (the demo's) are done.
    status = models.CharField(
        _("status"), max_length=10, choices=DrawStatus.choices, default=DrawStatus.DONE
    )
    stage = models.CharField(_("stage"), max_length=12, choices=DrawStage.choices, blank=True)
    progress = models.FloatField(_("progress"), default=1.0)
    failure = models.CharField(
        _("why it failed"), max_length=20, choices=DrawFailure.choices, blank=True
    )
    made_at = models.DateTimeField(_("made"), auto_now_add=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-made_at", "-id"]
        verbose_name = _("draw")
        verbose_name_plural = _("draws")
        constraints = [
            models.UniqueConstraint(
                fields=["event"], condition=Q(is_current=True), name="one_current_draw_per_event"
            ),
            models.CheckConstraint(condition=Q(size__gt=0), name="draw_size_positive"),
            # Asked twice for one event, two runs would each replace the other's
            # invitations: the second is refused until the first is done.
            models.UniqueConstraint(
                fields=["event"],
                condition=Q(status__in=DRAW_UNDER_WAY),
                name="one_draw_under_way_per_event",
            ),
            models.CheckConstraint(
                condition=Q(is_current=False) | Q(status=DrawStatus.DONE),
                name="current_draw_is_done",
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=1), name="draw_progress_fraction"
            ),
            models.CheckConstraint(
                condition=Q(status=DrawStatus.FAILED) ^ Q(failure=""),
                name="draw_failed_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"draw {self.pk}"


class InvitationStatus(models.TextChoices):
    CHOSEN = "chosen", _("Chosen, not yet invited")
    WAITING = "waiting", _("On the waiting list")
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class AllowanceCurrency(models.TextChoices):
    KHR = "KHR", _("Riel")
    USD = "USD", _("US dollar")


class Invitation(models.Model):
    """A person asked to an event (or on its waiting list), their reply, what they need
    to come, and, on the day, whether they came and what they were paid."""

    version = models.PositiveIntegerField(_("version"), default=0, db_default=0, editable=False)
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="invitations")
    # The Civil Party application through which the person was chosen (its case).
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    draw = models.ForeignKey(
        Draw, on_delete=models.PROTECT, null=True, blank=True, related_name="invitations"
    )
    # The order of the draw: the chosen first, then the waiting list, which moves up in
    # this order when someone declines.
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InvitationStatus.choices,
        default=InvitationStatus.CHOSEN,
    )
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    reply_note = models.TextField(_("note on the reply"), blank=True)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    pick_up_point = models.ForeignKey(
        "outreach.PickUpPoint",
        verbose_name=_("pick-up point"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
    )
    # Set when the officer chose the pick-up point: giving out the seats again keeps it.
    pick_up_chosen = models.BooleanField(
        _("pick-up point chosen by the officer"), default=False, db_default=False
    )
    vehicle = models.ForeignKey(
        "outreach.Vehicle",
        verbose_name=_("vehicle"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
    )
    accommodation = models.ForeignKey(
        "outreach.Accommodation",
        verbose_name=_("accommodation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
    )
    attended_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Made on the tablet for each check-in: a check-in sent twice (a retry after the
    # connection dropped) is recognised and recorded once.
    check_in_key = models.UUIDField(null=True, blank=True, unique=True)
    allowance_amount = models.DecimalField(
        _("allowance paid"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    allowance_currency = models.CharField(
        _("currency"), max_length=3, choices=AllowanceCurrency.choices, blank=True
    )
    allowance_paid_at = models.DateTimeField(_("allowance paid"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["event", "rank", "id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="one_invitation_per_person"),
            models.CheckConstraint(
                condition=Q(allowance_amount__isnull=True)
                | Q(allowance_amount__gte=0, allowance_paid_at__isnull=False)
                & ~Q(allowance_currency=""),
                name="allowance_has_currency_and_date",
            ),
        ]
        indexes = [models.Index(fields=["event", "status"], name="invitation_event_status_idx")]

    def __str__(self) -> str:
        return f"invitation {self.pk}"


class Companion(models.Model):
    """Someone who travels with an elderly or disabled participant: they take a seat and
    a bed but are not drawn."""

    invitation = models.ForeignKey(Invitation, on_delete=models.PROTECT, related_name="companions")
    name = models.CharField(_("name"), max_length=200)
    relationship = models.CharField(_("relationship"), max_length=100, blank=True)
    reason = models.CharField(_("why they come"), max_length=200, blank=True)
    needs_seat = models.BooleanField(_("needs a seat"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["invitation", "id"]
        verbose_name = _("companion")
        verbose_name_plural = _("companions")

    def __str__(self) -> str:
        return f"companion {self.pk}"

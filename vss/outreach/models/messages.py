"""How each person is reached (channel, address, consent, and their word to stop), every
message sent to a person or a subscriber, and the background sends that write them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vss.applications.models import Application
from vss.people.models import Language, Person

from .events import CourtDate, Event


class MessageChannel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("Email")
    POST = "post", _("Post (printed, with an address label)")
    NONE = "none", _("No messages")


class ContactPreference(models.Model):
    """How the Section writes to a person: the channel, the address for it, whether they
    agreed to receive news, and when they asked to stop. The language is the person's own
    (Person.preferred_language). A person without a row is written to by SMS when a phone
    is on file and they consented, never otherwise."""

    version = models.PositiveIntegerField(_("version"), default=0, db_default=0, editable=False)
    person = models.OneToOneField(
        Person, on_delete=models.PROTECT, related_name="contact_preference"
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=MessageChannel.choices, default=MessageChannel.SMS
    )
    email = models.EmailField(_("email"), blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)
    # Consent to newsletters and news of the case; messages about the person's own
    # application and an invitation they asked for need none.
    consents_to_news = models.BooleanField(_("agrees to receive news"), default=False)
    consent_recorded_on = models.DateField(_("consent recorded on"), null=True, blank=True)
    stopped_at = models.DateTimeField(_("asked to stop"), null=True, blank=True)
    stopped_how = models.CharField(_("how they asked to stop"), max_length=100, blank=True)
    # Carried by every message (a link, or a code to reply): whoever holds it may stop
    # the messages, and nothing else.
    stop_token = models.CharField(max_length=32, unique=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("contact preference")
        verbose_name_plural = _("contact preferences")
        constraints = [
            models.CheckConstraint(
                condition=~Q(channel=MessageChannel.EMAIL) | ~Q(email=""),
                name="email_channel_has_address",
            ),
            models.CheckConstraint(
                condition=~Q(channel=MessageChannel.POST) | ~Q(postal_address=""),
                name="post_channel_has_address",
            ),
        ]

    def __str__(self) -> str:
        return f"contact preference {self.pk}"


class Subscriber(models.Model):
    """Someone outside the registry who signed up for the newsletter (confirmed by the
    link sent to them, double opt-in), by email or SMS."""

    channel = models.CharField(_("channel"), max_length=10, choices=MessageChannel.choices)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.KHMER
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # The digest of the token in the last confirmation link sent, emptied once used: the
    # link itself is only in the message.
    confirm_digest = models.CharField(max_length=64, blank=True)
    confirm_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)
    stopped_at = models.DateTimeField(_("asked to stop"), null=True, blank=True)
    stop_token = models.CharField(max_length=32, unique=True)
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        constraints = [
            models.CheckConstraint(
                condition=Q(channel=MessageChannel.EMAIL, phone="") & ~Q(email="")
                | Q(channel=MessageChannel.SMS, email="") & ~Q(phone=""),
                name="subscriber_has_one_address",
            ),
            # Signing up again finds the address already there: one row, one stop link.
            models.UniqueConstraint(
                fields=["email"], condition=~Q(email=""), name="subscriber_email_once"
            ),
            models.UniqueConstraint(
                fields=["phone"], condition=~Q(phone=""), name="subscriber_phone_once"
            ),
        ]
        indexes = [
            models.Index(
                fields=["confirm_digest"],
                condition=~Q(confirm_digest=""),
                name="subscriber_confirm_link",
            ),
        ]

    def __str__(self) -> str:
        return f"subscriber {self.pk}"


class SendStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Sending")
    DONE = "done", _("Sent")
    FAILED = "failed", _("Stopped by an error")


class SendJob(models.Model):
    """A send of many messages in the background (a newsletter, invitations, the news of
    a court date): its counts are what its page's progress bar shows."""

    label = models.CharField(_("what is sent"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=SendStatus.choices, default=SendStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("messages"), default=0)
    sent = models.PositiveIntegerField(_("messages sent"), default=0)
    failed = models.PositiveIntegerField(_("messages that failed"), default=0)
    skipped = models.PositiveIntegerField(_("not sent (no consent or asked to stop)"), default=0)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Written by the worker when it starts and after each batch it hands over: a send
    # running with no progress for long has lost its worker and is queued again
    # (`manage.py resume_sends --keep-checking`).
    progress_at = models.DateTimeField(_("last progress"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("send")
        verbose_name_plural = _("sends")

    def __str__(self) -> str:
        return f"send {self.pk}"


class MessageKind(models.TextChoices):
    NEWSLETTER = "newsletter", _("Newsletter")
    INVITATION = "invitation", _("Invitation")
    EVENT_NEWS = "event_news", _("News of an event")
    COURT_DATE = "court_date", _("Court date")
    STATUS_CHANGE = "status_change", _("Change in the application")
    CONFIRMATION = "confirmation", _("Confirmation of a sign-up")
    PICK_UP = "pick_up", _("Where and when a participant is picked up")


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    # Handed to the gateway, its answer not yet recorded: after a crash, the gateway is
    # asked whether it took the message before anything is sent again.
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    BOUNCED = "bounced", _("Bounced")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not sent")
    PRINTED = "printed", _("Printed for post")


class Message(models.Model):
    """One message to one person (or subscriber) by one channel. Its key is made from
    what it is and to whom, so writing it twice (a send re-run after a crash) finds the
    row already there and sends nothing more."""

    idempotency_key = models.CharField(max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=MessageKind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=MessageChannel.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="messages"
    )
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.PROTECT, null=True, blank=True, related_name="messages"
    )
    # The address it went to, as it was then (a phone, an email, a postal address).
    address = models.CharField(_("address"), max_length=300, blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    # Indexed by message_job_status_idx, which begins with the job: a second index on the
    # job alone would only slow the million inserts of a newsletter.
    job = models.ForeignKey(
        SendJob,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="messages",
        db_index=False,
    )
    newsletter = models.ForeignKey(
        "outreach.Newsletter",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="messages",
    )
    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, null=True, blank=True, related_name="messages"
    )
    court_date = models.ForeignKey(
        CourtDate, on_delete=models.PROTECT, null=True, blank=True, related_name="messages"
    )
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    # Why it was not sent, or what the gateway or the mail server answered.
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    gateway_reference = models.CharField(max_length=120, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    status_at = models.DateTimeField(_("status since"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, subscriber__isnull=True)
                | Q(person__isnull=True, subscriber__isnull=False),
                name="message_has_one_recipient",
            ),
            # The figures count a message under the case of the one thing it is about.
            models.CheckConstraint(
                condition=~Q(application__isnull=False, event__isnull=False)
                & ~Q(application__isnull=False, court_date__isnull=False)
                & ~Q(event__isnull=False, court_date__isnull=False),
                name="message_about_one_thing",
            ),
        ]
        indexes = [
            # The worker's claim reads a job's queued messages in id order: with the id in
            # the index it reads them in order whatever the planner's statistics say, which
            # lag behind the million rows a newsletter has just written.
            models.Index(fields=["job", "status", "id"], name="message_job_status_idx"),
            models.Index(fields=["person", "created_at"], name="message_person_idx"),
            # The letters to print, counted by language on the newsletter's and the send's
            # pages from these alone (a scan of every message took 150 ms at a million).
            models.Index(
                fields=["newsletter", "language"],
                condition=Q(channel="post", status__in=["queued", "printed"]),
                name="message_newsletter_post_idx",
            ),
            models.Index(
                fields=["job", "language"],
                condition=Q(channel="post", status__in=["queued", "printed"]),
                name="message_job_post_idx",
            ),
            models.Index(
                fields=["gateway_reference"],
                condition=~Q(gateway_reference=""),
                name="message_gateway_ref_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"message {self.pk}"

"""Newsletters: written in Khmer, English and French, for an audience, and sent by each
reader's channel in their language (or printed for post)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vss.core.archiving import Archived
from vss.geo.models import Province
from vss.proceedings.models import Case
from vss.representation.models import CivilPartyGroup

from .events import Titled


class AudienceKind(models.TextChoices):
    CASE = "case", _("All Civil Parties of a case")
    PROVINCE = "province", _("The Civil Parties of a province")
    GROUP = "group", _("A group of Civil Parties")
    SUBSCRIBERS = "subscribers", _("Subscribers")


class NewsletterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")


class Newsletter(Titled, Archived):
    version = models.PositiveIntegerField(_("version"), default=0, db_default=0, editable=False)
    body_km = models.TextField(_("text (Khmer)"), blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    body_fr = models.TextField(_("text (French)"), blank=True)
    # What an SMS carries: a few lines, with the way to stop added when sent.
    sms_km = models.CharField(_("SMS (Khmer)"), max_length=300, blank=True)
    sms_en = models.CharField(_("SMS (English)"), max_length=300, blank=True)
    sms_fr = models.CharField(_("SMS (French)"), max_length=300, blank=True)
    audience = models.CharField(_("audience"), max_length=20, choices=AudienceKind.choices)
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, null=True, blank=True
    )
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, null=True, blank=True
    )
    group = models.ForeignKey(
        CivilPartyGroup, verbose_name=_("group"), on_delete=models.PROTECT, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=NewsletterStatus.choices, default=NewsletterStatus.DRAFT
    )
    job = models.OneToOneField(
        "outreach.SendJob",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="newsletter",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        constraints = [
            models.CheckConstraint(
                condition=~Q(title_km="", title_en="", title_fr=""), name="newsletter_has_title"
            ),
            models.CheckConstraint(
                condition=Q(audience=AudienceKind.CASE, case__isnull=False)
                | Q(audience=AudienceKind.PROVINCE, province__isnull=False)
                | Q(audience=AudienceKind.GROUP, group__isnull=False)
                | Q(audience=AudienceKind.SUBSCRIBERS),
                name="newsletter_audience_named",
            ),
            models.CheckConstraint(
                condition=Q(archived_at__isnull=True) | ~Q(archive_reason=""),
                name="newsletter_archive_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"newsletter {self.pk}"

    @property
    def audience_key(self) -> str:
        """Who the newsletter is for, in a few characters: a count names the audience it
        counted with it."""
        return ":".join(
            [
                self.audience,
                *(str(pk or "") for pk in (self.case_id, self.province_id, self.group_id)),
            ]
        )


class NewsletterReach(models.Model):
    """Who a newsletter reaches, counted in the background: the Civil Parties of a case
    are hundreds of thousands, too many to count at each reading of its page. The page
    shows the last count with the moment it was taken."""

    newsletter = models.OneToOneField(
        Newsletter, on_delete=models.PROTECT, primary_key=True, related_name="reach"
    )
    asked_at = models.DateTimeField(_("count asked at"))
    # When the count counted: a change to the readers after it is not in it.
    counted_at = models.DateTimeField(_("counted at"), null=True, blank=True)
    # The audience that was counted (`Newsletter.audience_key`): one edited since is
    # counted again, and its old count is not shown for it.
    audience = models.CharField(_("audience counted"), max_length=60, blank=True)
    # channel -> language -> readers; reason -> people not reached.
    reached = models.JSONField(_("readers"), default=dict)
    not_reached = models.JSONField(_("not reached"), default=dict)

    class Meta:
        verbose_name = _("count of a newsletter's readers")
        verbose_name_plural = _("counts of newsletters' readers")

    def __str__(self) -> str:
        return f"readers of newsletter {self.newsletter_id}"

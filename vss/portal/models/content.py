"""The public site's texts, edited by the Section's staff without a deployment: every
change is a new revision, kept, so the history says who wrote what and when."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PublicPage(models.TextChoices):
    HOME = "home", _("Home")
    RIGHTS = "rights", _("Your rights as a victim")
    PARTICIPATING = "participating", _("Complainant or Civil Party")
    APPLYING = "applying", _("How to apply and what happens next")
    LAWYERS_AND_SUPPORT = "lawyers-and-support", _("Lawyers and psychosocial support")
    REPARATIONS = "reparations", _("Reparations and non-judicial measures")
    NEWSLETTER = "newsletter", _("The newsletter")
    EVENTS = "events", _("Events")
    CONTACT = "contact", _("How to contact the Section")


class RevisionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    # A published text replaced by a later one: kept for the history.
    REPLACED = "replaced", _("Replaced")


class ContentRevision(models.Model):
    page = models.CharField(_("page"), max_length=30, choices=PublicPage.choices)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    # What search engines and link previews show, and the line under the title.
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=10, choices=RevisionStatus.choices, default=RevisionStatus.DRAFT
    )
    note = models.CharField(_("what changed and why"), max_length=300, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    written_at = models.DateTimeField(_("written"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["page", "language", "-written_at", "-id"]
        verbose_name = _("public page text")
        verbose_name_plural = _("public page texts")
        constraints = [
            # Visitors read one text per page and language.
            models.UniqueConstraint(
                fields=["page", "language"],
                condition=Q(status="published"),
                name="portal_one_published_text",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="portal_published_text_has_date",
            ),
        ]
        indexes = [models.Index(fields=["page", "language", "status"], name="portal_text_idx")]

    def __str__(self) -> str:
        return f"{self.page} ({self.language}) {self.status}"

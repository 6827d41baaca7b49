"""An application filled on the public site: kept as a draft, step by step, until it is
sent; then it enters the staff workflow as any other form received online."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Filer(models.TextChoices):
    VICTIM = "victim", _("The victim")
    RELATIVE = "relative", _("A relative of the victim")
    INTERMEDIARY = "intermediary", _("An organisation helping the victim")


class OnlineDraft(models.Model):
    """A form being filled by someone who is not signed in. It is found again by a secret
    the filer's browser keeps (only its digest is stored here), never by anything in a
    URL, so a draft full of personal data cannot be opened from a shared link or a log."""

    key_digest = models.CharField(max_length=64, unique=True)
    filer = models.CharField(_("filled by"), max_length=20, choices=Filer.choices)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    step = models.PositiveSmallIntegerField(_("step reached"), default=1)
    # The answers so far, by step: validated again as a whole when the form is sent.
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    # Drafts never sent are wiped of their answers after this date (data minimisation).
    expires_at = models.DateTimeField(_("kept until"))
    submitted_at = models.DateTimeField(_("sent"), null=True, blank=True)
    application = models.OneToOneField(
        "applications.Application",
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="online_draft",
    )

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("online draft")
        verbose_name_plural = _("online drafts")
        constraints = [
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True, application__isnull=True)
                | Q(submitted_at__isnull=False, application__isnull=False),
                name="portal_sent_draft_has_application",
            ),
        ]
        indexes = [models.Index(fields=["expires_at"], name="portal_draft_expiry_idx")]

    def __str__(self) -> str:
        return f"online draft {self.pk}"


class DraftUploadKind(models.TextChoices):
    DOCUMENT = "document", _("Supporting document")
    SIGNATURE = "signature", _("Signature drawn on the screen")
    THUMBPRINT = "thumbprint", _("Photo of a thumbprint")


class DraftUpload(models.Model):
    """A file sent with a draft: checked by its content and size on arrival
    (vss.applications.uploads), kept in the private media storage, never served publicly;
    it becomes one of the application's documents when the form is sent."""

    draft = models.ForeignKey(OnlineDraft, on_delete=models.PROTECT, related_name="uploads")
    kind = models.CharField(_("kind"), max_length=20, choices=DraftUploadKind.choices)
    file = models.FileField(_("file"), upload_to="portal/drafts/%Y/%m/")
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("file sent with a draft")
        verbose_name_plural = _("files sent with drafts")

    def __str__(self) -> str:
        return f"{self.kind} of draft {self.draft_id}"

"""The forms of the newsletters' pages: a newsletter's texts and audience, its sending,
its archiving and the language of its printed letters."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vss.core.forms import RecordChoiceField, RefusalTakesTheFocus, VersionField, offer_choices
from vss.people.models import Language

from .models import AudienceKind, Newsletter
from .selectors.newsletters import cases, groups, provinces
from .services.newsletters import TEXTS, NewsletterData


class NewsletterForm(RefusalTakesTheFocus, forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        model = Newsletter
        fields = [*TEXTS, "audience", "case", "province", "group"]
        field_classes = dict.fromkeys(("case", "province", "group"), RecordChoiceField)
        widgets = {
            "body_km": forms.Textarea(attrs={"rows": 6}),
            "body_en": forms.Textarea(attrs={"rows": 6}),
            "body_fr": forms.Textarea(attrs={"rows": 6}),
            "sms_km": forms.Textarea(attrs={"rows": 2}),
            "sms_en": forms.Textarea(attrs={"rows": 2}),
            "sms_fr": forms.Textarea(attrs={"rows": 2}),
            "audience": forms.RadioSelect,
        }
        help_texts = {
            "case": _("For the Civil Parties of a province, a case keeps them to its own."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, case=cases(), province=provinces(), group=groups())
        # Radio buttons need no empty "---------" choice: one audience must be picked.
        self.fields["audience"].choices = AudienceKind.choices  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["version"].required = True
            self.fields["version"].initial = self.instance.version

    def _post_clean(self) -> None:
        # The service checks the newsletter as a whole; the model's own checks would
        # refuse a draft before the service could say why.
        pass

    def newsletter_data(self) -> NewsletterData:
        d = self.cleaned_data
        return NewsletterData(
            **{name: d[name] for name in TEXTS},
            audience=d["audience"],
            case=d["case"],
            province=d["province"],
            group=d["group"],
        )


class OwnIds:
    """A form of a page that shows several, its ids marked with its own prefix (its
    field names stay as they are)."""

    ids = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.ids}-%s")
        super().__init__(*args, **kwargs)


class SendForm(OwnIds, forms.Form):
    ids = "send"
    version = VersionField()


class ArchiveForm(OwnIds, RefusalTakesTheFocus, forms.Form):
    ids = "archive"
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    version = VersionField()


class PrintForm(OwnIds, forms.Form):
    ids = "print"
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, required=False)

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ContentRevision
from .services.content import TextData

FORMAT_HELP = _(
    "Plain text. Leave an empty line between paragraphs. A line starting with ## is a "
    "heading (### a smaller one). Lines starting with - make a list (1. a numbered one). "
    "A link: [the words shown](https://address or /path/ of the site)."
)


class PageTextForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=300,
        required=False,
        help_text=_("One sentence under the title, also shown by search engines."),
    )
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 20}), help_text=FORMAT_HELP
    )
    note = forms.CharField(
        label=_("What changed and why"),
        max_length=300,
        required=False,
        help_text=_("Kept in the page's history."),
    )

    @staticmethod
    def initial_of(text: ContentRevision | None) -> dict[str, str]:
        if text is None:
            return {}
        return {"title": text.title, "summary": text.summary, "body": text.body}

    def text_data(self) -> TextData:
        data = self.cleaned_data
        return TextData(
            title=data["title"], summary=data["summary"], body=data["body"], note=data["note"]
        )


class RestoreForm(forms.Form):
    note = forms.CharField(label=_("Why go back to this text"), max_length=300, required=False)


class FollowForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference"),
        max_length=30,
        help_text=_("As printed on your receipt, for example 7KQ3M-XW92D."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    # Never shown back: a form sent again after a wrong answer comes back without it.
    code = forms.CharField(
        label=_("Secret code"),
        max_length=30,
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    birth_year = forms.IntegerField(
        label=_("Year of birth of the applicant"),
        min_value=1880,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def clean_birth_year(self) -> int:
        year: int = self.cleaned_data["birth_year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError(_("Enter a year that has passed."))
        return year

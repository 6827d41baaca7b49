from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vss.outreach.models import MessageChannel
from vss.people.models import Language

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


def phone_normalised(typed: str) -> str:
    """A phone number as written, in the one form it is kept in: digits only, and a
    Cambodian number in its national form (+855 12 345 678 and 012 345 678 are one)."""
    digits = "".join(ch for ch in typed if ch.isdigit())
    international = typed.strip().startswith(("+", "00"))
    if international and typed.strip().startswith("00"):
        digits = digits[2:]
    if digits.startswith("855") and (international or len(digits) > 10):
        return "0" + digits[3:]
    return ("+" + digits) if international else digits


class NewsletterForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Receive it"),
        choices=[(MessageChannel.SMS, _("By SMS")), (MessageChannel.EMAIL, _("By email"))],
        initial=MessageChannel.SMS,
        widget=forms.RadioSelect,
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=40,
        required=False,
        help_text=_("For SMS. For example 012 345 678."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        required=False,
        help_text=_("For email."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    language = forms.ChoiceField(label=_("In which language"), choices=Language.choices)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        channel = data.get("channel")
        if channel == MessageChannel.SMS:
            phone = phone_normalised(data.get("phone") or "")
            if not 8 <= len(phone.lstrip("+")) <= 15:
                self.add_error("phone", _("Type a phone number, for example 012 345 678."))
            data["address"] = phone
        elif channel == MessageChannel.EMAIL:
            if not data.get("email") and "email" not in self.errors:
                self.add_error("email", _("Type an email address."))
            data["address"] = (data.get("email") or "").lower()
        return data

"""The forms of a person's way of being reached: the channel and its address, consent to
news, and the Section's stop and resume."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vss.core.forms import DateField, VersionField

from .models import ContactPreference, MessageChannel
from .services.preferences import ReachData


class PreferenceForm(forms.Form):
    prefix = "reach"

    channel = forms.ChoiceField(label=_("Channel"), choices=MessageChannel.choices)
    email = forms.EmailField(label=_("Email"), required=False, max_length=254)
    postal_address = forms.CharField(
        label=_("Postal address"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    consents_to_news = forms.BooleanField(label=_("Agrees to receive news"), required=False)
    consent_recorded_on = DateField(label=_("Consent given on"), required=False)
    version = VersionField()

    def __init__(self, *args: Any, preference: ContactPreference | None = None, **kwargs: Any):
        if preference is not None:
            kwargs.setdefault(
                "initial",
                {
                    "channel": preference.channel,
                    "email": preference.email,
                    "postal_address": preference.postal_address,
                    "consents_to_news": preference.consents_to_news,
                    "consent_recorded_on": preference.consent_recorded_on,
                    "version": preference.version,
                },
            )
        else:
            kwargs.setdefault("initial", {"channel": MessageChannel.SMS, "version": 0})
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        channel = data.get("channel")
        if channel == MessageChannel.EMAIL and not data.get("email"):
            self.add_error("email", _("Give the email address the messages go to."))
        if channel == MessageChannel.POST and not (data.get("postal_address") or "").strip():
            self.add_error("postal_address", _("Give the address the letters go to."))
        if data.get("consents_to_news") and not data.get("consent_recorded_on"):
            data["consent_recorded_on"] = timezone.localdate()
        if not data.get("consents_to_news"):
            data["consent_recorded_on"] = None
        on = data.get("consent_recorded_on")
        if on and on > timezone.localdate():
            self.add_error("consent_recorded_on", _("The consent cannot be given in the future."))
        return data

    def reach_data(self) -> ReachData:
        data = self.cleaned_data
        return ReachData(
            channel=data["channel"],
            email=data.get("email") or "",
            postal_address=(data.get("postal_address") or "").strip(),
            consents_to_news=bool(data.get("consents_to_news")),
            consent_recorded_on=data.get("consent_recorded_on"),
        )


class StopForm(forms.Form):
    prefix = "stop"

    version = VersionField()


class ResumeForm(forms.Form):
    prefix = "resume"

    reason = forms.CharField(
        label=_("Why the messages resume"),
        max_length=300,
        help_text=_("For example: the person asked at the forum in Takeo to receive them again."),
    )
    version = VersionField()

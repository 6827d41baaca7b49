from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from vss import policy
from vss.accounts.models import User
from vss.core.forms import DateField, RecordChoiceField, VersionField
from vss.people.models import Person

from .models import Consent, ContactChannel, ReferralStatus, ServiceType, SessionKind
from .selectors import ReferralFilters, open_consents_of, partners
from .services import ConsentData, ContactData

NEW_CONSENT = "new"


class ReferralFilterForm(forms.Form):
    partner = RecordChoiceField(
        label=_("Partner"), queryset=partners(), required=False, empty_label=_("All")
    )
    service = forms.ChoiceField(
        label=_("Service"), choices=[("", _("All")), *ServiceType.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *ReferralStatus.choices], required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A partner sees its own referrals only: choosing another partner means nothing.
        if policy.acts_for_partner(user):
            del self.fields["partner"]

    def filters(self) -> ReferralFilters:
        if not self.is_valid():
            return ReferralFilters()
        d = self.cleaned_data
        partner = d.get("partner")
        return ReferralFilters(
            partner_id=partner.pk if partner else None, service=d["service"], status=d["status"]
        )


class ReferralForm(forms.Form):
    partner = RecordChoiceField(label=_("Partner organisation"), queryset=partners())
    service = forms.ChoiceField(label=_("Service"), choices=ServiceType.choices)
    referred_on = DateField(label=_("Referred on"), initial=timezone.localdate)
    reason = forms.CharField(
        label=_("Reason for the referral"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("What the partner needs to know to make contact; no health details."),
    )
    consent = forms.ChoiceField(label=_("Consent"), widget=forms.RadioSelect)
    given_by = forms.CharField(
        label=_("Consent given by"),
        max_length=200,
        required=False,
        help_text=_("The person themself, or who consented for them and in what capacity."),
    )
    given_on = DateField(label=_("Consent given on"), required=False)
    covers = forms.CharField(
        label=_("What the consent covers"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("The services and the sharing of information the person agreed to."),
    )

    def __init__(self, *args: Any, user: User, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        self.open_consents = {str(c.pk): c for c in open_consents_of(person)}
        choices: list[tuple[str, Any]] = [(NEW_CONSENT, _("Record the consent given now"))]
        # Who consented may name a relative, which would identify a protected person.
        show_giver = policy.can_see_identity(user, person)
        for pk, c in self.open_consents.items():
            label = _("Consent of %(date)s: %(covers)s") % {
                "date": date_format(c.given_on, "SHORT_DATE_FORMAT"),
                "covers": c.covers[:80],
            }
            if show_giver:
                label = f"{label} ({c.given_by})"
            choices.append((pk, label))
        field = self.fields["consent"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
        field.initial = NEW_CONSENT

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("consent") == NEW_CONSENT:
            for name in ("given_by", "given_on", "covers"):
                if not data.get(name):
                    self.add_error(name, _("Required: no referral without the person's consent."))
        return data

    def chosen_consent(self) -> Consent | None:
        return self.open_consents.get(self.cleaned_data["consent"])

    def new_consent(self) -> ConsentData | None:
        if self.cleaned_data["consent"] != NEW_CONSENT:
            return None
        d = self.cleaned_data
        return ConsentData(given_by=d["given_by"], given_on=d["given_on"], covers=d["covers"])


class ConsentWithdrawalForm(forms.Form):
    withdrawn_on = DateField(label=_("Withdrawn on"), initial=timezone.localdate)
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("How and to whom the person withdrew it."),
        error_messages={"required": _("Say how and to whom the person withdrew their consent.")},
    )


class SessionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)
    held_on = DateField(label=_("Held on"), initial=timezone.localdate)
    attended = forms.BooleanField(label=_("Attended"), required=False, initial=True)
    outcome = forms.CharField(
        label=_("Outcome"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Counselling content: read only by your organisation and the Chief."),
    )

    def __init__(self, *args: Any, allow_ceremony: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not allow_ceremony:
            kind = self.fields["kind"]
            assert isinstance(kind, forms.ChoiceField)
            kind.choices = [(SessionKind.SESSION, SessionKind.SESSION.label)]


class HealthNoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}))


class ClosureForm(forms.Form):
    closed_on = DateField(label=_("Closed on"), initial=timezone.localdate)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    without_ceremony = forms.BooleanField(
        label=_("Close without the public testimony ceremony"), required=False
    )
    # The referral's version when the page was opened (see referral_close).
    version = VersionField()

    def __init__(self, *args: Any, ceremony_pending: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not ceremony_pending:
            del self.fields["without_ceremony"]


def contact_users(actor: User, person: Person) -> QuerySet[User]:
    """The active accounts a contact can name as its author or the follow-up's, as the
    policy allows (each is checked again against the person when recording)."""
    return policy.contact_authors(actor, User.objects.filter(is_active=True).order_by("username"))


class UserChoiceField(RecordChoiceField):
    # People's names and usernames: nothing for a browser's translation to touch.
    widget = forms.Select(attrs={"translate": "no"})

    def label_from_instance(self, obj: Any) -> str:
        full = obj.get_full_name()
        return f"{full} ({obj.username})" if full else obj.username


class ContactForm(forms.Form):
    happened_on = DateField(label=_("Date"), initial=timezone.localdate)
    channel = forms.ChoiceField(label=_("Channel"), choices=ContactChannel.choices)
    contacted_by = UserChoiceField(label=_("By"), queryset=User.objects.none())
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}))
    follow_up_on = DateField(label=_("Follow up by"), required=False)
    follow_up_user = UserChoiceField(
        label=_("Follow-up by"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Yourself unless you choose someone else."),
    )

    def __init__(self, *args: Any, actor: User, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        users = contact_users(actor, person)
        contacted_by, follow_up_user = self.fields["contacted_by"], self.fields["follow_up_user"]
        assert isinstance(contacted_by, UserChoiceField)
        assert isinstance(follow_up_user, UserChoiceField)
        contacted_by.queryset = users
        contacted_by.initial = actor.pk
        follow_up_user.queryset = users
        follow_up_user.empty_label = _("Myself")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("follow_up_user") and not data.get("follow_up_on"):
            self.add_error("follow_up_on", _("Give the date of the follow-up."))
        return data

    def contact_data(self) -> ContactData:
        d = self.cleaned_data
        return ContactData(
            channel=d["channel"],
            happened_on=d["happened_on"],
            summary=d["summary"],
            contacted_by=d["contacted_by"],
            follow_up_on=d["follow_up_on"],
            follow_up_user=d["follow_up_user"],
        )

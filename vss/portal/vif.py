"""The Victim Information Form as the public fills it: the same fields, rules and service
inputs as the form intake types (vss.applications.forms, vss.people.forms), cut into
steps a person can answer one at a time on a phone.

The answers of each step are kept as they were posted (text, lists of text), so a draft
can be stored as JSON and a form filled on a device sent as JSON; `vif_check` validates a
whole VIF from such answers and gives either the errors by step or what the services
take. It touches the database only to read (cases open, crime types, villages)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.forms import BaseFormSet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vss.applications.forms import CasesForm, CrimeFormSet, HarmFormSet
from vss.applications.models import Channel, SignatureKind
from vss.applications.services import CaseRequest, FormContent, FormData
from vss.people.forms import PersonForm
from vss.people.models import Ethnicity
from vss.people.services import PersonData
from vss.proceedings.models import Case
from vss.proceedings.selectors import cases_open_for_applications

from .models import Filer

# In the order they are filled; "documents" and the file of "signature" are sent as
# files and kept beside the answers (DraftUpload), "review" asks nothing.
FILER, PERSON, CASES, EVENTS, DOCUMENTS, CONSENT, SIGNATURE, REVIEW = (
    "filer",
    "person",
    "cases",
    "events",
    "documents",
    "consent",
    "signature",
    "review",
)
STEPS = (FILER, PERSON, CASES, EVENTS, DOCUMENTS, CONSENT, SIGNATURE, REVIEW)
STEP_TITLES = {
    FILER: _("Who is filling in the form"),
    PERSON: _("The person who suffered"),
    CASES: _("The case and how to take part"),
    EVENTS: _("What happened"),
    DOCUMENTS: _("Documents"),
    CONSENT: _("Your consent"),
    SIGNATURE: _("Signature"),
    REVIEW: _("Check and send"),
}

Answers = Mapping[str, Mapping[str, Any]]


class FilerForm(forms.Form):
    filer = forms.ChoiceField(
        label=_("Who is filling in this form?"),
        choices=Filer.choices,
        widget=forms.RadioSelect,
    )


class ApplicantForm(PersonForm):
    """The applicant's part of the intake form, without what only the Section decides
    (protection, pseudonym, a death on record) and without other spellings: the person
    gives their name once in each script."""

    LEFT_TO_THE_SECTION = ("aliases", "ethnicity", "is_deceased", "is_protected", "version")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, may_choose_pseudonym=False, **kwargs)
        for name in self.LEFT_TO_THE_SECTION:
            del self.fields[name]
        self.fields["village"].label = _("Village where the person lives now")
        self.fields["village"].help_text = _(
            "The village's 8-digit code, as written on a family book or an identity card."
        )
        self.fields["village"].widget = forms.TextInput(attrs={"inputmode": "numeric"})
        self.fields["phone"].help_text = _(
            "If you give a phone number, the receipt is sent to it by SMS."
        )
        self.fields["phone"].widget = forms.TextInput(attrs={"type": "tel"})
        self.fields["preferred_language"].required = True
        self.fields["preferred_language"].help_text = _(
            "The language the Section writes to the person in."
        )

    def clean(self) -> dict:
        data = super().clean() or {}
        # Following an application asks for the year of birth: an approximate one will do.
        if not data.get("birth_date") and not data.get("birth_year") and "birth_year" in data:
            self.add_error("birth_year", _("Give the year of birth, even approximately."))
        data.update(
            aliases=[],
            ethnicity=Ethnicity.UNKNOWN,
            is_deceased=False,
            is_protected=False,
        )
        return data

    def person_data(self) -> PersonData:
        data = super().person_data()
        if data.birth_year is None and data.birth_date is not None:
            data.birth_year = data.birth_date.year  # type: ignore[attr-defined]
        return data


class AccountForm(forms.Form):
    account = forms.CharField(
        label=_("In your own words, what happened?"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    reparation_wishes = forms.CharField(
        label=_("What would help repair the harm? (optional)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConsentForm(forms.Form):
    consent_share_with_court = forms.BooleanField(
        label=_("I agree that this form is shared with the judges and the parties."),
        required=False,
    )
    consent_contact = forms.BooleanField(
        label=_("I agree that the Section contacts the person about this application."),
        required=False,
    )
    consent_publish_name = forms.BooleanField(
        label=_("I agree that the person's name may be published among the Civil Parties."),
        required=False,
    )


class SignatureForm(forms.Form):
    signature = forms.ChoiceField(
        label=_("How does the person sign?"),
        choices=[
            (SignatureKind.SIGNATURE.value, _("With a signature drawn on the screen")),
            (SignatureKind.THUMBPRINT.value, _("With a thumbprint (a photo of it)")),
        ],
        widget=forms.RadioSelect,
    )


def _bound(answers: Mapping[str, Any] | None) -> QueryDict | None:
    """Answers as a form binds them: a dict of text or lists of text back to POST data."""
    if answers is None:
        return None
    data = QueryDict(mutable=True)
    for key, value in answers.items():
        if isinstance(value, list):
            data.setlist(key, [str(v) for v in value])
        else:
            data[key] = str(value)
    return data


def answers_of(post: QueryDict, parts: list[Any]) -> dict[str, Any]:
    """What a step's POST says, kept for the draft: only the keys its forms read, so that
    a token, a button or a honeypot is not stored with the answers."""
    prefixes = tuple(_part_prefixes(parts))
    kept: dict[str, Any] = {}
    for key in post:
        if key.startswith(prefixes):
            values = post.getlist(key)
            kept[key] = values if len(values) > 1 else values[0]
    return kept


def _part_prefixes(parts: list[Any]) -> list[str]:
    return [f"{part.prefix}-" for part in parts]


def offered_cases(data: Mapping[str, Any] | None) -> list[Case]:
    """The cases the public may apply in: those open on the public site today, and any a
    draft named while it was open, so that a form finished after the deadline is still
    sent, and received late for a legal officer to decide on, as a paper one would be."""
    open_cases = cases_open_for_applications(timezone.localdate())
    named = {
        int(key.removeprefix("cases-case_"))
        for key, value in (data or {}).items()
        if key.startswith("cases-case_") and key.removeprefix("cases-case_").isdigit() and value
    }
    named -= {case.pk for case in open_cases}
    closed_since = Case.objects.filter(pk__in=named, accepts_applications=True, is_terminated=False)
    return [*open_cases, *closed_since]


def step_parts(step: str, answers: Mapping[str, Any] | None) -> list[Any]:
    """The forms of a step, bound to its answers (None: unbound, as first shown)."""
    data = _bound(answers)
    if step == FILER:
        return [FilerForm(data, prefix="filer")]
    if step == PERSON:
        return [ApplicantForm(data, prefix="person")]
    if step == CASES:
        return [CasesForm(data, prefix="cases", cases=offered_cases(data))]
    if step == EVENTS:
        return [
            CrimeFormSet(data, prefix="crimes"),
            HarmFormSet(data, prefix="harms"),
            AccountForm(data, prefix="story"),
        ]
    if step == CONSENT:
        return [ConsentForm(data, prefix="consent")]
    if step == SIGNATURE:
        return [SignatureForm(data, prefix="signature")]
    return []


def _filled(formset: BaseFormSet) -> list[Any]:
    return [f for f in formset.forms if f.has_changed() and f.cleaned_data]


def parts_valid(step: str, parts: list[Any]) -> bool:
    """Every part validated (so all errors show at once), and the rules across parts."""
    valid = all([part.is_valid() for part in parts])
    if valid and step == EVENTS:
        harms = parts[1]
        if not _filled(harms):
            # Rule 23bis: an injury, the person's own or a close relative's.
            harms.forms[0].add_error("kind", _("Say at least one harm the person suffered."))
            return False
    return valid


@dataclass
class VifCheck:
    """A whole VIF judged: `errors` by step (empty when it can be sent), and when it can,
    the applicant and the content the services take."""

    errors: dict[str, list[str]] = field(default_factory=dict)
    filer: str = ""
    applicant: PersonData | None = None
    content: FormContent | None = None

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def first_invalid_step(self) -> str | None:
        return next((step for step in STEPS if step in self.errors), None)


def _messages(parts: list[Any]) -> list[str]:
    messages: list[str] = []
    for part in parts:
        if isinstance(part, BaseFormSet):
            messages += [str(e) for e in part.non_form_errors()]
            for form in part.forms:
                messages += [str(e) for errors in form.errors.values() for e in errors]
        else:
            messages += [str(e) for errors in part.errors.values() for e in errors]
    return messages or [str(_("This step is not complete."))]


def vif_check(answers: Answers) -> VifCheck:
    """Validates every step of a VIF from its answers. The form is received online today
    and signed today; what the documents and the signature's file are is kept beside."""
    check = VifCheck()
    valid: dict[str, list[Any]] = {}
    for step in STEPS:
        if step in (DOCUMENTS, REVIEW):
            continue
        parts = step_parts(step, answers.get(step) or {})
        if parts_valid(step, parts):
            valid[step] = parts
        else:
            check.errors[step] = _messages(parts)
    if check.errors:
        return check
    crimes, harms, story = valid[EVENTS]
    consent = valid[CONSENT][0].cleaned_data
    check.filer = valid[FILER][0].cleaned_data["filer"]
    check.applicant = valid[PERSON][0].person_data()
    requests: list[CaseRequest] = valid[CASES][0].requests()
    check.content = FormContent(
        form=FormData(
            channel=Channel.ONLINE,
            signed_on=timezone.localdate(),
            signature=valid[SIGNATURE][0].cleaned_data["signature"],
            consent_share_with_court=consent["consent_share_with_court"],
            consent_contact=consent["consent_contact"],
            consent_publish_name=consent["consent_publish_name"],
            account=story.cleaned_data["account"].strip(),
            reparation_wishes=story.cleaned_data["reparation_wishes"].strip(),
        ),
        crimes=[f.crime_data() for f in _filled(crimes)],
        harms=[f.harm_data() for f in _filled(harms)],
        requests=requests,
    )
    return check

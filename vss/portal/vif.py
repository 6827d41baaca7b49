"""The Victim Information Form as the public fills it: the same fields, rules and service
inputs as the form intake types (vss.applications.forms, vss.people.forms), cut into
steps a person can answer one at a time on a phone.

The answers of each step are kept as they were posted (text, lists of text), so a draft
can be stored as JSON and a form filled on a device sent as JSON; `vif_check` validates a
whole VIF from such answers and gives either the errors by step or what the services
take. It touches the database only to read (cases open, crime types, villages).

The village is typed by its name, as a victim knows it, and kept in the draft as the code
of the village the form took (see ApplicantForm), so that the answers stay what intake's
service and a device's JSON give."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.forms import BaseFormSet
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from vss.applications.forms import CasesForm, CrimeFormSet, HarmFormSet
from vss.applications.models import Channel, SignatureKind
from vss.applications.services import CaseRequest, FormContent, FormData
from vss.geo.models import Village
from vss.geo.selectors import village_label, village_search
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


# A village typed as its code (Latin or Khmer digits), alone or followed by its name as
# the staff's form and a device write it.
_VILLAGE_CODE = re.compile(r"^\s*(\d{8})\b")
_KHMER_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")
# "Village" written before the name, as people often do; the gazetteer has the name alone
# (except the few villages called by a number, which match as typed).
_VILLAGE_WORD = re.compile(r"^\s*(?:ភូមិ\s*|(?:phumi?|phoum|village)\b[\s.]*)", re.IGNORECASE)
# Enough for the villages of one name in a district; more and the text must say where.
VILLAGE_CHOICES_MAX = 20
VILLAGE_NAME_MIN = 2


def _village_code(text: str) -> str | None:
    match = _VILLAGE_CODE.match(text.translate(_KHMER_DIGITS))
    return match.group(1) if match else None


def _village_by_code(code: str) -> Village | None:
    found = village_search(code, limit=1)
    return found[0] if found and found[0].code == code else None


def _village_texts(village: Village) -> set[str]:
    """The ways the form shows a village, whatever the reader's language was then."""
    texts = set()
    for language in ("km", "en"):
        with translation.override(language):
            texts.add(village_label(village))
    return texts


class ApplicantForm(PersonForm):
    """The applicant's part of the intake form, without what only the Section decides
    (protection, pseudonym, a death on record) and without other spellings: the person
    gives their name once in each script.

    The village is typed by its name (or its code): one match is taken; several are
    offered as a short list of choices (`village_choice`); the village taken is shown
    by its name with its code beside, hidden, so that saving the step again keeps it
    without looking it up. `may_search` says whether a name may be looked up now (the
    pages limit how often); a code is always read."""

    LEFT_TO_THE_SECTION = ("aliases", "ethnicity", "is_deceased", "is_protected", "version")

    village_choice = forms.CharField(
        label=_("Which of these villages?"), required=False, widget=forms.HiddenInput
    )

    def __init__(
        self, *args: Any, may_search: Callable[[], bool] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, may_choose_pseudonym=False, **kwargs)
        for name in self.LEFT_TO_THE_SECTION:
            del self.fields[name]
        self.may_search = may_search or (lambda: True)
        self.fields["village"] = forms.CharField(
            label=_("Village where the person lives now"),
            required=False,
            max_length=200,
            help_text=_(
                "The village's name in Khmer or in Latin letters, as written on a family "
                "book or an identity card. If many villages have this name, add the "
                "commune or the district after a comma: “Thmei, Kandal Stueng”."
            ),
        )
        # The choices come right under the name they are for.
        choice = self.fields.pop("village_choice")
        fields = list(self.fields.items())
        at = [name for name, _field in fields].index("village") + 1
        self.fields = dict([*fields[:at], ("village_choice", choice), *fields[at:]])
        self.fields["phone"].help_text = _(
            "If you give a phone number, the receipt is sent to it by SMS."
        )
        self.fields["phone"].widget = forms.TextInput(attrs={"type": "tel"})
        self.fields["preferred_language"].required = True
        self.fields["preferred_language"].help_text = _(
            "The language the Section writes to the person in."
        )
        if self.is_bound:
            code = _village_code(self.data.get(self.add_prefix("village")) or "")
            village = _village_by_code(code) if code else None
            if village is not None:
                self._show_village(village)

    def _show_village(self, village: Village) -> None:
        """What the step shows next: the village's name, its code kept hidden beside."""
        data = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
        data[self.add_prefix("village")] = village_label(village)
        data[self.add_prefix("village_choice")] = village.code
        self.data = data
        self.fields["village_choice"].widget = forms.HiddenInput()

    def _offer(self, villages: list[Village]) -> None:
        self.fields["village_choice"].widget = forms.RadioSelect(
            choices=[(v.code, village_label(v, separator=" · ")) for v in villages]
        )

    def clean_village(self) -> str | None:
        text = (self.cleaned_data.get("village") or "").strip()
        if not text:
            return None
        code = _village_code(text)
        if code is not None:
            if _village_by_code(code) is None:
                raise forms.ValidationError(
                    _("There is no village with the code %(code)s."),
                    code="unknown",
                    params={"code": code},
                )
            return code
        picked = (self.data.get(self.add_prefix("village_choice")) or "").strip()
        shown = _village_by_code(picked) if _village_code(picked) else None
        if shown is not None and text in _village_texts(shown):
            return shown.code
        if len(text) < VILLAGE_NAME_MIN:
            raise forms.ValidationError(_("Write the whole name of the village."), code="short")
        if not self.may_search():
            raise forms.ValidationError(
                _(
                    "Too many villages were looked for from this connection. Wait an hour "
                    "and try again, or call the Victims Support Section."
                ),
                code="searches",
            )
        villages = village_search(text, limit=VILLAGE_CHOICES_MAX + 1)
        unprefixed = _VILLAGE_WORD.sub("", text, count=1)
        if not villages and unprefixed and unprefixed != text:
            villages = village_search(unprefixed, limit=VILLAGE_CHOICES_MAX + 1)
        if not villages:
            message = _(
                "No village has this name. Write the name as on a family book or an "
                "identity card, in Khmer or in Latin letters, without “village” or "
                "“phum”; add the commune after a comma if you know it. The Victims "
                "Support Section can help you by phone."
            )
            phone = settings.VSS_SECTION_PHONE
            raise forms.ValidationError(f"{message} {phone}" if phone else message, code="none")
        if len(villages) > VILLAGE_CHOICES_MAX:
            raise forms.ValidationError(
                _(
                    "More than %(count)s villages have a name like this. Add the commune "
                    "or the district after a comma: “Thmei, Kandal Stueng”."
                ),
                code="many",
                params={"count": VILLAGE_CHOICES_MAX},
            )
        if len(villages) == 1:
            self._show_village(villages[0])
            return villages[0].code
        chosen = next((v for v in villages if v.code == picked), None)
        if chosen is not None:
            self._show_village(chosen)
            return chosen.code
        self._offer(villages)
        raise forms.ValidationError(
            _(
                "Several villages have a name like this: choose the right one below, or "
                "add the commune after a comma."
            ),
            code="several",
        )

    def keep(self, answers: dict[str, Any]) -> dict[str, Any]:
        """The answers a draft keeps: the village taken as its code; a name not yet
        settled as it was typed, to be shown again with what is wrong."""
        if self.errors.get("village"):
            return answers
        kept = {k: v for k, v in answers.items() if k != self.add_prefix("village_choice")}
        kept[self.add_prefix("village")] = self.cleaned_data.get("village") or ""
        return kept

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
    for part in parts:
        if isinstance(part, ApplicantForm):
            kept = part.keep(kept)
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


def step_parts(
    step: str, answers: Mapping[str, Any] | None, *, may_search: Callable[[], bool] | None = None
) -> list[Any]:
    """The forms of a step, bound to its answers (None: unbound, as first shown);
    `may_search` is asked before a village's name is looked up (default: always)."""
    data = _bound(answers)
    if step == FILER:
        return [FilerForm(data, prefix="filer")]
    if step == PERSON:
        return [ApplicantForm(data, prefix="person", may_search=may_search)]
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

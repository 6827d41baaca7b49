import datetime
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vss import policy
from vss.accounts.models import User
from vss.core.forms import DateField, SentCheckboxInput, VersionField
from vss.geo.fields import VillageField, VillageInput, village_value
from vss.names.keys import is_khmer

from .models import Ethnicity, Language, Person, Relationship, Sex
from .services import PersonData


class FreeTextForm(forms.Form):
    """A form with text users typed (`free_text_fields`), which may name a protected
    person. Opened by someone who may not identify that person, such a field shows the
    text as policy.free_text gives it, with the pseudonym, and cannot be changed: the form
    saves the text on file, so that the mask never replaces what it hides."""

    free_text_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._behind_mask: dict[str, str] = {}

    def mask_protected_names(self, user: User, stored: Mapping[str, Any]) -> None:
        """Mask the fields whose `stored` text names someone `user` may not identify;
        called before the form is validated or shown."""
        for name in self.free_text_fields:
            text = stored.get(name) or ""
            shown = policy.free_text(user, text)
            if shown == text:
                continue
            field = self.fields[name]
            field.disabled = True
            field.help_text = _(
                "This text names a protected person: it is shown with the pseudonym and "
                "kept as it is."
            )
            self.initial[name] = shown
            self._behind_mask[name] = text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data.update(self._behind_mask)
        return data


NAME_FIELDS = ("family_name_km", "given_name_km", "family_name_latin", "given_name_latin")


def applicant_rule_errors(data: Mapping[str, Any]) -> list[tuple[str | None, str]]:
    """The rules an applicant's cleaned values must keep together, as (field, message);
    a field of None is the whole record. The VIF's form and the import of legacy
    spreadsheets (vss.imports) both apply them."""
    if not any(data.get(f) for f in NAME_FIELDS):
        return [(None, str(_("Give the name, in Khmer script, in Latin letters or both.")))]
    errors: list[tuple[str | None, str]] = []
    for name in ("family_name_latin", "given_name_latin"):
        if data.get(name) and is_khmer(data[name]):
            errors.append(
                (name, str(_("This field is for Latin letters; Khmer script goes above.")))
            )
    birth_date, birth_year = data.get("birth_date"), data.get("birth_year")
    if birth_date and birth_year and birth_date.year != birth_year:
        errors.append(("birth_year", str(_("The year does not match the date of birth."))))
    return errors


class PersonForm(forms.Form):
    """The applicant section of a VIF, also used to correct a person's record."""

    family_name_km = forms.CharField(label=_("Family name (Khmer)"), max_length=100, required=False)
    given_name_km = forms.CharField(label=_("Given name (Khmer)"), max_length=100, required=False)
    family_name_latin = forms.CharField(
        label=_("Family name (Latin)"), max_length=100, required=False
    )
    given_name_latin = forms.CharField(
        label=_("Given name (Latin)"), max_length=100, required=False
    )
    aliases = forms.CharField(
        label=_("Other spellings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line, family name first: “SOKH Chear”."),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    birth_date = DateField(label=_("Date of birth"), required=False)
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        required=False,
        min_value=1880,
        max_value=2100,
        help_text=_("When only the year is known."),
    )
    birth_year_margin = forms.IntegerField(
        label=_("Plus or minus (years)"),
        required=False,
        min_value=0,
        max_value=30,
        initial=0,
        help_text=_("For “about 1950”, type 1950 and 2 or 3."),
    )
    ethnicity = forms.ChoiceField(
        label=_("Ethnicity"), choices=Ethnicity.choices, initial=Ethnicity.UNKNOWN
    )
    village = VillageField(
        label=_("Current village"),
        required=False,
        widget=VillageInput(),
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=Language.choices,
        initial=Language.KHMER,
        # A new form sent without it (a page of an older version, a script) is in Khmer,
        # as most applicants read; a correction keeps the saved one (fill_unsent).
        required=False,
        help_text=_(
            "The language the Section writes to the person in, starting with the "
            "acknowledgement of receipt."
        ),
    )
    # Sent with a hidden companion: a correction that did not send a box keeps it.
    is_deceased = forms.BooleanField(label=_("Deceased"), required=False, widget=SentCheckboxInput)
    is_protected = forms.BooleanField(
        label=_("Protected identity"), required=False, widget=SentCheckboxInput
    )
    pseudonym = forms.CharField(
        label=_("Pseudonym"),
        max_length=60,
        required=False,
        help_text=_("Left empty, VSS gives one (PS-00014). Only a legal officer chooses one."),
    )
    # Required when the form corrects a record (see VifBundle.build).
    version = VersionField(required=False)

    def __init__(self, *args: Any, may_choose_pseudonym: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only those who may choose a pseudonym are offered the field (see
        # vss.people.pseudonyms); for anyone else VSS gives one, and a pseudonym sent
        # anyway is not read.
        if not may_choose_pseudonym:
            del self.fields["pseudonym"]

    def clean_birth_date(self) -> datetime.date | None:
        value: datetime.date | None = self.cleaned_data.get("birth_date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        return value

    def clean_aliases(self) -> list[tuple[str, str]]:
        pairs = []
        for line in self.cleaned_data.get("aliases", "").splitlines():
            words = line.split()
            if words:
                pairs.append((words[0], " ".join(words[1:])))
        return pairs

    def clean(self) -> dict:
        data = super().clean() or {}
        for name, message in applicant_rule_errors(data):
            if name is None:
                raise forms.ValidationError(message)
            self.add_error(name, message)
        return data

    def person_data(self) -> PersonData:
        d = self.cleaned_data
        return PersonData(
            family_name_km=d["family_name_km"].strip(),
            given_name_km=d["given_name_km"].strip(),
            family_name_latin=d["family_name_latin"].strip(),
            given_name_latin=d["given_name_latin"].strip(),
            sex=d["sex"],
            birth_date=d.get("birth_date"),
            birth_year=d.get("birth_year"),
            birth_year_margin=d.get("birth_year_margin") or 0,
            ethnicity=d["ethnicity"],
            village_id=d.get("village"),
            phone=d["phone"].strip(),
            preferred_language=d.get("preferred_language") or Language.KHMER,
            is_deceased=d["is_deceased"],
            is_protected=d["is_protected"],
            pseudonym=d.get("pseudonym", "").strip(),
            aliases=d["aliases"],
        )


def person_initial(person: Person) -> dict[str, object]:
    return {
        "family_name_km": person.family_name_km,
        "given_name_km": person.given_name_km,
        "family_name_latin": person.family_name_latin,
        "given_name_latin": person.given_name_latin,
        "aliases": "\n".join(
            f"{n.family_name} {n.given_name}".strip() for n in person.names.all() if n.is_alias
        ),
        "sex": person.sex,
        "birth_date": person.birth_date,
        "birth_year": person.birth_year,
        "birth_year_margin": person.birth_year_margin,
        "ethnicity": person.ethnicity,
        "village": village_value(person.village),
        "phone": person.phone,
        "preferred_language": person.preferred_language,
        "is_deceased": person.is_deceased,
        "is_protected": person.is_protected,
        "pseudonym": person.pseudonym,
        "version": person.version,
    }


RELATIONSHIP_CHOICES = [("", "—"), *Relationship.choices]

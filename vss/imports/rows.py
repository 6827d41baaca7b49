"""The columns of a legacy spreadsheet of forms, and each row checked by the rules of the
VIF: every value is cleaned by the VIF form's own field (its messages, in the reader's
language), the values of a row are held together by the form's own rules
(`applicant_rule_errors`, `filing_rule_errors`), and the case, crimes and village are
those the form offers. Every problem of every row is reported, none stops the reading.

A million rows are checked twice (the dry run, then the import, which must not trust a
file it does not read), so a value in its plainest form (an ISO date, a digit string, a
known code) is taken without the field's round trip; anything else goes to the field,
which accepts or refuses it with its message."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vss.accounts.models import Organisation, OrganisationKind
from vss.applications.forms import FilingForm, filing_rule_errors
from vss.applications.models import ApplicationKind, Channel, HarmKind, SignatureKind
from vss.applications.services import FormData
from vss.geo.fields import VillageField
from vss.geo.models import Village
from vss.people.forms import PersonForm, applicant_rule_errors
from vss.people.models import Sex
from vss.people.services import PersonData
from vss.proceedings.models import Case, CrimeType


@dataclass(frozen=True)
class Column:
    name: str
    description: Promise
    # A header without it is refused: the applicant and the case are the least a row says.
    in_every_file: bool = False
    # The words the column takes as they are written, in every language of the page.
    values: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column("family_name_km", gettext_lazy("Family name in Khmer script."), True),
    Column("given_name_km", gettext_lazy("Given name in Khmer script."), True),
    Column("family_name_latin", gettext_lazy("Family name in Latin letters."), True),
    Column("given_name_latin", gettext_lazy("Given name in Latin letters."), True),
    Column(
        "sex",
        gettext_lazy("female or F, male or M; empty when not stated."),
        values=("female", "male"),
    ),
    Column("birth_date", gettext_lazy("Date of birth: 1950-12-25 or 25/12/1950.")),
    Column("birth_year", gettext_lazy("Year of birth, when only the year is known.")),
    Column("birth_year_margin", gettext_lazy("Plus or minus so many years (0 to 30).")),
    Column("village_code", gettext_lazy("Current village: its 8-digit gazetteer code.")),
    Column("phone", gettext_lazy("Phone number.")),
    Column(
        "case",
        gettext_lazy("Case number, such as 002 or 004/02; several separated by “;”."),
        True,
    ),
    Column(
        "application_kind",
        gettext_lazy("civil_party (the default) or complaint."),
        values=("civil_party", "complaint"),
    ),
    Column(
        "channel",
        gettext_lazy("in_person, intermediary, post or online."),
        values=("in_person", "intermediary", "post", "online"),
    ),
    Column("intermediary", gettext_lazy("The intermediary organisation's acronym, such as ADHOC.")),
    Column("received_on", gettext_lazy("Date the VSS received the form.")),
    Column("signed_on", gettext_lazy("Date the form was signed.")),
    Column(
        "signature",
        gettext_lazy("signature, thumbprint or none (the default)."),
        values=("signature", "thumbprint", "none"),
    ),
    Column(
        "consent_share_with_court",
        gettext_lazy("yes or no: consents to share the form with the judges and parties."),
        values=("yes", "no"),
    ),
    Column(
        "consent_contact",
        gettext_lazy("yes or no: consents to be contacted by the VSS."),
        values=("yes", "no"),
    ),
    Column(
        "consent_publish_name",
        gettext_lazy("yes or no: consents to the publication of their name."),
        values=("yes", "no"),
    ),
    Column("crimes", gettext_lazy("Codes of the crimes suffered, separated by “;” (list below).")),
    Column(
        "harms",
        gettext_lazy(
            "Harms suffered by the applicant: physical, material, psychological, separated by “;”."
        ),
        values=("physical", "material", "psychological"),
    ),
    Column("account", gettext_lazy("Account of events.")),
    Column("reparation_wishes", gettext_lazy("Reparations wished for.")),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
HEADER_REQUIRED = tuple(c.name for c in COLUMNS if c.in_every_file)

SEX_VALUES = {
    "": Sex.UNKNOWN,
    "unknown": Sex.UNKNOWN,
    "female": Sex.FEMALE,
    "f": Sex.FEMALE,
    "ស្រី": Sex.FEMALE,
    "male": Sex.MALE,
    "m": Sex.MALE,
    "ប្រុស": Sex.MALE,
}
YES = {"yes", "y", "1", "true", "oui", "បាទ", "ចាស"}
NO = {"", "no", "n", "0", "false", "non", "ទេ"}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LIST = re.compile(r"\s*;\s*")


@dataclass
class Problem:
    row: int
    column: str
    message: str


@dataclass
class RowData:
    """A row as the services take a VIF: the applicant, the filing, the cases."""

    row: int
    person: PersonData
    form: FormData
    case_ids: list[int]
    kind: str
    crime_type_ids: list[int]
    harm_kinds: list[str]


@dataclass
class References:
    """What a row's codes are checked against, read once per file, not once per row."""

    villages: frozenset[str]
    cases: dict[str, Case]
    crime_types: dict[str, int]
    intermediaries: dict[str, int]

    @classmethod
    def load(cls) -> References:
        intermediaries: dict[str, int] = {}
        for pk, acronym, name in Organisation.objects.filter(
            kind=OrganisationKind.INTERMEDIARY
        ).values_list("pk", "acronym", "name"):
            for label in (acronym, name):
                if label:
                    intermediaries[label.strip().lower()] = pk
        return cls(
            villages=frozenset(Village.objects.values_list("code", flat=True)),
            cases={case.number.lower(): case for case in Case.objects.all()},
            crime_types=dict(CrimeType.objects.values_list("code", "pk")),
            intermediaries=intermediaries,
        )


def _messages(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


@dataclass
class _Row:
    """The problems of the row being checked, by column."""

    row: int
    problems: list[Problem] = field(default_factory=list)

    def refuse(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.row, column, message))

    def by_field(self, column: str, form_field: forms.Field, value: str) -> Any:
        """`value` as the VIF form's field cleans it, or None and the field's reasons."""
        try:
            return form_field.clean(value)
        except ValidationError as error:
            for message in _messages(error):
                self.refuse(column, message)
            return None


class RowChecker:
    """Checks rows against the references read when it is made."""

    def __init__(self, references: References | None = None) -> None:
        self.refs = references or References.load()
        person, filing = PersonForm.base_fields, FilingForm.base_fields
        self.text_fields = {
            name: person[name]
            for name in (
                "family_name_km",
                "given_name_km",
                "family_name_latin",
                "given_name_latin",
                "phone",
            )
        }
        self.birth_date = person["birth_date"]
        self.birth_year = person["birth_year"]
        self.margin = person["birth_year_margin"]
        self.dates = {"received_on": filing["received_on"], "signed_on": filing["signed_on"]}
        self.village = VillageField(required=False)
        self.today = timezone.localdate()

    def check(self, row: int, values: dict[str, str]) -> tuple[RowData | None, list[Problem]]:
        r = _Row(row)
        texts = {name: self._text(r, name, values.get(name, "")) for name in self.text_fields}
        birth_date = self._date(r, "birth_date", self.birth_date, values.get("birth_date", ""))
        birth_year = self._int(r, "birth_year", self.birth_year, values.get("birth_year", ""))
        margin = self._int(r, "birth_year_margin", self.margin, values.get("birth_year_margin", ""))
        if birth_date is not None and birth_date > self.today:
            r.refuse("birth_date", _("The date of birth cannot be in the future."))
        sex = self._choice(r, "sex", values.get("sex", ""), SEX_VALUES)
        village = self._village(r, values.get("village_code", ""))
        applicant = {**texts, "birth_date": birth_date, "birth_year": birth_year}
        for name, message in applicant_rule_errors(applicant):
            r.refuse(name or "family_name_km", message)

        case_ids = self._cases(r, values.get("case", ""))
        kind = self._choice(
            r,
            "application_kind",
            values.get("application_kind", ""),
            {"": ApplicationKind.CIVIL_PARTY, **{v: v for v in ApplicationKind.values}},
        )
        channel = self._choice(
            r, "channel", values.get("channel", ""), {v: v for v in Channel.values}
        )
        intermediary = self._intermediary(r, values.get("intermediary", ""))
        dates = {
            name: self._date(r, name, form_field, values.get(name, ""))
            for name, form_field in self.dates.items()
        }
        signature = self._choice(
            r,
            "signature",
            values.get("signature", ""),
            {"": SignatureKind.NONE, **{v: v for v in SignatureKind.values}},
        )
        consents = {
            name: self._yes_no(r, name, values.get(name, ""))
            for name in ("consent_share_with_court", "consent_contact", "consent_publish_name")
        }
        # An organisation named but unknown is reported once, as unknown.
        named = intermediary or values.get("intermediary", "").strip()
        filing = {"channel": channel, "intermediary": named, **dates}
        for name, message in filing_rule_errors(filing):
            r.refuse(name, message)
        crimes = self._codes(r, "crimes", values.get("crimes", ""), self.refs.crime_types)
        harms = self._codes(r, "harms", values.get("harms", ""), {v: v for v in HarmKind.values})
        if r.problems:
            return None, r.problems
        return (
            RowData(
                row=row,
                person=PersonData(
                    family_name_km=texts["family_name_km"],
                    given_name_km=texts["given_name_km"],
                    family_name_latin=texts["family_name_latin"],
                    given_name_latin=texts["given_name_latin"],
                    sex=sex,
                    birth_date=birth_date,
                    birth_year=birth_year,
                    birth_year_margin=margin or 0,
                    village_id=village,
                    phone=texts["phone"],
                ),
                form=FormData(
                    channel=channel,
                    intermediary_id=intermediary if channel == Channel.INTERMEDIARY else None,
                    received_on=dates["received_on"],
                    signed_on=dates["signed_on"],
                    signature=signature,
                    account=values.get("account", "").strip(),
                    reparation_wishes=values.get("reparation_wishes", "").strip(),
                    **consents,
                ),
                case_ids=case_ids,
                kind=kind,
                crime_type_ids=crimes,
                harm_kinds=harms,
            ),
            [],
        )

    def _text(self, r: _Row, column: str, value: str) -> str:
        form_field = self.text_fields[column]
        value = value.strip()
        if len(value) <= (form_field.max_length or 0):  # type: ignore[attr-defined]
            return value
        return r.by_field(column, form_field, value) or ""

    def _date(
        self, r: _Row, column: str, form_field: forms.Field, value: str
    ) -> datetime.date | None:
        value = value.strip()
        if not value:
            return None
        if _ISO_DATE.match(value):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                pass
        result = r.by_field(column, form_field, value)
        return result if isinstance(result, datetime.date) else None

    def _int(self, r: _Row, column: str, form_field: forms.Field, value: str) -> int | None:
        value = value.strip().removesuffix(".0")
        if not value:
            return None
        low = getattr(form_field, "min_value", None)
        high = getattr(form_field, "max_value", None)
        if (
            value.isdigit()
            and (low is None or int(value) >= low)
            and (high is None or int(value) <= high)
        ):
            return int(value)
        result = r.by_field(column, form_field, value)
        return result if isinstance(result, int) else None

    def _choice(self, r: _Row, column: str, value: str, choices: Mapping[str, str]) -> str:
        text = value.strip()
        found = choices.get(text.lower())
        if found is not None:
            return found
        if not text:
            r.refuse(column, _("This column is required."))
        else:
            offered = ", ".join(sorted({c for c in choices if c and c.isascii()}))
            r.refuse(
                column,
                _("“%(value)s” is not one of: %(choices)s.") % {"value": text, "choices": offered},
            )
        return ""

    def _yes_no(self, r: _Row, column: str, value: str) -> bool:
        text = value.strip().lower()
        if text in YES:
            return True
        if text not in NO:
            r.refuse(column, _("“%(value)s” is neither yes nor no.") % {"value": value.strip()})
        return False

    def _village(self, r: _Row, value: str) -> str | None:
        value = value.strip().removesuffix(".0")
        if not value:
            return None
        if value in self.refs.villages:
            return value
        result = r.by_field("village_code", self.village, value)
        return result if isinstance(result, str) else None

    def _cases(self, r: _Row, value: str) -> list[int]:
        numbers = [n for n in _LIST.split(value.strip()) if n]
        if not numbers:
            r.refuse("case", _("Name at least one case."))
        ids: list[int] = []
        for number in numbers:
            case = self.refs.cases.get(number.lower())
            if case is None:
                r.refuse("case", _("There is no case %(number)s.") % {"number": number})
            elif case.is_terminated or not case.accepts_applications:
                r.refuse("case", _("%(case)s does not accept applications.") % {"case": case})
            elif case.pk in ids:
                r.refuse("case", _("%(case)s is named twice.") % {"case": case})
            else:
                ids.append(case.pk)
        return ids

    def _intermediary(self, r: _Row, value: str) -> int | None:
        text = value.strip()
        if not text:
            return None
        found = self.refs.intermediaries.get(text.lower())
        if found is None:
            r.refuse(
                "intermediary",
                _("There is no intermediary organisation “%(name)s”.") % {"name": text},
            )
        return found

    def _codes(self, r: _Row, column: str, value: str, known: dict[str, Any]) -> list[Any]:
        found: list[Any] = []
        for code in _LIST.split(value.strip()):
            if not code:
                continue
            if code.lower() in known:
                if known[code.lower()] not in found:
                    found.append(known[code.lower()])
            elif code in known:
                if known[code] not in found:
                    found.append(known[code])
            else:
                r.refuse(column, _("“%(code)s” is not a code this column takes.") % {"code": code})
        return found

"""Civil Parties of one case reached, or not, in each way the engine tells apart, with the
count of each written by hand, for the newsletters' tests."""

from dataclasses import dataclass

from django.utils import timezone

from vss.applications.models import Status
from vss.people.models import Person
from vss.proceedings.models import Case
from vss.testing.factories import (
    ApplicationFactory,
    CaseFactory,
    ContactPreferenceFactory,
    PersonFactory,
    ProvinceFactory,
)

from ..models import MessageChannel


@dataclass
class World:
    case: Case
    other_case: Case
    people: dict[str, Person]


def civil_party(person: Person, case: Case, province: str = "12", status: str = Status.ADMITTED):
    return ApplicationFactory.create(
        form__applicant=person, case=case, status=status, province_code=province
    )


def _preferred(**values) -> Person:
    return ContactPreferenceFactory.create(**values).person


def newsletter_world() -> World:
    case = CaseFactory.create(number="002/01")
    other_case = CaseFactory.create(number="003")
    ProvinceFactory.create(code="02", name_en="Battambang", name_km="បាត់ដំបង")
    people = {
        "sms_km": _preferred(person__phone="012 111 111"),
        "email_fr": _preferred(
            channel=MessageChannel.EMAIL, email="sok@example.org", person__preferred_language="fr"
        ),
        "post_en": _preferred(
            channel=MessageChannel.POST,
            postal_address="House 12, Street 3\nBattambang",
            person__preferred_language="en",
            person__is_protected=True,
            person__pseudonym="CP-0042",
            person__family_name_latin="HIDDENNAME",
        ),
        "stopped": _preferred(stopped_at=timezone.now()),
        "no_consent": _preferred(consents_to_news=False),
        "no_preference": PersonFactory.create(phone="012 222 222"),
        "deceased": _preferred(person__is_deceased=True),
        "no_phone": _preferred(person__phone=""),
        "no_messages": _preferred(channel=MessageChannel.NONE),
        "unreachable": _preferred(person__phone="000 999"),
    }
    for name, person in people.items():
        civil_party(person, case, province="02" if name == "email_fr" else "12")
    # Also a Civil Party of the other case: written to once all the same.
    civil_party(people["sms_km"], other_case)
    # Not Civil Parties of the case: an application not yet decided, another case's.
    civil_party(PersonFactory.create(), case, status=Status.RECEIVED)
    civil_party(_preferred(), other_case)
    return World(case=case, other_case=other_case, people=people)


# Written by hand from the world above, for the whole case.
CASE_REACHED = {
    MessageChannel.SMS: {"km": 2},  # sms_km, and unreachable (its number fails when sent)
    MessageChannel.EMAIL: {"fr": 1},
    MessageChannel.POST: {"en": 1},
}
CASE_NOT_REACHED = {
    "stopped": 1,
    "no_consent": 2,  # no_consent, no_preference
    "deceased": 1,
    "no_address": 1,
    "no_messages": 1,
}

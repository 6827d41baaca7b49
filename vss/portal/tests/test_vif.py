"""A whole VIF judged from its answers by step, as a draft or a device keeps them."""

import datetime

import pytest

from vss.applications.models import ApplicationKind, Channel, SignatureKind, VictimType
from vss.portal import vif
from vss.testing.factories import CaseFactory, CrimeTypeFactory, VillageFactory

pytestmark = pytest.mark.django_db


def complete_answers(*, case_id: int, crime_type_id: int) -> dict[str, dict]:
    return {
        vif.FILER: {"filer-filer": "relative"},
        vif.PERSON: {
            "person-family_name_km": "សុខ",
            "person-given_name_km": "ចាន់",
            "person-family_name_latin": "SOK",
            "person-given_name_latin": "Chan",
            "person-sex": "female",
            "person-birth_year": "1956",
            "person-birth_year_margin": "2",
            "person-village": "12010101",
            "person-phone": "012 345 678",
            "person-preferred_language": "km",
        },
        vif.CASES: {f"cases-case_{case_id}": ApplicationKind.CIVIL_PARTY},
        vif.EVENTS: {
            "crimes-TOTAL_FORMS": "1",
            "crimes-INITIAL_FORMS": "0",
            "crimes-0-crime_type": str(crime_type_id),
            "crimes-0-place_description": "Near the pagoda",
            "crimes-0-from_year": "1976",
            "harms-TOTAL_FORMS": "1",
            "harms-INITIAL_FORMS": "0",
            "harms-0-kind": "psychological",
            "harms-0-victim_type": VictimType.DIRECT,
            "story-account": "We were moved to the cooperative in 1976.",
        },
        vif.CONSENT: {"consent-consent_share_with_court": "on", "consent-consent_contact": "on"},
        vif.SIGNATURE: {"signature-signature": SignatureKind.THUMBPRINT},
    }


@pytest.fixture
def answers() -> dict[str, dict]:
    VillageFactory.create()
    case = CaseFactory.create(number="004/02", investigation_closed_on=None)
    return complete_answers(case_id=case.pk, crime_type_id=CrimeTypeFactory.create().pk)


def test_complete_answers_give_what_the_services_take(answers):
    check = vif.vif_check(answers)

    assert check.is_valid, check.errors
    assert check.filer == "relative"
    assert check.applicant is not None
    assert (check.applicant.family_name_km, check.applicant.given_name_latin) == ("សុខ", "Chan")
    assert (check.applicant.birth_year, check.applicant.village_id) == (1956, "12010101")
    assert check.applicant.is_protected is False
    assert check.content is not None
    form = check.content.form
    assert form.channel == Channel.ONLINE
    assert form.signature == SignatureKind.THUMBPRINT
    assert (form.consent_share_with_court, form.consent_publish_name) == (True, False)
    assert form.account.startswith("We were moved")
    assert [c.place_description for c in check.content.crimes] == ["Near the pagoda"]
    assert [h.kind for h in check.content.harms] == ["psychological"]
    assert [r.kind for r in check.content.requests] == [ApplicationKind.CIVIL_PARTY]


def test_missing_steps_are_named_in_order(answers):
    del answers[vif.PERSON]
    answers[vif.EVENTS] = {**answers[vif.EVENTS], "harms-0-kind": ""}

    check = vif.vif_check(answers)

    assert not check.is_valid
    assert list(check.errors) == [vif.PERSON, vif.EVENTS]
    assert check.first_invalid_step == vif.PERSON
    assert check.content is None


def test_a_year_of_birth_is_asked_for(answers):
    answers[vif.PERSON] = {**answers[vif.PERSON], "person-birth_year": ""}

    check = vif.vif_check(answers)

    assert list(check.errors) == [vif.PERSON]


def test_fields_only_the_section_decides_are_not_read(answers):
    answers[vif.PERSON] = {
        **answers[vif.PERSON],
        "person-is_protected": "on",
        "person-pseudonym": "PS-1",
        "person-is_deceased": "on",
    }

    check = vif.vif_check(answers)

    assert check.applicant is not None
    assert (check.applicant.is_protected, check.applicant.pseudonym) == (False, "")
    assert check.applicant.is_deceased is False


def test_a_relative_harm_names_the_relative(answers):
    answers[vif.EVENTS] = {**answers[vif.EVENTS], "harms-0-victim_type": VictimType.INDIRECT}

    check = vif.vif_check(answers)

    assert list(check.errors) == [vif.EVENTS]


def test_answers_of_keep_only_the_step_fields(rf):
    request = rf.post(
        "/", {"filer-filer": "victim", "csrfmiddlewaretoken": "x", "website": "spam", "go": "1"}
    )

    kept = vif.answers_of(request.POST, vif.step_parts(vif.FILER, None))

    assert kept == {"filer-filer": "victim"}


def test_the_cases_step_offers_the_cases_open_today_and_not_those_past_their_deadline():
    open_case = CaseFactory.create(number="004/09", investigation_closed_on=None)
    CaseFactory.create(number="002/09", investigation_closed_on=datetime.date(2010, 1, 14))
    CaseFactory.create(number="003/09", investigation_closed_on=None, accepts_applications=False)

    [form] = vif.step_parts(vif.CASES, None)

    assert form.cases == [open_case]
    assert list(form.fields) == [f"case_{open_case.pk}"]


def test_a_case_a_draft_named_while_open_is_still_offered_after_its_deadline():
    closed = CaseFactory.create(number="002/09", investigation_closed_on=datetime.date(2010, 1, 14))
    answers = {f"cases-case_{closed.pk}": ApplicationKind.CIVIL_PARTY}

    [form] = vif.step_parts(vif.CASES, answers)

    assert form.cases == [closed]
    assert form.is_valid()

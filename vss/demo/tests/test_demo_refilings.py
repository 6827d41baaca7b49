"""People filed twice in the default demo data (the seed and size `make run` uses): about 3
applicants in 100 are in the registry twice, each time as a person of their own with their
own form, the second record differing from the first as second records do (written to in
the same language); most applicants are written to in Khmer, a few in French or English;
and the applicant the README has the reader type again is there, and found by the live
check."""

from collections import Counter
from pathlib import Path

import pytest
from django.test import Client

from vss.accounts.models import User
from vss.applications.demo.generator import WRITTEN_BY
from vss.applications.models import VictimInformationForm
from vss.core.demo.steps import BASE_APPLICANTS
from vss.people.demo import names as demo_names
from vss.people.demo.names import NameForm
from vss.people.demo.refilings import Variation
from vss.people.models import Language, Person

from .registry import demo_registry, refilings

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[3] / "README.md"
NAME_LISTS = (
    demo_names.FAMILY_NAMES,
    demo_names.GIVEN_NAMES_FEMALE,
    demo_names.GIVEN_NAMES_MALE,
    demo_names.CHAM_FAMILY_NAMES,
    demo_names.CHAM_GIVEN_NAMES_FEMALE,
    demo_names.CHAM_GIVEN_NAMES_MALE,
    demo_names.VIETNAMESE_FAMILY_NAMES,
    demo_names.VIETNAMESE_GIVEN_NAMES_FEMALE,
    demo_names.VIETNAMESE_GIVEN_NAMES_MALE,
    demo_names.CHINESE_FAMILY_NAMES,
)
SPELLINGS: dict[str, set[NameForm]] = {}
for name_list in NAME_LISTS:
    for form in name_list:
        for spelling in (form.km, *form.latin):
            if spelling:
                SPELLINGS.setdefault(spelling.upper(), set()).add(form)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), demo_registry(applicants=BASE_APPLICANTS) as run:
        yield run


def _names(person: Person) -> tuple[set[NameForm], set[NameForm]]:
    """The names of the demo's lists a record spells, in whichever script it has them."""

    def forms(*spellings: str) -> set[NameForm]:
        return set().union(*(SPELLINGS.get(s.upper(), set()) for s in spellings if s))

    return (
        forms(person.family_name_km, person.family_name_latin),
        forms(person.given_name_km, person.given_name_latin),
    )


def test_about_three_applicants_in_a_hundred_are_filed_twice_each_time_with_a_form(demo):
    twice = refilings(demo)
    human_beings = demo.result.applicants - len(twice)
    assert 0.02 <= len(twice) / human_beings <= 0.04
    people = [p for r in twice for p in (r.first, r.second)]
    assert len(set(people)) == len(people)  # nobody is more than two records
    found = Person.objects.filter(pk__in=people, is_deceased=False, archived_at=None)
    assert found.count() == len(people)
    with_forms = VictimInformationForm.objects.filter(applicant__in=people)
    assert set(with_forms.values_list("applicant", flat=True)) == set(people)


def test_a_second_record_differs_from_the_first_as_second_records_do(demo):
    twice = refilings(demo)
    kinds = Counter(v for r in twice for v in r.variations)
    for variation in Variation:
        assert kinds[variation] >= len(twice) / 20, (variation, kinds)
    people = Person.objects.in_bulk([p for r in twice for p in (r.first, r.second)])
    written_for = set(
        VictimInformationForm.objects.filter(account__startswith=WRITTEN_BY).values_list(
            "applicant", flat=True
        )
    )
    assert written_for == {r.second for r in twice if Variation.RELATIVES_FORM in r.variations}
    for refiling in twice:
        first, second = people[refiling.first], people[refiling.second]
        variations = refiling.variations
        assert variations
        assert second.sex == first.sex
        first_family, first_given = _names(first)
        second_family, second_given = _names(second)
        if Variation.SWAPPED_NAMES in variations:
            assert second_family & first_given and second_given & first_family, refiling
        else:
            assert second_family & first_family and second_given & first_given, refiling
        latin = {(first.family_name_latin, first.given_name_latin)} - {("", "")}
        second_latin = {
            (second.family_name_latin, second.given_name_latin),
            (second.given_name_latin.upper(), second.family_name_latin.title()),
        }
        if Variation.KHMER_ONLY in variations:
            assert latin and second.family_name_km and not second.family_name_latin, refiling
        if Variation.ROMANISATION in variations:
            assert second.family_name_latin and not latin & second_latin, refiling
        elif Variation.KHMER_ONLY not in variations:
            assert not latin or latin & second_latin or not second.family_name_latin, refiling
        if Variation.NEIGHBOURING_VILLAGE in variations:
            assert second.village_id != first.village_id, refiling
            assert second.village_id[:6] == first.village_id[:6], refiling
        else:
            assert second.village_id == first.village_id, refiling
        if first.birth_year and second.birth_year:
            apart = abs(second.birth_year - first.birth_year)
            assert apart in ((1, 2) if Variation.YEAR_OFF in variations else (0,)), refiling
        if Variation.RELATIVES_FORM in variations:
            assert second.birth_year is None or second.birth_year_margin == 5, refiling


def test_most_applicants_are_written_to_in_khmer_a_few_in_french_or_english(demo):
    twice = refilings(demo)
    languages = Counter(
        Person.objects.filter(forms__isnull=False).values_list("preferred_language", flat=True)
    )
    applicants = sum(languages.values())
    assert languages[Language.KHMER] / applicants > 0.9
    for language in (Language.FRENCH, Language.ENGLISH):
        assert 0.005 < languages[language] / applicants < 0.05, languages
    # Relatives named in harms are written to by no one: they keep the default.
    assert set(
        Person.objects.filter(forms__isnull=True).values_list("preferred_language", flat=True)
    ) == {Language.KHMER}
    people = Person.objects.in_bulk([p for r in twice for p in (r.first, r.second)])
    for refiling in twice:
        first, second = people[refiling.first], people[refiling.second]
        assert second.preferred_language == first.preferred_language, refiling


# The applicant the README's walk has the reader type with another spelling.
RETYPED = {"family_name_latin": "PICH", "given_name_latin": "Teara"}
REGISTERED = {
    "family_name_km": "ពេជ្រ",
    "given_name_km": "ធារ៉ា",
    "family_name_latin": "PECH",
    "given_name_latin": "Theara",
    "sex": "male",
    "birth_year": 1937,
    "village__name_en": "Peam",
}


def test_the_applicant_the_readme_has_typed_again_is_in_the_demo(demo, client: Client):
    readme = README.read_text()
    assert "**PICH** **Teara**, a man born in 1937" in readme
    assert "PECH Theara (ពេជ្រ ធារ៉ា) of Peam" in readme
    person = Person.objects.get(**REGISTERED)
    assert person.forms.exists() and not person.is_protected and not person.is_deceased
    assert person.pk not in {p for r in refilings(demo) for p in (r.first, r.second)}

    client.force_login(User.objects.get(username="intake"))
    typed = {f"applicant-{field}": value for field, value in RETYPED.items()}
    page = client.get(
        "/duplicates/live/", typed | {"applicant-sex": "male", "applicant-birth_year": "1937"}
    ).content.decode()
    assert f'data-link-person="{person.pk}"' in page

"""Identity display: a protected person's name is read by those with the right, their own
lawyer and the partner they were referred to; everyone else reads the pseudonym, and
never a real name beside it."""

import pytest

from vss import policy
from vss.testing.factories import PersonFactory, ReferralFactory, RepresentationFactory


@pytest.fixture
def protected_client(lawyer):
    person = PersonFactory.create(is_protected=True, pseudonym="TCCP-17")
    RepresentationFactory.create(lawyer=lawyer.lawyer, application__form__applicant=person)
    return person


@pytest.fixture
def protected_referred(partner):
    person = PersonFactory.create(is_protected=True, pseudonym="TCCP-18")
    ReferralFactory.create(partner=partner.organisation, consent__person=person)
    return person


@pytest.fixture
def open_person(db):
    return PersonFactory.create(family_name_latin="KEO", family_name_km="កែវ")


@pytest.mark.parametrize(
    ("name", "sees_client", "sees_referred"),
    [
        ("chief", True, True),
        ("legal", True, True),
        ("intake", False, False),
        ("reparations", False, False),
        ("outreach", False, False),
        ("intermediary", False, False),
        ("auditor", False, False),
        ("lawyer", True, False),
        ("other_lawyer", False, False),
        ("lead_co_lawyer", False, False),
        ("partner", False, True),
        ("other_partner", False, False),
        ("donor", False, False),
    ],
)
def test_who_sees_a_protected_identity(
    request, protected_client, protected_referred, open_person, name, sees_client, sees_referred
) -> None:
    user = request.getfixturevalue(name)
    assert policy.can_see_identity(user, protected_client) is sees_client
    assert policy.can_see_identity(user, protected_referred) is sees_referred
    assert policy.can_see_identity(user, open_person)


def test_known_protected_people_are_read_once(lawyer, protected_client) -> None:
    assert policy.protected_people_known_to(lawyer) == {protected_client.pk}
    assert lawyer._vss_known_protected == {protected_client.pk}


def test_the_name_shown(intake, legal, protected_client, open_person) -> None:
    assert policy.display_name(intake, protected_client) == "TCCP-17"
    assert policy.display_name(legal, protected_client) == "សុខ ជា (SOK Chea)"
    assert policy.display_name(intake, open_person) == "កែវ ជា (KEO Chea)"


def test_names_shown_together_hide_the_link_to_a_pseudonym(
    intake, legal, protected_client, open_person
) -> None:
    together = [protected_client, open_person]
    assert policy.identities_hidden_together(intake, together)
    assert policy.display_names_together(intake, together) == [
        "TCCP-17",
        f"Record {open_person.pk}",
    ]
    assert not policy.identities_hidden_together(legal, together)
    assert policy.display_names_together(legal, together) == [
        "សុខ ជា (SOK Chea)",
        "កែវ ជា (KEO Chea)",
    ]


def test_names_shown_together_without_a_protected_person(intake, open_person) -> None:
    assert not policy.identities_hidden_together(intake, [open_person])
    assert policy.display_names_together(intake, [open_person]) == ["កែវ ជា (KEO Chea)"]


@pytest.fixture
def sreymom(db):
    return PersonFactory.create(
        family_name_latin="SUON",
        given_name_latin="Sreymom",
        family_name_km="សួន",
        given_name_km="ស្រីមុំ",
        is_protected=True,
        pseudonym="TCW-9",
        names=[("SOUN", "Srey Mom")],
    )


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("Visited SUON Sreymom at home", "Visited [TCW-9] at home"),
        ("sreymom suon called", "[TCW-9] called"),
        ("Srey-Mom asked for help", "[TCW-9] asked for help"),
        ("SOUN Srey Mom's brother", "[TCW-9]'s brother"),
        ("បងស្រីរបស់ សួន ស្រីមុំ", "បងស្រីរបស់ [TCW-9]"),
        ("ស្រីមុំបានមក", "[TCW-9]បានមក"),
        # The family name alone is shared by relatives and thousands of others.
        ("Met the SUON family", "Met the SUON family"),
    ],
)
def test_free_text_shows_a_protected_persons_names_as_the_pseudonym(
    intake, sreymom, typed, read
) -> None:
    assert policy.free_text(intake, typed) == read


def test_free_text_hides_a_short_khmer_given_name_only_where_it_stands_apart(intake) -> None:
    PersonFactory.create(
        family_name_km="កែវ", given_name_km="សុខ", is_protected=True, pseudonym="TCW-11"
    )
    # សុខ (well-being) is a syllable of health, សុខភាព: the word is left whole.
    assert policy.free_text(intake, "ការថែទាំសុខភាព") == "ការថែទាំសុខភាព"
    assert policy.free_text(intake, "បានជួប សុខ ហើយ") == "បានជួប [TCW-11] ហើយ"
    assert policy.free_text(intake, "សុខ។") == "[TCW-11]។"
    # The whole name is hidden anywhere.
    assert policy.free_text(intake, "បានជួបកែវសុខហើយ") == "បានជួប[TCW-11]ហើយ"
    assert policy.free_text(intake, "បានជួប កែវ សុខ") == "បានជួប [TCW-11]"


def test_free_text_hides_only_whole_latin_names(intake) -> None:
    PersonFactory.create(
        family_name_latin="KEO", given_name_latin="Ly", is_protected=True, pseudonym="TCW-10"
    )
    assert policy.free_text(intake, "Only Ly came; only") == "Only [TCW-10] came; only"


def test_free_text_is_whole_for_those_who_may_see_the_identity(
    legal, lawyer, sreymom, protected_client
) -> None:
    typed = "Visited SUON Sreymom at home"
    assert policy.free_text(legal, typed) == typed
    protected_client.given_name_latin = "Sreymom"
    protected_client.save(update_fields=["given_name_latin"])
    # The lawyer knows their client's name, not the other woman's of the same name.
    assert policy.free_text(lawyer, "Sreymom") == "[TCW-9]"

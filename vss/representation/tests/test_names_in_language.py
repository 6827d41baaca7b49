"""The list of lawyers and the groups speak the reader's language: a known bar, working
language or legal team typed in English is shown translated, anything else as typed; a
group named in each language shows the reader's name."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from vss.representation.labels import bar_label, languages_label, team_label
from vss.testing.factories import CivilPartyGroupFactory, LawyerFactory

pytestmark = pytest.mark.django_db


def test_known_names_are_translated_and_others_kept_as_typed() -> None:
    with translation.override("km"):
        assert languages_label("Khmer, French") == "ខ្មែរ, បារាំង"
        assert languages_label(" English ,Tetum") == "អង់គ្លេស, Tetum"
        assert bar_label("Paris Bar") == "គណៈមេធាវីប៉ារីស"
        assert bar_label("Kyiv Bar") == "Kyiv Bar"
        assert team_label("Legal Aid of Cambodia") == "ជំនួយផ្នែកច្បាប់នៃកម្ពុជា"
    with translation.override("fr"):
        assert languages_label("Khmer, English") == "khmer, anglais"
        assert bar_label("Bar Association of the Kingdom of Cambodia") == (
            "Ordre des avocats du Royaume du Cambodge"
        )


def test_the_lawyers_pages_show_bar_and_languages_in_khmer(client, legal) -> None:
    lawyer = LawyerFactory.create(created_by=legal, legal_team="Legal Aid of Cambodia")
    client.force_login(legal)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    for url in (
        reverse("representation:lawyer_list"),
        reverse("representation:lawyer_detail", args=[lawyer.pk]),
    ):
        html = client.get(url).content.decode()
        assert "គណៈមេធាវីនៃព្រះរាជាណាចក្រកម្ពុជា" in html, url
        assert "ខ្មែរ, អង់គ្លេស" in html, url
        assert "ជំនួយផ្នែកច្បាប់នៃកម្ពុជា" in html, url
        assert lawyer.bar not in html and lawyer.languages not in html, url


def test_a_group_shows_its_name_in_the_readers_language(client, legal) -> None:
    group = CivilPartyGroupFactory.create(
        name="Victims of Kraing Ta Chan (Case 002)",
        name_km="ជនរងគ្រោះនៃមន្ទីរសន្តិសុខក្រាំងតាចាន់ (សំណុំរឿង 002)",
        name_fr="Victimes : Centre de sécurité de Kraing Ta Chan (dossier 002)",
    )
    client.force_login(legal)
    for language, shown in (("km", group.name_km), ("fr", group.name_fr), ("en", group.name)):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for url in (
            reverse("representation:group_detail", args=[group.pk]),
            reverse("representation:group_list", args=[group.case_id]),
        ):
            html = client.get(url).content.decode()
            assert shown in html, (language, url)
            if language != "en":
                assert group.name not in html, (language, url)
    untranslated = CivilPartyGroupFactory.create(case=group.case, name="Kampot")
    with translation.override("km"):
        assert str(untranslated) == "Kampot"

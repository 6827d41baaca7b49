"""The reference data an application names (crime site, crime type, the case's hint on the
form) is shown in the reader's language, not in the English of the reference lists."""

import pytest
from django.conf import settings
from django.urls import reverse

from vss.applications.models import CrimeSuffered
from vss.testing.factories import (
    ApplicationFactory,
    CaseFactory,
    CrimeSiteFactory,
    CrimeTypeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["km", "fr"])
def test_the_chosen_crime_site_and_type_are_in_the_readers_language(
    client, intake, language: str
) -> None:
    application = ApplicationFactory.create()
    site, crime_type = CrimeSiteFactory.create(), CrimeTypeFactory.create()
    CrimeSuffered.objects.create(form=application.form, crime_type=crime_type, crime_site=site)
    client.force_login(intake)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert getattr(site, f"name_{language}") in html
    assert getattr(crime_type, f"name_{language}") in html
    assert f"<td>{site.name}</td>" not in html and f"<td>{crime_type.name}</td>" not in html


def test_the_cases_hint_on_the_form_is_in_khmer(client, intake) -> None:
    case = CaseFactory.create(accepts_applications=True)
    client.force_login(intake)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    html = client.get(reverse("applications:form_create")).content.decode()
    assert case.title_km in html
    assert case.title not in html

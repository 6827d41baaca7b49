"""Pages and fragments served to a signed-in user are kept by no cache."""

import pytest
from django.test import Client

from vss.testing.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_every_page_a_signed_in_user_reads_is_not_stored(client: Client, chief):
    application = ApplicationFactory.create()
    client.force_login(chief)
    pages = [
        "/",
        "/applications/",
        f"/applications/{application.pk}/",
        f"/people/{application.applicant_id}/",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert "no-store" in response["Cache-Control"], page
    fragment = client.get("/applications/", headers={"HX-Request": "true"})
    assert "no-store" in fragment["Cache-Control"]

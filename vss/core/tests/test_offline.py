"""The service worker of each page that works offline is one script: the part they share,
then the page's own, served with the scope it keeps."""

import pytest
from django.test import Client
from django.urls import reverse

from vss.core.offline import service_worker

pytestmark = pytest.mark.django_db


def test_the_shared_part_comes_before_the_page_s_own():
    response = service_worker(script="portal/intake/worker.js", scope="/intake/")
    script = response.content.decode()
    assert script.index("function keepFrameOffline") < script.index('keepFrameOffline("vss-intake')
    # The worker keeps each copy the way the page does, with the page's own script.
    assert script.index("self.VSSOffline =") < script.index("VSSOffline.keep(")
    assert response["Service-Worker-Allowed"] == "/intake/"
    assert response["Cache-Control"] == "no-cache"
    assert response["Content-Type"].startswith("text/javascript")


def test_a_worker_that_is_not_there_is_an_error_not_an_empty_script():
    with pytest.raises(FileNotFoundError):
        service_worker(script="no/such/worker.js", scope="/")


@pytest.mark.parametrize(
    ("persona", "url_name", "called"),
    [
        ("intermediary", "portal:intake_worker", 'keepFrameOffline("vss-intake-v1"'),
        ("outreach", "outreach:check_in_worker", 'keepFrameOffline("vss-check-in-v1"'),
    ],
)
def test_each_app_serves_its_worker_with_the_shared_part(request, persona, url_name, called):
    client = Client()
    client.force_login(request.getfixturevalue(persona))
    script = client.get(reverse(url_name)).content.decode()
    assert "function keepFrameOffline" in script
    assert called in script

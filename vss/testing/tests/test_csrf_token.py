"""The suite's CSRF token spells nothing (conftest.py), so that a test that a name is
absent from a page cannot meet it inside the token by chance."""

from django.test import Client
from django.urls import reverse


def test_every_page_carries_the_token_that_spells_nothing(chief):
    client = Client(enforce_csrf_checks=True)
    client.force_login(chief)
    page = client.get(reverse("applications:list")).content.decode()
    tokens = page.count('name="csrfmiddlewaretoken" value="' + "a" * 64 + '"')
    assert tokens >= 1
    assert tokens == page.count('name="csrfmiddlewaretoken"')
    assert f'"X-CSRFToken": "{"a" * 64}"' in page


def test_that_token_is_still_checked(chief):
    client = Client(enforce_csrf_checks=True)
    client.force_login(chief)
    client.get(reverse("applications:list"))
    sign_out = reverse("accounts:logout")
    # A token of another secret ("b" * 64 would unmask to the suite's own).
    assert client.post(sign_out, {"csrfmiddlewaretoken": "a" * 32 + "b" * 32}).status_code == 403
    assert client.post(sign_out, {"csrfmiddlewaretoken": "a" * 64}).status_code == 302

from django.test import Client
from django.urls import reverse

from vss.audit.models import AuditEntry


def test_the_language_menu_remembers_a_signed_in_users_choice(lawyer) -> None:
    client = Client(enforce_csrf_checks=False)
    client.force_login(lawyer)
    response = client.post(reverse("set_language"), {"language": "km", "next": "/"})
    assert response.status_code == 302
    lawyer.refresh_from_db()
    assert lawyer.language == "km"
    entry = AuditEntry.objects.get(object_type="accounts.user", action="update")
    assert entry.changes == {"language": {"old": "", "new": "km"}}
    # Choosing it again changes nothing and writes nothing.
    client.post(reverse("set_language"), {"language": "km", "next": "/"})
    assert AuditEntry.objects.filter(object_type="accounts.user", action="update").count() == 1


def test_the_language_menu_works_before_signing_in(db) -> None:
    response = Client().post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "fr"


def test_an_unknown_language_is_ignored(lawyer) -> None:
    client = Client()
    client.force_login(lawyer)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    lawyer.refresh_from_db()
    assert lawyer.language == ""


def test_the_language_switch_takes_no_get(lawyer) -> None:
    client = Client()
    client.force_login(lawyer)
    assert client.get(reverse("set_language")).status_code == 405

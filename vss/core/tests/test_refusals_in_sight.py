"""The pages that once drew their errors their own way tell a refusal as the shared block
does (`_form_errors.html`): announced (role=alert), focused when the page opens (tabindex=-1
and autofocus), each field's error linked to its field. A list's filters, a lawyer's note,
the second factor, the password change and a locked sign-in; and the live duplicate
check, which is announced but leaves the focus in the field being typed."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from vss.applications.models import Status
from vss.representation.models import ClientNote
from vss.testing.clients import authenticator, current_code, password_only_login, signed_in
from vss.testing.factories import ApplicationFactory, CaseFactory, RepresentationFactory

pytestmark = pytest.mark.django_db

FOCUSED_ALERT = '<div class="errors" role="alert" tabindex="-1" autofocus>'


def _focused(html: str) -> list[str]:
    return re.findall(r"<[a-z]+ [^>]*autofocus[^>]*>", html)


def _told_and_focused(html: str, field_id: str) -> None:
    assert FOCUSED_ALERT in html
    block = html.split(FOCUSED_ALERT, 1)[1].split("</div>", 1)[0]
    assert f'href="#{field_id}"' in block
    assert f'id="{field_id}"' in html
    # One element takes the focus when the page opens: the refusal.
    assert len(_focused(html)) == 1


def test_a_refused_list_filter_is_told_at_the_filters_and_focused(request):
    response = signed_in(request, "intake").get(reverse("applications:list"), {"case": "999999"})

    assert response.status_code == 200
    html = response.content.decode()
    filters = html.split('class="filters"', 1)[1].split("</form>", 1)[0]
    assert FOCUSED_ALERT in filters
    _told_and_focused(html, "id_case")


def test_a_refused_note_on_a_client_s_file_is_told_and_focused(request):
    lawyer = request.getfixturevalue("lawyer")
    application = ApplicationFactory.create(
        case=CaseFactory.create(number="002/02"), status=Status.ADMITTED
    )
    RepresentationFactory.create(application=application, lawyer=lawyer.lawyer)

    response = signed_in(request, "lawyer").post(
        reverse("representation:client_note_add", args=[application.pk]), {"note-text": "  "}
    )

    assert response.status_code == 400
    html = response.content.decode()
    notes = html.split('id="client-notes"', 1)[1]
    assert FOCUSED_ALERT in notes
    _told_and_focused(html, "id_note-text")
    assert not ClientNote.objects.exists()


def test_a_wrong_second_factor_code_is_told_and_focused(chief):
    device = authenticator(chief)
    client = Client()
    password_only_login(client, chief)
    wrong = "000000" if current_code(device) != "000000" else "111111"

    response = client.post(reverse("accounts:second_factor_verify"), {"code": wrong})

    _told_and_focused(response.content.decode(), "id_code")


def test_a_wrong_current_password_is_told_and_focused(request):
    response = signed_in(request, "outreach").post(
        reverse("accounts:password_change"),
        {"old_password": "not it", "new_password1": "x", "new_password2": "x"},
    )

    _told_and_focused(response.content.decode(), "id_old_password")


def test_a_locked_sign_in_is_told_and_focused(intake):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            reverse("accounts:login"), {"username": "intake", "password": "wrong"}
        )

    assert response.status_code == 429
    focused = _focused(response.content.decode())
    assert len(focused) == 1
    assert 'role="alert"' in focused[0] and 'tabindex="-1"' in focused[0]


def test_the_live_duplicate_check_announces_a_refusal_without_taking_the_focus(request):
    response = signed_in(request, "intake").get(
        reverse("matching:live_check"),
        {"applicant-family_name_latin": "PICH", "applicant-birth_year": "12"},
    )

    html = response.content.decode()
    assert '<div class="errors" role="alert" tabindex="-1">' in html
    # The field is on the VIF's page the fragment comes into, under the same id.
    assert 'href="#id_applicant-birth_year"' in html
    # The officer is typing: the focus stays in the field.
    assert not _focused(html)

"""What the application's page shows of the form on file: the consents and other spellings
as lists without stray separators, and the controls of the documents' form named by their
labels."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from vss.testing.clients import signed_in
from vss.testing.factories import ApplicationFactory, PersonFactory, VifFactory

pytestmark = pytest.mark.django_db

SHARE = "share with the judges and parties"
CONTACT = "contact by the VSS"
PUBLISH = "publication of the name"


def _page(request, application, persona="chief"):
    response = signed_in(request, persona).get(
        reverse("applications:detail", args=[application.pk])
    )
    assert response.status_code == 200
    return response.content.decode()


def _definition(html: str, term: str) -> str:
    """The text of the <dd> that follows the <dt> `term`, its white space collapsed."""
    found = re.search(rf"<dt>{re.escape(escape(term))}</dt><dd>(.*?)</dd>", html, re.S)
    assert found, f"no {term!r} on the page"
    return " ".join(found.group(1).split())


@pytest.mark.parametrize(
    ("share", "contact", "publish", "shown"),
    [
        (True, True, True, f"{SHARE}; {CONTACT}; {PUBLISH}"),
        (True, True, False, f"{SHARE}; {CONTACT}"),
        (True, False, False, SHARE),
        (False, True, False, CONTACT),
        (False, True, True, f"{CONTACT}; {PUBLISH}"),
        (True, False, True, f"{SHARE}; {PUBLISH}"),
        (False, False, False, "none recorded"),
    ],
)
def test_the_consents_are_separated_and_none_trails(request, share, contact, publish, shown):
    application = ApplicationFactory.create(
        form=VifFactory.create(
            consent_share_with_court=share,
            consent_contact=contact,
            consent_publish_name=publish,
        )
    )

    assert _definition(_page(request, application), gettext("Consent")) == shown


def test_other_spellings_are_listed_without_a_trailing_separator(request):
    person = PersonFactory.create(names=[("SOKH", "Chea"), ("SOK", "Chear")])
    application = ApplicationFactory.create(form=VifFactory.create(applicant=person))

    assert _definition(_page(request, application), "Other spellings") == "SOKH Chea; SOK Chear"


def test_a_person_without_other_spellings_has_no_empty_line_for_them(request):
    application = ApplicationFactory.create()

    assert "Other spellings" not in _page(request, application)


def test_the_add_document_controls_have_labels(request):
    application = ApplicationFactory.create()

    html = _page(request, application, "intake")

    for name in ("kind", "file"):
        control = re.search(rf'<(?:select|input)[^>]*name="document-{name}"[^>]*>', html)
        assert control, f"no document-{name} control"
        control_id = re.search(r'id="([^"]+)"', control.group(0))
        assert control_id
        assert f'<label for="{control_id.group(1)}">' in html

"""Who opens a person's messages and the list of those not delivered, and who changes how
a person is reached: the Section's staff who hold the rights, a lawyer only for their
clients (the other records stay out of sight: vss/testing/outsiders.py)."""

import pytest
from django.urls import reverse

from vss.testing.access import AccessMatrix, answers
from vss.testing.factories import ContactPreferenceFactory, RepresentationFactory
from vss.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db

READERS = {"chief", "intake", "legal", "reparations", "outreach", "lawyer", "lead_co_lawyer"}
SENDERS = {"chief", "outreach"}
MANAGERS = {"chief", "intake", "outreach"}


def _statuses(allowed: set[str], status: int = 200) -> dict[str, int]:
    return {name: status if name in allowed else 403 for name in PERSONAS}


GET_MATRIX = AccessMatrix(
    {
        "outreach:person_messages": _statuses(READERS),
        "outreach:failed_messages": _statuses(SENDERS),
    }
)
POST_MATRIX = AccessMatrix(
    {
        "outreach:reach_edit": _statuses(MANAGERS, 302),
        "outreach:reach_stop": _statuses(MANAGERS, 302),
        "outreach:reach_resume": _statuses(MANAGERS, 302),
    }
)
# The providers' reports: signed in or not, without the provider's secret, refused.
WEBHOOK_MATRIX = AccessMatrix(
    {
        "outreach:email_tracking": dict.fromkeys(PERSONAS, 403),
        "outreach:sms_report": dict.fromkeys(PERSONAS, 403),
    }
)
# Each asks for a form (a POST) or changes something: a GET is refused.
GET_ON_POST_MATRIX = AccessMatrix(
    {f"{row} (get)": dict.fromkeys(PERSONAS, 405) for row in [*POST_MATRIX, *WEBHOOK_MATRIX]}
)


@pytest.fixture
def client_person(lawyer):
    """The lawyer persona's client, in Case 002/02: in the Lead Co-Lawyer's group too."""
    person = RepresentationFactory.create(lawyer=lawyer.lawyer).application.applicant
    person.phone = "012 555 000"
    person.save(update_fields=["phone"])
    return person


def _url(row: str, person) -> str:
    name = row.split(" (", 1)[0]
    if name in ("outreach:failed_messages", *WEBHOOK_MATRIX):
        return reverse(name)
    return reverse(name, args=[person.pk])


def test_each_page_answers_each_persona_as_the_policy_says(request, client_person):
    met = answers(request, GET_MATRIX, lambda row: _url(row, client_person))
    assert met == GET_MATRIX


def test_each_change_answers_each_persona_as_the_policy_says(request, client_person):
    preference = ContactPreferenceFactory.create(person=client_person)

    def stopped_again() -> None:
        preference.refresh_from_db()
        preference.stopped_at = preference.stopped_at or preference.updated_at
        preference.save(update_fields=["stopped_at"])

    def body(attempt):
        preference.refresh_from_db()
        version = str(preference.version)
        return {
            "outreach:reach_edit": {
                "reach-channel": "email",
                "reach-email": "sok@example.org",
                "reach-version": version,
            },
            "outreach:reach_stop": {"stop-version": version},
            "outreach:reach_resume": {
                "resume-reason": "Asked again at the forum",
                "resume-version": version,
            },
        }[attempt.row]

    met = {}
    for row in POST_MATRIX:
        single = AccessMatrix({row: POST_MATRIX[row]})
        before = stopped_again if row == "outreach:reach_resume" else None
        if row == "outreach:reach_stop":

            def before() -> None:
                preference.refresh_from_db()
                preference.stopped_at = None
                preference.save(update_fields=["stopped_at"])

        met |= answers(
            request,
            single,
            lambda row: _url(row, client_person),
            method="post",
            data=body,
            before_each=before,
        )
    assert met == POST_MATRIX


def test_a_change_asked_by_get_is_refused(request, client_person):
    met = answers(request, GET_ON_POST_MATRIX, lambda row: _url(row, client_person))
    assert met == GET_ON_POST_MATRIX


def test_a_report_without_the_providers_secret_is_refused(request, settings):
    settings.VSS_SMS_REPORT_SECRET = "report-secret"
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:secret"}
    met = answers(request, WEBHOOK_MATRIX, lambda row: reverse(row), method="post")
    assert met == WEBHOOK_MATRIX

"""The API's access matrix: each operation as each persona meets it with a token of its
own: 200 in scope, 403 for a role without the right, 404 for a record outside the
persona's scope (asked by vss/testing/tests/test_every_url.py through
vss.testing.outsiders). Every operation answers 401 without a token, and a session signed
in to the pages counts for nothing there."""

import pytest
from django.test import Client
from django.urls import reverse

from vss.applications.models import Status
from vss.testing.access import AccessMatrix, answers, url_name
from vss.testing.api import api_client
from vss.testing.clients import signed_in
from vss.testing.factories import ApplicationFactory, RepresentationFactory, VifFactory
from vss.testing.personas import PERSONAS

from .world import World, world

pytestmark = pytest.mark.django_db

STAFF = ["chief", "intake", "legal", "reparations", "outreach"]
READERS_OF_APPLICATIONS = [*STAFF, "intermediary", "lawyer", "lead_co_lawyer"]


def _only(personas: list[str], status: int = 200) -> dict[str, int]:
    return {**dict.fromkeys(PERSONAS, 403), **dict.fromkeys(personas, status)}


MATRIX = AccessMatrix(
    {
        # The schema is no one's record: it is read without a token.
        "api:openapi-json": dict.fromkeys(PERSONAS, 200),
        # Where the API's paths start from; nothing is served there.
        "api:api-root": dict.fromkeys(PERSONAS, 404),
        "api:cases": _only(READERS_OF_APPLICATIONS),
        "api:case": _only(READERS_OF_APPLICATIONS),
        "api:applications": _only(READERS_OF_APPLICATIONS),
        "api:application": _only(READERS_OF_APPLICATIONS),
        "api:application_mandates": _only([*STAFF, "lawyer", "lead_co_lawyer"]),
        "api:document_file": _only(
            ["chief", "intake", "legal", "intermediary", "lawyer", "lead_co_lawyer"]
        ),
        "api:person": _only([*READERS_OF_APPLICATIONS, "partner"]),
        "api:group": _only(STAFF),
        "api:referrals": _only(["chief", "intake", "legal", "outreach", "partner"]),
        "api:projects": _only([*STAFF, "lawyer", "lead_co_lawyer", "partner", "donor"]),
        # The lawyer leads no case: the projects of Case 002/02 are its Lead Co-Lawyer's.
        "api:project": {
            **_only([*STAFF, "lead_co_lawyer", "partner", "donor"]),
            "lawyer": 404,
        },
        "api:events": _only([*STAFF, "partner"]),
        "api:event": _only([*STAFF, "partner"]),
    }
)
# A decision on the Civil Party's admission: the Chief and legal officers record it; intake
# records other moves but not this one; every other reader of the application may not.
TRANSITION_MATRIX = AccessMatrix({"api:application_transition": _only(["chief", "legal"], 201)})
TRANSITION_MATRIX["api:application_transition"].update(
    {"auditor": 403, "partner": 403, "donor": 403}
)


@pytest.fixture
def records(chief, intermediary, lawyer, partner, donor) -> World:
    return world(
        chief=chief, intermediary=intermediary, lawyer=lawyer, partner=partner, donor=donor
    )


def _arguments(name: str, w: World) -> dict[str, int]:
    application = {"application_id": w.application.pk}
    return {
        "api:case": {"case_id": w.application.case_id},
        "api:application": application,
        "api:application_mandates": application,
        "api:application_transition": application,
        "api:document_file": {"document_id": w.document.pk},
        "api:person": {"person_id": w.application.applicant_id},
        "api:group": {"group_id": w.group.pk},
        "api:project": {"project_id": w.project.pk},
        "api:event": {"event_id": w.event.pk},
    }.get(name, {})


def _token_clients(request: pytest.FixtureRequest) -> dict[str, Client]:
    return {persona: api_client(request, persona) for persona in PERSONAS}


def _asked(request, matrix, url, *, method="get", data=None) -> dict[str, dict[str, int]]:
    """`answers` with each persona's token in place of a signed-in session."""
    clients = _token_clients(request)
    met: dict[str, dict[str, int]] = {}
    for row, expected in matrix.items():
        met[row] = {}
        for persona in expected:
            target = url(row)
            if method == "post":
                response = clients[persona].post(
                    target, data(target) if data else {}, content_type="application/json"
                )
            else:
                response = clients[persona].get(target)
            met[row][persona] = response.status_code
    return met


def test_each_operation_answers_each_persona_as_the_policy_says(request, records):
    def url(row: str) -> str:
        return reverse(url_name(row), kwargs=_arguments(url_name(row), records))

    assert _asked(request, MATRIX, url) == MATRIX


def test_each_persona_decides_on_an_application_as_the_workflow_says(request, records, lawyer):
    def url(row: str) -> str:
        # Each attempt on an application of its own, so that one decision does not
        # change what the next persona meets.
        form = VifFactory.create(
            intermediary=records.application.form.intermediary,
            entered_by_organisation=records.application.form.entered_by_organisation,
            created_by=records.application.form.created_by,
        )
        application = ApplicationFactory.create(
            form=form, case=records.application.case, status=Status.ADMITTED
        )
        RepresentationFactory.create(application=application, lawyer=lawyer.lawyer)
        return reverse(url_name(row), kwargs={"application_id": application.pk})

    def body(target: str) -> dict[str, object]:
        return {"to_status": Status.CASE_TERMINATED, "version": 0, "reason": "Case closed"}

    met = _asked(request, TRANSITION_MATRIX, url, method="post", data=body)
    assert met == TRANSITION_MATRIX


def _operation_urls(w: World) -> dict[str, str]:
    rows = {**MATRIX, **TRANSITION_MATRIX}
    return {
        name: reverse(name, kwargs=_arguments(name, w))
        for name in rows
        if name not in {"api:openapi-json", "api:api-root"}
    }


def test_every_operation_answers_401_without_a_token(records):
    client = Client()
    met = {
        name: (client.post if name.endswith("transition") else client.get)(url).status_code
        for name, url in _operation_urls(records).items()
    }
    assert met == dict.fromkeys(met, 401)


def test_a_session_signed_in_to_the_pages_is_not_a_token(request, records):
    client = signed_in(request, "chief")
    met = {
        name: (client.post if name.endswith("transition") else client.get)(url).status_code
        for name, url in _operation_urls(records).items()
    }
    assert met == dict.fromkeys(met, 401)
    # The pages still answer that session: the refusal is the API's alone.
    assert client.get(reverse("applications:list")).status_code == 200


def test_the_matrices_answer_with_the_same_tests_as_the_pages(request):
    """`answers`, the pages' own asking, meets 401 for every API row: the token is what
    the rows above are asked with."""
    met = answers(request, AccessMatrix({"api:cases": {"chief": 200}}), reverse)
    assert met == {"api:cases": {"chief": 401}}

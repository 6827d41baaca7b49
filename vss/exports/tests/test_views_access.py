"""Who may take which list away as a file: the right to export (vss.policy) and, list by
list, the right to read the list its page checks; an export job is its requester's
alone; the form is posted (405 to a GET, 403 without the CSRF token)."""

import secrets

import pytest
from django.test import TestCase
from django.urls import reverse

from vss.exports.models import ExportFormat, ExportJob, JobStatus
from vss.exports.storage import prepared_path
from vss.testing.access import AccessMatrix, Attempt, answers
from vss.testing.clients import signed_in
from vss.testing.personas import PERSONAS

pytestmark = pytest.mark.django_db


def _expect(default: int = 403, **by_persona: int) -> dict[str, int]:
    return {persona: by_persona.get(persona, default) for persona in PERSONAS}


# A file of a list leaves the system: those who handle the records of the list take one,
# those who only read them (reparations, outreach) and partners (health data) do not.
EXPORT_MATRIX = AccessMatrix(
    {
        "exports:start (applications)": _expect(
            chief=200, intake=200, legal=200, intermediary=200, lawyer=200, lead_co_lawyer=200
        ),
        "exports:start (lawyers)": _expect(chief=200, intake=200, legal=200),
        "exports:start (without-a-lawyer)": _expect(chief=200, legal=200),
        "exports:start (my-clients)": _expect(lawyer=200, lead_co_lawyer=200),
        "exports:start (referrals)": _expect(chief=200, intake=200, legal=200),
        "exports:start (audit-log)": _expect(auditor=200),
        # No such list: not found, for those who may export at all.
        "exports:start (unknown)": _expect(
            chief=404,
            intake=404,
            legal=404,
            auditor=404,
            intermediary=404,
            lawyer=404,
            lead_co_lawyer=404,
        ),
    }
)


def _list_of(attempt: Attempt) -> str:
    return attempt.row.split("(", 1)[1].rstrip(")")


def test_each_list_is_exported_to_each_persona_as_the_policy_says(request):
    met = answers(
        request,
        EXPORT_MATRIX,
        lambda row: reverse("exports:start"),
        method="post",
        data=lambda attempt: {"list": _list_of(attempt), "format": "csv"},
    )
    assert met == EXPORT_MATRIX


def test_an_excel_file_is_written_in_the_background_for_each_who_may_take_it(request):
    expected = {
        persona: 302 if status == 200 else status
        for persona, status in EXPORT_MATRIX["exports:start (applications)"].items()
    }
    met = {}
    for persona in PERSONAS:
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = signed_in(request, persona).post(
                reverse("exports:start"), {"list": "applications", "format": "xlsx"}
            )
        met[persona] = response.status_code
    assert met == expected


def test_a_format_that_is_not_offered_is_not_found(request):
    response = signed_in(request, "chief").post(
        reverse("exports:start"), {"list": "applications", "format": "pdf"}
    )
    assert response.status_code == 404


def _own_job(user, *, written=True) -> ExportJob:
    job = ExportJob.objects.create(
        requested_by=user,
        role=user.role,
        list_name="applications",
        export_format=ExportFormat.CSV,
        language="en",
        status=JobStatus.DONE,
        file_name=f"{secrets.token_hex(8)}.csv",
        total=0,
    )
    if written:
        prepared_path(job.file_name).write_text("\ufeffVSS number\n", encoding="utf-8")
    return job


# An export job and its file, asked for by the persona itself.
EXPORTERS = _expect(
    chief=200,
    intake=200,
    legal=200,
    auditor=200,
    intermediary=200,
    lawyer=200,
    lead_co_lawyer=200,
)
JOB_MATRIX = AccessMatrix({"exports:job_detail": EXPORTERS, "exports:job_download": EXPORTERS})


def test_a_users_own_export_answers_as_the_policy_says(request):
    met: dict[str, dict[str, int]] = {}
    for row in JOB_MATRIX:
        met[row] = {}
        for persona in JOB_MATRIX[row]:
            job = _own_job(request.getfixturevalue(persona))
            client = signed_in(request, persona)
            met[row][persona] = client.get(reverse(row, args=[job.pk])).status_code
    assert met == JOB_MATRIX


@pytest.mark.parametrize("url_name", list(JOB_MATRIX))
def test_anothers_export_is_not_found_even_by_the_chief(request, intake, url_name):
    job = _own_job(intake)
    assert signed_in(request, "chief").get(reverse(url_name, args=[job.pk])).status_code == 404
    assert signed_in(request, "legal").get(reverse(url_name, args=[job.pk])).status_code == 404


def test_a_file_not_ready_or_gone_is_not_found(request, intake):
    client = signed_in(request, "intake")
    running = _own_job(intake, written=False)
    ExportJob.objects.filter(pk=running.pk).update(status=JobStatus.RUNNING, file_name="")
    assert client.get(reverse("exports:job_download", args=[running.pk])).status_code == 404
    gone = _own_job(intake, written=False)
    assert client.get(reverse("exports:job_download", args=[gone.pk])).status_code == 404


@pytest.mark.parametrize("url_name", ["exports:job_detail", "exports:job_download"])
def test_a_job_takes_no_post(request, intake, url_name):
    job = _own_job(intake)
    assert signed_in(request, "intake").post(reverse(url_name, args=[job.pk])).status_code == 405


def test_the_export_form_takes_no_get(request):
    client = signed_in(request, "chief")
    assert client.get(reverse("exports:start"), {"list": "applications"}).status_code == 405


def test_the_export_form_is_refused_without_its_csrf_token(request):
    client = signed_in(request, "chief", enforce_csrf_checks=True)
    response = client.post(reverse("exports:start"), {"list": "applications", "format": "csv"})
    assert response.status_code == 403
    assert b'data-refusal="csrf"' in response.content

"""A status change decided on a page opened before someone else's decision is refused:
the officer is told the status now and who recorded it, and what they typed stays."""

import pytest
from django.urls import reverse

from vss.applications.models import Application, Status, StatusChange
from vss.applications.services import application_transition
from vss.audit.models import AuditAction, AuditEntry
from vss.audit.services import StaleEdit
from vss.people.forms import PersonForm, person_initial
from vss.people.services import person_update
from vss.testing.clients import signed_in
from vss.testing.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def _received() -> Application:
    return ApplicationFactory.create(status=Status.RECEIVED, vss_number="VSS-T-00001")


def _url(application: Application) -> str:
    return reverse("applications:transition", args=[application.pk])


def test_the_page_sends_the_version_it_was_opened_on(request):
    application = _received()
    page = signed_in(request, "intake").get(reverse("applications:detail", args=[application.pk]))
    assert 'type="hidden" name="version" value="0"' in page.text


def test_a_decision_on_a_stale_page_is_refused_and_names_the_status_and_who(request, chief):
    application = _received()
    opened = application.version
    # The Chief screens the application first ...
    first = signed_in(request, "chief").post(
        _url(application), {"to_status": Status.SCREENED, "version": opened}
    )
    assert first.status_code == 302
    entries = AuditEntry.objects.exclude(action=AuditAction.VIEW).count()

    # ... while intake, on the page opened before, records a withdrawal.
    response = signed_in(request, "intake").post(
        _url(application),
        {
            "to_status": Status.WITHDRAWN,
            "reason": "Withdrawn by letter of 3 May.",
            "version": opened,
        },
    )
    assert response.status_code == 400
    page = response.text
    assert "The status of this application changed after you opened the page" in page
    assert f"It is now “{Status.SCREENED.label}”, recorded by {chief.get_username()}" in page
    # What intake typed stays on the form, which now carries the version saved.
    assert "Withdrawn by letter of 3 May." in page
    assert response.context["transition_form"].data["version"] == str(opened + 1)
    application.refresh_from_db()
    assert application.status == Status.SCREENED
    assert application.version == opened + 1
    assert StatusChange.objects.filter(application=application).count() == 1
    assert AuditEntry.objects.exclude(action=AuditAction.VIEW).count() == entries


def test_a_status_change_without_its_version_is_refused(request):
    application = _received()
    response = signed_in(request, "chief").post(_url(application), {"to_status": Status.SCREENED})
    assert response.status_code == 400
    assert "This form was sent incomplete" in response.text
    application.refresh_from_db()
    assert application.status == Status.RECEIVED
    assert not StatusChange.objects.filter(application=application).exists()


def test_each_status_change_moves_the_version_on(intake, chief):
    application = _received()
    application_transition(
        actor=chief, application=application, to_status=Status.SCREENED, expected_version=0
    )
    with pytest.raises(StaleEdit):
        application_transition(
            actor=intake,
            application=application,
            to_status=Status.INCOMPLETE,
            reason="No identity document.",
            expected_version=0,
        )
    application.refresh_from_db()
    assert (application.status, application.version) == (Status.SCREENED, 1)
    entry = AuditEntry.objects.get(action=AuditAction.STATUS_CHANGE, object_id=str(application.pk))
    assert entry.changes["version"] == {"old": 0, "new": 1}


def test_a_person_correction_opened_before_a_death_was_recorded_is_refused(intake, legal):
    application = _received()
    person = application.applicant
    form = PersonForm({k: "" if v is None else v for k, v in person_initial(person).items()})
    assert form.is_valid(), form.errors
    opened = person.version
    application_transition(actor=legal, application=application, to_status=Status.DECEASED)
    data = form.person_data()
    data.phone = "012 345 678"
    with pytest.raises(StaleEdit) as refused:
        person_update(actor=intake, person=person, data=data, expected_version=opened)
    assert any(label == "Deceased" for label, _value in refused.value.changed)
    person.refresh_from_db()
    assert person.is_deceased and person.version == opened + 1

"""Each application keeps its form's date of receipt, copied by the database's triggers
(migration 0009) so that the pending decisions are read oldest first from an index: every
kind of write leaves the copy equal to the form's date."""

import datetime

import pytest
from django.db import connection
from django.db.models import F, Q

from vss.applications.models import Application, Status, VictimInformationForm
from vss.applications.pending import PendingFilters, pending_decisions_for_user
from vss.testing.database import trigger_names
from vss.testing.factories import ApplicationFactory, CaseFactory, VifFactory

pytestmark = pytest.mark.django_db

TRIGGERS = {
    "postgresql": {"applications_application_received_on", "applications_form_received_on"},
    "sqlite": {
        "applications_application_received_on_insert",
        "applications_application_received_on_update",
        "applications_form_received_on",
    },
}
DAY = datetime.date(2013, 5, 2)


def _kept(application: Application) -> datetime.date | None:
    return Application.objects.values_list("received_on", flat=True).get(pk=application.pk)


def _out_of_step() -> list[int]:
    """The recount: every application whose copy is not its form's date."""
    return list(
        Application.objects.exclude(
            Q(received_on=F("form__received_on"))
            | Q(received_on__isnull=True, form__received_on__isnull=True)
        ).values_list("pk", flat=True)
    )


def test_the_triggers_are_there_after_every_migration() -> None:
    # SQLite drops a table's triggers when a migration rebuilds the table: a migration
    # that does must create them again.
    assert trigger_names() >= TRIGGERS[connection.vendor]


def test_every_kind_of_write_keeps_the_forms_date() -> None:
    form = VifFactory.create(received_on=DAY)
    first = ApplicationFactory.create(form=form)
    second = ApplicationFactory.create(
        form=form, applicant=form.applicant, case=CaseFactory.create(number="003")
    )
    assert _kept(first) == _kept(second) == DAY

    # A form's date corrected by a bulk update reaches each of its applications.
    later = DAY + datetime.timedelta(days=40)
    VictimInformationForm.objects.filter(pk=form.pk).update(received_on=later)
    assert _kept(first) == _kept(second) == later

    # A form saved whole with no date gives none.
    form.refresh_from_db()
    form.received_on = None
    form.save()
    assert _kept(first) is None

    # An application saved whole from a stale copy in memory takes the form's date again.
    VictimInformationForm.objects.filter(pk=form.pk).update(received_on=DAY)
    first.refresh_from_db()
    first.received_on = datetime.date(1999, 1, 1)
    first.save()
    assert _kept(first) == DAY

    # An application moved to another form takes that form's date.
    other = VifFactory.create(received_on=later, applicant=form.applicant)
    Application.objects.filter(pk=second.pk).update(form=other)
    assert _kept(second) == later

    # Inserted by the thousand (an import, the generator) as one at a time.
    many = Application.objects.bulk_create(
        Application(form=VifFactory.create(received_on=DAY + datetime.timedelta(days=n)),
                    applicant=form.applicant, case=CaseFactory.create(number=f"00{4 + n}"),
                    kind="civil_party")
        for n in range(3)
    )  # fmt: skip
    assert [_kept(a) for a in many] == [DAY + datetime.timedelta(days=n) for n in range(3)]
    assert _out_of_step() == []


def test_the_longest_waiting_come_first_by_the_date_the_form_now_has(chief) -> None:
    dates = [DAY, DAY - datetime.timedelta(days=300), DAY + datetime.timedelta(days=9)]
    applications = [
        ApplicationFactory.create(form__received_on=day, status=Status.RECEIVED) for day in dates
    ]
    undated = ApplicationFactory.create(form__received_on=None, status=Status.SCREENED)
    ApplicationFactory.create(form__received_on=DAY, status=Status.ADMITTED)  # decided
    # The newest is found to have come first: its form's date is corrected.
    VictimInformationForm.objects.filter(pk=applications[2].form_id).update(
        received_on=DAY - datetime.timedelta(days=900)
    )
    listed = list(pending_decisions_for_user(chief, PendingFilters()))
    assert listed == [applications[2], applications[1], applications[0], undated]
    waited_long = pending_decisions_for_user(
        chief, PendingFilters(waiting_over_days=300), today=DAY + datetime.timedelta(days=10)
    )
    assert list(waited_long) == [applications[2], applications[1]]

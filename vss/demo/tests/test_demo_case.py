"""The demo case: made by the demo data, marked as a demo in every language, and open for
applications on whatever day the demo is served again (`make run` runs `open_demo_case`),
without touching a real case; production never gets one."""

import datetime
import io

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from vss.accounts.models import User
from vss.applications.forms import CasesForm
from vss.applications.models import Status
from vss.applications.services import application_transition
from vss.audit.models import AuditAction, AuditEntry
from vss.proceedings.models import Case
from vss.proceedings.services import KEY_DATES, case_open_demo
from vss.testing.factories import ApplicationFactory

from .test_demo_data import make_reference

pytestmark = pytest.mark.django_db

MADE = datetime.datetime(2026, 3, 14, 2, 30, tzinfo=datetime.UTC)  # 09:30 in Phnom Penh
SERVED = MADE + datetime.timedelta(days=61)  # the same database, served again


def _clock(monkeypatch, moment: datetime.datetime) -> datetime.date:
    monkeypatch.setattr(timezone, "now", lambda: moment)
    # A field keeps the default callable it was first asked for (Field._get_default):
    # asked now, it would keep this clock for the tests that follow.
    monkeypatch.setattr(User._meta.get_field("date_joined"), "_get_default", lambda: moment)
    return timezone.localdate()


def _real_cases() -> list[tuple]:
    return list(
        Case.objects.filter(is_demo=False)
        .order_by("pk")
        .values_list("pk", "number", "version", *KEY_DATES, "is_terminated")
    )


def _receive(actor, application):
    return application_transition(actor=actor, application=application, to_status=Status.RECEIVED)


def test_a_demo_made_weeks_ago_and_served_again_takes_a_new_vif_on_time(monkeypatch, intake):
    made_on = _clock(monkeypatch, MADE)
    make_reference()
    call_command("generate_demo_data", applicants=30, stdout=io.StringIO())
    demo = Case.objects.get(is_demo=True)
    assert demo.investigation_closed_on == made_on
    assert not demo.applications.exists()  # a walk starts it afresh
    real = _real_cases()

    served_on = _clock(monkeypatch, SERVED)
    late = ApplicationFactory(case=demo, form__received_on=None)
    # As the database was made: the deadline has passed, intake cannot record the receipt.
    with pytest.raises(ValidationError, match="deadline"):
        _receive(intake, late)

    out = io.StringIO()
    call_command("open_demo_case", stdout=out)
    demo.refresh_from_db()
    assert demo.investigation_closed_on == served_on
    assert demo.application_deadline > served_on
    assert demo.application_deadline.isoformat() in out.getvalue()
    assert _real_cases() == real
    moved = AuditEntry.objects.get(
        object_type="proceedings.case", object_id=str(demo.pk), action=AuditAction.UPDATE
    )
    assert moved.actor is None
    assert moved.changes["investigation_closed_on"] == {
        "old": made_on.isoformat(),
        "new": served_on.isoformat(),
    }

    application = ApplicationFactory(case=demo, form__received_on=None)
    _receive(intake, application)
    application.refresh_from_db()
    assert application.status == Status.RECEIVED and not application.is_late
    assert application.vss_number == "VSS-DEMO-00001"
    assert application.form.received_on == served_on

    # Served again the same day: nothing moves, nothing more in the audit log.
    entries = AuditEntry.objects.count()
    call_command("open_demo_case", stdout=io.StringIO())
    assert AuditEntry.objects.count() == entries


def test_opening_it_on_a_given_day_keeps_its_key_dates_in_order(db):
    made_on = datetime.date(2026, 1, 5)
    demo = case_open_demo(today=made_on)
    # Someone tried Rule 23ter: a Closing Order a week later.
    Case.objects.filter(pk=demo.pk).update(closing_order_on=made_on + datetime.timedelta(days=7))
    case_open_demo(today=made_on + datetime.timedelta(days=3))
    demo.refresh_from_db()
    assert demo.closing_order_on == made_on + datetime.timedelta(days=7)
    case_open_demo(today=made_on + datetime.timedelta(days=30))
    demo.refresh_from_db()
    assert demo.investigation_closed_on == made_on + datetime.timedelta(days=30)
    assert demo.closing_order_on is None
    assert Case.objects.filter(is_demo=True).count() == 1


def test_the_demo_case_cannot_take_a_real_case_number(db):
    Case.objects.create(number="DEMO", title="A real case")
    with pytest.raises(ValidationError):
        case_open_demo(today=datetime.date(2026, 1, 5))
    assert not Case.objects.filter(is_demo=True).exists()


def test_production_gets_no_demo_case(db, settings):
    settings.SETTINGS_MODULE = "vss.settings.production"
    with pytest.raises(CommandError, match="production"):
        call_command("open_demo_case", stdout=io.StringIO())
    with pytest.raises(ImproperlyConfigured):
        case_open_demo(today=datetime.date(2026, 1, 5))
    assert not Case.objects.filter(is_demo=True).exists()


def test_a_database_without_demo_data_gets_no_demo_case(db):
    make_reference()
    out = io.StringIO()
    call_command("open_demo_case", today=datetime.date(2026, 1, 5), stdout=out)
    assert "No demo data" in out.getvalue()
    assert not Case.objects.filter(is_demo=True).exists()


@pytest.mark.parametrize("language", ["en", "km", "fr"])
def test_the_demo_case_is_marked_in_every_language(db, language, client, intake):
    make_reference()
    demo = case_open_demo(today=timezone.localdate())
    with translation.override("en"):
        english = (str(demo), demo.localized_title)
    with translation.override(language):
        name, hint = str(demo), demo.localized_title
        field = CasesForm().fields[f"case_{demo.pk}"]
        assert (field.label, field.help_text) == (name, hint)
    if language != "en":
        assert name != english[0] and hint != english[1]
    client.force_login(intake)
    # The request leaves its language active: the override puts the previous one back.
    with translation.override(language):
        page = client.get("/cases/", headers={"accept-language": language}).content.decode()
        assert translation.gettext("demo case, for practice: not a case of the court") in page


class _ServerStopped(Exception):
    pass


def test_kept_open_beside_a_server_left_up_for_days_it_moves_once_a_day(monkeypatch):
    """`open_demo_case --keep-open`, as `make run` starts it: each hour it opens the case
    again; the notice moves when the day has turned, with one audit entry a day."""
    from vss.demo.management.commands import open_demo_case

    _clock(monkeypatch, MADE)
    make_reference()
    call_command("generate_demo_data", applicants=30, stdout=io.StringIO())
    demo = Case.objects.get(is_demo=True)
    # The hours the server stays up: two on the first day, then the next day, then it stops.
    hours = iter(
        [SERVED, SERVED + datetime.timedelta(hours=1), SERVED + datetime.timedelta(days=1)]
    )
    slept = []

    def an_hour_passes(seconds: float) -> None:
        slept.append(seconds)
        try:
            _clock(monkeypatch, next(hours))
        except StopIteration:
            raise _ServerStopped from None

    monkeypatch.setattr(open_demo_case.time, "sleep", an_hour_passes)
    # Between the hours the command lets its connection go; inside the test's transaction
    # that would close the test's own connection (PostgreSQL), so it is only counted.
    released = []
    monkeypatch.setattr(open_demo_case, "close_old_connections", lambda: released.append(1))
    served_on = _clock(monkeypatch, SERVED - datetime.timedelta(hours=1))
    with pytest.raises(_ServerStopped):
        call_command("open_demo_case", keep_open=True, stdout=io.StringIO())

    assert slept == [open_demo_case.CHECK_EVERY_SECONDS] * 4
    assert len(released) == len(slept)
    next_day = served_on + datetime.timedelta(days=1)
    assert timezone.localdate() == next_day
    demo.refresh_from_db()
    assert demo.investigation_closed_on == next_day
    moves = AuditEntry.objects.filter(
        object_type="proceedings.case", object_id=str(demo.pk), action=AuditAction.UPDATE
    ).order_by("pk")
    assert [entry.changes["investigation_closed_on"]["new"] for entry in moves] == [
        served_on.isoformat(),
        next_day.isoformat(),
    ]

"""The workflow's hook points: an app above applications may refuse a status change with
its reason, and hears of each change once it is recorded, without applications knowing it."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from vss.applications import status_hooks
from vss.applications.models import Application, Status, StatusChange
from vss.applications.services import application_transition
from vss.testing.factories import ApplicationFactory, CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_hooks(monkeypatch):
    """Only the hooks a test registers, not those of the installed apps."""
    monkeypatch.setattr(status_hooks, "_status_checks", [])
    monkeypatch.setattr(status_hooks, "_status_listeners", [])


def _screened() -> Application:
    case = CaseFactory.create(number="004/02", investigation_closed_on=None)
    return ApplicationFactory.create(case=case, status=Status.SCREENED)


def test_a_check_refuses_the_move_with_its_reason(legal, no_hooks) -> None:
    seen: list[tuple[int, str, datetime.date]] = []

    def refuse(*, application, to_status, decided_on):
        seen.append((application.pk, to_status, decided_on))
        return "Not before the judges sit."

    status_hooks.register_status_check(refuse)
    application = _screened()
    day = datetime.date(2024, 3, 1)
    with pytest.raises(ValidationError) as refused:
        application_transition(
            actor=legal, application=application, to_status=Status.TRANSMITTED, decided_on=day
        )
    assert refused.value.messages == ["Not before the judges sit."]
    assert seen == [(application.pk, Status.TRANSMITTED, day)]
    application.refresh_from_db()
    assert application.status == Status.SCREENED
    assert not StatusChange.objects.filter(application=application).exists()


def test_a_check_that_finds_nothing_to_refuse_lets_the_move_through(legal, no_hooks) -> None:
    status_hooks.register_status_check(lambda **_: None)
    application = _screened()
    application_transition(actor=legal, application=application, to_status=Status.TRANSMITTED)
    application.refresh_from_db()
    assert application.status == Status.TRANSMITTED


def test_listeners_hear_of_the_recorded_change_once(legal, no_hooks) -> None:
    heard: list[tuple[int, int, str, str]] = []

    def listener(*, application, change):
        heard.append((application.pk, change.pk, change.from_status, change.to_status))

    status_hooks.register_status_listener(listener)
    status_hooks.register_status_listener(listener)  # registering twice does not tell twice
    application = _screened()
    change = application_transition(
        actor=legal, application=application, to_status=Status.TRANSMITTED
    )
    assert heard == [(application.pk, change.pk, Status.SCREENED, Status.TRANSMITTED)]


def test_a_listener_that_fails_undoes_the_move(legal, no_hooks) -> None:
    def broken(*, application, change):
        raise RuntimeError("mail server on fire")

    status_hooks.register_status_listener(broken)
    application = _screened()
    with pytest.raises(RuntimeError):
        application_transition(actor=legal, application=application, to_status=Status.TRANSMITTED)
    application.refresh_from_db()
    assert application.status == Status.SCREENED
    assert not StatusChange.objects.filter(application=application).exists()

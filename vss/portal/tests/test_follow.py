import datetime
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from vss.applications.models import StatusChange
from vss.audit.models import AuditAction, AuditEntry
from vss.portal.plain_words import ARRIVED_LATE, PLAIN_STATUS
from vss.portal.services import following
from vss.portal.services.receipts import receipt_issue
from vss.testing.factories import ApplicationFactory, PersonFactory, VifFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reads_english(client):
    """The visitor chose English with the switcher (Khmer is the default): the tests read
    the page's English."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


URL = "/follow/"


@pytest.fixture
def receipt(intake):
    person = PersonFactory(family_name_latin="NHEM", given_name_latin="Sokha", birth_year=1961)
    application = ApplicationFactory(form=VifFactory(applicant=person), status="transmitted")
    for to_status, day in (("received", 3), ("screened", 10), ("transmitted", 20)):
        StatusChange.objects.create(
            application=application,
            from_status="draft",
            to_status=to_status,
            actor=intake,
            decided_on=datetime.date(2026, 5, day),
            reason="Spoke with Ms NHEM Sokha",
        )
    return receipt_issue(application=application)


def _answers(receipt, **wrong):
    answers = {"reference": receipt.receipt.reference, "code": receipt.code, "birth_year": 1961}
    return answers | wrong


def _post(client, data, ip="10.1.1.1", language="en"):
    return client.post(URL, data, REMOTE_ADDR=ip, HTTP_ACCEPT_LANGUAGE=language)


def _without_token(body: str, *typed: str) -> str:
    # The tokens against cross-site posts are new in every page, whatever was answered.
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
    body = re.sub(r'"X-CSRFToken": "[^"]+"', "", body)
    for text in typed:
        body = body.replace(text, "TYPED")
    return body


def test_the_three_answers_show_the_status_and_history_and_nothing_about_the_person(
    client, receipt
):
    response = _post(client, _answers(receipt))
    body = response.content.decode()
    assert response.status_code == 200
    assert str(PLAIN_STATUS["transmitted"].meaning) in body
    for step in ("received", "screened"):
        assert str(PLAIN_STATUS[step].name) in body
    for personal in ("NHEM", "Sokha", "1961", "Spoke with", receipt.code):
        assert personal not in body


def test_a_form_that_arrived_late_is_said_to_wait_for_a_legal_officer(client):
    person = PersonFactory(birth_year=1950)
    form = VifFactory(applicant=person, received_on=datetime.date(2026, 5, 3))
    issued = receipt_issue(application=ApplicationFactory(form=form, status="draft"))
    answers = {"reference": issued.receipt.reference, "code": issued.code, "birth_year": 1950}
    body = _post(client, answers).content.decode()
    assert str(ARRIVED_LATE.name) in body
    assert str(PLAIN_STATUS["draft"].meaning) not in body


def test_the_history_is_in_plain_khmer_for_a_khmer_reader(client, receipt):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    response = _post(client, _answers(receipt), language="km")
    body = response.content.decode()
    with translation.override("km"):
        meaning = str(PLAIN_STATUS["screened"].meaning)
    assert meaning in body
    assert (
        meaning != "The Section has checked your form. It will send it to the judges, who decide."
    )


@pytest.mark.parametrize(
    "wrong",
    [{"reference": "23456-78923"}, {"code": "ABCDEFGH"}, {"birth_year": 1962}],
    ids=["reference", "code", "year"],
)
def test_each_wrong_answer_shows_nothing(client, receipt, wrong):
    response = _post(client, _answers(receipt, **wrong))
    assert response.status_code == 200
    body = response.content.decode()
    assert "These answers do not open an application" in body
    assert str(PLAIN_STATUS["transmitted"].meaning) not in body
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW).exists()


def test_an_unknown_reference_and_a_wrong_code_get_the_same_answer(receipt):
    unknown = _post(Client(), _answers(receipt, reference="23456-78923"), ip="10.0.0.1")
    wrong_code = _post(Client(), _answers(receipt, code="ABCDEFGH"), ip="10.0.0.2")
    assert unknown.status_code == wrong_code.status_code == 200
    assert _without_token(unknown.content.decode(), "23456-78923") == _without_token(
        wrong_code.content.decode(), receipt.receipt.reference
    )


def test_the_code_is_never_shown_back_after_a_wrong_answer(client, receipt):
    response = _post(client, _answers(receipt, birth_year=1962))
    assert receipt.code not in response.content.decode()


def test_tries_are_limited_per_address(client, receipt):
    for _ in range(following.PER_ADDRESS.attempts):
        _post(client, _answers(receipt, reference="23456-78923"), ip="10.9.9.9")
    limited = _post(client, _answers(receipt), ip="10.9.9.9")
    assert limited.status_code == 429
    assert "Too many tries" in limited.content.decode()
    # Another address is not held back.
    assert _post(client, _answers(receipt), ip="10.9.9.8").status_code == 200


def test_tries_are_limited_per_reference_from_any_address(client, receipt):
    for n in range(following.PER_REFERENCE.attempts):
        _post(client, _answers(receipt, code="ABCDEFGH"), ip=f"10.2.0.{n}")
    limited = _post(client, _answers(receipt), ip="10.3.0.1")
    assert limited.status_code == 429
    assert str(PLAIN_STATUS["transmitted"].meaning) not in limited.content.decode()


def test_all_addresses_together_have_a_ceiling_of_checks(client, receipt, monkeypatch):
    monkeypatch.setattr(
        following, "EVERYONE", following.Limit("follow-all", 3, datetime.timedelta(minutes=1))
    )
    for n in range(3):
        assert (
            _post(client, _answers(receipt, code="ABCDEFGH"), ip=f"10.6.0.{n}").status_code == 200
        )
    # A fourth address, with the right answers, waits like the guessers.
    limited = _post(client, _answers(receipt), ip="10.6.1.1")
    assert limited.status_code == 429
    assert "Too many tries" in limited.content.decode()


def test_an_address_over_its_own_limit_does_not_use_up_everyone_s_checks(
    client, receipt, monkeypatch
):
    monkeypatch.setattr(
        following, "EVERYONE", following.Limit("follow-all", 12, datetime.timedelta(minutes=1))
    )
    for _ in range(following.PER_ADDRESS.attempts + 20):
        _post(client, _answers(receipt, reference="23456-78923"), ip="10.7.7.7")
    assert _post(client, _answers(receipt), ip="10.7.7.8").status_code == 200


def test_an_unknown_reference_is_limited_as_a_known_one(client):
    answers = {"reference": "23456-78923", "code": "ABCDEFGH", "birth_year": 1961}
    for n in range(following.PER_REFERENCE.attempts):
        assert _post(client, answers, ip=f"10.4.0.{n}").status_code == 200
    assert _post(client, answers, ip="10.5.0.1").status_code == 429


def test_every_status_read_is_audited_as_by_someone_not_signed_in(client, receipt):
    _post(client, _answers(receipt), ip="10.7.7.7")
    entry = AuditEntry.objects.get(action=AuditAction.VIEW)
    assert entry.actor is None and entry.actor_username == ""
    assert entry.object_type == "applications.application"
    assert entry.object_id == str(receipt.receipt.application_id)
    assert entry.ip_address == "10.7.7.7"
    assert receipt.receipt.application.vss_number in entry.object_label


def test_a_badly_typed_form_comes_back_with_what_was_typed(client, receipt):
    response = _post(client, {"reference": "AB", "code": "", "birth_year": "19x"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="AB"' in body and "errors" in body


def test_the_answers_are_never_read_from_the_url(client, receipt):
    response = client.get(URL, _answers(receipt))
    assert response.status_code == 200
    assert str(PLAIN_STATUS["transmitted"].meaning) not in response.content.decode()


def test_the_form_is_protected_against_cross_site_posts(receipt):
    response = Client(enforce_csrf_checks=True).post(URL, _answers(receipt))
    assert response.status_code == 403


def test_other_methods_are_refused(client):
    assert client.put(URL).status_code == 405
    assert reverse("portal:follow") == URL


def test_every_status_has_plain_words():
    from vss.applications.models import Status

    assert set(PLAIN_STATUS) == set(Status.values)

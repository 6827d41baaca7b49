"""A case's key dates are never lost to a stale form or cleared by a form that did not
send them."""

import datetime

import pytest
from django.test import Client

from vss.audit.models import AuditEntry
from vss.proceedings.models import Case
from vss.testing.factories import CaseFactory

pytestmark = pytest.mark.django_db

CLOSED = datetime.date(2010, 1, 14)
ORDER = datetime.date(2010, 9, 15)


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _dated_case() -> Case:
    return CaseFactory.create(investigation_closed_on=CLOSED, closing_order_on=ORDER)


def test_an_empty_post_clears_no_date(chief):
    case = _dated_case()
    response = _signed_in(chief).post(f"/cases/{case.pk}/edit/", {})
    assert response.status_code == 400
    case.refresh_from_db()
    assert (case.investigation_closed_on, case.closing_order_on) == (CLOSED, ORDER)
    assert not AuditEntry.objects.filter(object_type="proceedings.case").exists()


def test_a_date_the_post_did_not_send_is_kept_and_one_sent_empty_is_cleared(chief):
    case = _dated_case()
    response = _signed_in(chief).post(
        f"/cases/{case.pk}/edit/",
        {"closing_order_on": "", "trial_judgment_on": "2010-10-01", "version": case.version},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.investigation_closed_on == CLOSED
    assert case.closing_order_on is None
    assert case.trial_judgment_on == datetime.date(2010, 10, 1)
    assert case.is_terminated is False


def test_the_terminated_box_is_cleared_only_when_the_form_sent_it_unticked(chief):
    case = CaseFactory.create(is_terminated=True)
    client = _signed_in(chief)
    client.post(f"/cases/{case.pk}/edit/", {"version": case.version})
    case.refresh_from_db()
    assert case.is_terminated is True
    # The form as a browser sends it with the box unticked: only the hidden companion.
    client.post(f"/cases/{case.pk}/edit/", {"is_terminated": "off", "version": case.version})
    case.refresh_from_db()
    assert case.is_terminated is False
    page = client.get(f"/cases/{case.pk}/edit/").content.decode()
    assert 'type="hidden" name="is_terminated" value="off"' in page


def test_a_stale_save_is_refused_names_what_changed_and_keeps_what_was_typed(chief, legal):
    case = _dated_case()
    opened = case.version
    # Legal saves first, from a form opened at the same time.
    first = _signed_in(legal).post(
        f"/cases/{case.pk}/edit/",
        {"closing_order_on": "2010-09-16", "version": opened},
    )
    assert first.status_code == 302
    response = _signed_in(chief).post(
        f"/cases/{case.pk}/edit/",
        {"closing_order_on": "2010-09-15", "trial_judgment_on": "2011-02-02", "version": opened},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Someone else saved this record after you opened it" in body
    assert "Closing order: 2010-09-16" in body
    # What the chief typed stays on the form.
    form = response.context["form"]
    assert form.data["trial_judgment_on"] == "2011-02-02"
    assert 'value="2011-02-02"' in body
    case.refresh_from_db()
    assert case.closing_order_on == datetime.date(2010, 9, 16)
    assert case.trial_judgment_on is None
    assert case.version == opened + 1
    assert AuditEntry.objects.filter(object_type="proceedings.case").count() == 1
    # The form shown again carries the version now saved: once checked, it can be saved.
    assert form.data["version"] == str(opened + 1)
    again = _signed_in(chief).post(f"/cases/{case.pk}/edit/", dict(form.data.items()))
    assert again.status_code == 302
    case.refresh_from_db()
    assert case.trial_judgment_on == datetime.date(2011, 2, 2)

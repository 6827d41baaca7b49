import pytest
from django.test import Client

from vss.applications.models import Status
from vss.portal.models import Receipt
from vss.portal.services.receipts import receipt_matching
from vss.testing.clients import signed_in
from vss.testing.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_intake_prints_a_receipt_from_the_application_page_and_it_opens_it(request):
    application = ApplicationFactory(status=Status.RECEIVED)
    client = signed_in(request, "intake")
    page = client.get(f"/applications/{application.pk}/")
    assert 'id="follow-receipt"' in page.content.decode()
    printed = client.post(f"/receipts/{application.pk}/")
    assert printed.status_code == 200
    receipt = Receipt.objects.get(application=application)
    body = printed.content.decode()
    assert receipt.reference in body
    code = body.split("<dt>Secret code</dt><dd><strong>")[1].split("<")[0]
    birth_year = application.applicant.approximate_birth_year
    assert receipt_matching(reference=receipt.reference, code=code, birth_year=birth_year)


def test_printing_a_receipt_is_a_post_only_and_checks_the_token(request):
    application = ApplicationFactory(status=Status.RECEIVED)
    assert signed_in(request, "intake").get(f"/receipts/{application.pk}/").status_code == 405
    strict = signed_in(request, "intake", enforce_csrf_checks=True)
    assert strict.post(f"/receipts/{application.pk}/").status_code == 403
    assert not Receipt.objects.exists()


def test_those_without_the_intake_right_see_no_panel_and_may_not_print(request):
    application = ApplicationFactory(status=Status.RECEIVED)
    client = signed_in(request, "auditor")
    assert client.post(f"/receipts/{application.pk}/").status_code in (403, 404)
    assert not Receipt.objects.exists()


def test_a_visitor_not_signed_in_is_sent_to_sign_in():
    application = ApplicationFactory(status=Status.RECEIVED)
    assert Client().post(f"/receipts/{application.pk}/").status_code == 302

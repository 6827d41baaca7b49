import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.test import Client

from vss.applications.models import Application, ApplicationKind, Status
from vss.applications.selectors import civil_party_counts_by_case
from vss.audit.models import AuditAction, AuditEntry
from vss.policy import applications_in_scope
from vss.proceedings.services import case_set_key_dates
from vss.tallies.services import counting_now
from vss.testing.factories import ApplicationFactory, CaseFactory, RepresentationFactory

pytestmark = pytest.mark.django_db


def test_case_list_counts_civil_parties_by_status_in_constant_queries(
    client, intake, django_assert_num_queries
):
    case = CaseFactory.create(number="002/01")
    for status in (Status.ADMITTED, Status.ADMITTED, Status.ADMITTED_ON_APPEAL, Status.REJECTED):
        ApplicationFactory.create(case=case, status=status)
    counting_now(user=None)
    client.force_login(intake)
    # session, user, the session's second-factor device, cases, charged persons, kept
    # counts, where the counting stands, current Lead Co-Lawyers, unread notifications
    with django_assert_num_queries(9):
        response = client.get("/cases/")
    assert response.status_code == 200
    summary = response.context["table"].columns["civil_party_counts"].values[case.pk]
    assert summary.total == 4 and summary.civil_parties == 3
    assert "Civil Party applications as counted at" in response.content.decode()


def test_the_whole_registrys_counts_are_kept_and_agree_with_a_recount(intake):
    """Staff who see every application read the counts as last counted: the same as a
    count of the applications themselves, complaints left out; what changed since shows
    at the next count."""
    first, second = CaseFactory.create(number="003"), CaseFactory.create(number="004")
    for case, status in [
        (first, Status.ADMITTED),
        (first, Status.ADMITTED),
        (first, Status.RECEIVED),
        (second, Status.REJECTED),
        (second, Status.PROVISIONAL),
    ]:
        ApplicationFactory.create(case=case, status=status)
    ApplicationFactory.create(case=first, status=Status.RECEIVED, kind=ApplicationKind.COMPLAINT)
    counting_now(user=None)

    def recount() -> dict[int, dict[str, int]]:
        counted: dict[int, dict[str, int]] = {}
        for case_id, status, n in (
            Application.objects.filter(kind=ApplicationKind.CIVIL_PARTY)
            .values_list("case_id", "status")
            .annotate(n=Count("id"))
            .order_by()
        ):
            counted.setdefault(case_id, {})[status] = n
        return counted

    def kept() -> dict[int, dict[str, int]]:
        counts = civil_party_counts_by_case(intake, [first, second])
        return {pk: c.by_status for pk, c in counts.items() if c.by_status}

    assert kept() == recount()
    assert kept()[first.pk] == {Status.ADMITTED: 2, Status.RECEIVED: 1}

    ApplicationFactory.create(case=second, status=Status.ADMITTED)
    assert kept() != recount()
    counting_now(user=None)
    assert kept() == recount()


def test_an_intermediarys_counts_are_kept_for_its_organisation_and_agree_with_a_recount(
    client, intermediary, other_intermediary
):
    """An intermediary reads the counts of the forms filed through their organisation as
    last counted: the same as a count of their scope, another organisation's forms and
    complaints left out."""
    case = CaseFactory.create(number="002/02")
    ours, theirs = intermediary.organisation, other_intermediary.organisation
    for organisation, status in [
        (ours, Status.ADMITTED),
        (ours, Status.ADMITTED),
        (ours, Status.RECEIVED),
        (theirs, Status.ADMITTED),
        (None, Status.REJECTED),
    ]:
        ApplicationFactory.create(
            case=case, status=status, form__entered_by_organisation=organisation
        )
    ApplicationFactory.create(
        case=case,
        status=Status.RECEIVED,
        kind=ApplicationKind.COMPLAINT,
        form__entered_by_organisation=ours,
    )
    counting_now(user=None)

    def recount() -> dict[str, int]:
        scope = applications_in_scope(
            intermediary, Application.objects.filter(kind=ApplicationKind.CIVIL_PARTY)
        )
        return dict(scope.values_list("status").annotate(n=Count("id")).order_by())

    def kept() -> dict[str, int]:
        return civil_party_counts_by_case(intermediary, [case])[case.pk].by_status

    assert kept() == recount() == {Status.ADMITTED: 2, Status.RECEIVED: 1}
    ApplicationFactory.create(
        case=case, status=Status.PROVISIONAL, form__entered_by_organisation=ours
    )
    assert kept() != recount()
    counting_now(user=None)
    assert kept() == recount()

    client.force_login(intermediary)
    page = client.get("/cases/").content.decode()
    assert "Civil Party applications as counted at" in page


def test_a_lawyer_counts_only_their_clients_and_a_lead_co_lawyer_the_civil_parties(
    request, client, lawyer, lead_co_lawyer
):
    case = CaseFactory.create(number="002/02")
    other_case = CaseFactory.create(number="004")
    client_application = ApplicationFactory.create(case=case, status=Status.ADMITTED)
    RepresentationFactory.create(application=client_application, lawyer=lawyer.lawyer)
    for status in (Status.ADMITTED, Status.ADMITTED_ON_APPEAL, Status.REJECTED):
        ApplicationFactory.create(case=case, status=status)
    # The Lead Co-Lawyer's own clients: one rejected in the case they lead, one elsewhere.
    for on, status in ((case, Status.REJECTED), (other_case, Status.RECEIVED)):
        RepresentationFactory.create(
            application=ApplicationFactory.create(case=on, status=status),
            lawyer=lead_co_lawyer.lawyer,
        )
    # The Civil Parties of the case the Lead Co-Lawyer leads are read as last counted.
    counting_now(user=None)
    ApplicationFactory.create(case=case, status=Status.ADMITTED)
    expected = {
        "lawyer": {case.pk: {Status.ADMITTED: 1}},
        # The Civil Parties of the case as counted, not the rejected applicant nor the one
        # admitted since; and their own clients, counted now.
        "lead_co_lawyer": {
            case.pk: {Status.ADMITTED: 2, Status.ADMITTED_ON_APPEAL: 1, Status.REJECTED: 1},
            other_case.pk: {Status.RECEIVED: 1},
        },
    }
    for who, by_case in expected.items():
        client.force_login(request.getfixturevalue(who))
        response = client.get("/cases/")
        assert response.status_code == 200, who
        values = response.context["table"].columns["civil_party_counts"].values
        assert {pk: c.by_status for pk, c in values.items() if c.by_status} == by_case, who


@pytest.mark.parametrize("who", ["lawyer", "lead_co_lawyer", "partner"])
def test_lawyers_and_partners_cannot_change_a_cases_dates(request, client, who):
    case = CaseFactory.create(number="002/02")
    client.force_login(request.getfixturevalue(who))
    url = f"/cases/{case.pk}/edit/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"closing_order_on": "2010-09-15"}).status_code == 403
    case.refresh_from_db()
    assert case.closing_order_on != datetime.date(2010, 9, 15)
    assert not AuditEntry.objects.filter(object_type="proceedings.case").exists()


def test_the_case_list_refuses_a_post(client, lawyer):
    client.force_login(lawyer)
    assert client.post("/cases/").status_code == 405


def test_a_legal_officer_records_the_notice_that_opens_the_deadline(client, legal):
    case = CaseFactory.create(number="004/02", investigation_closed_on=None)
    client.force_login(legal)
    response = client.post(
        f"/cases/{case.pk}/edit/",
        {"investigation_closed_on": "2024-03-01", "version": case.version},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.application_deadline == datetime.date(2024, 3, 16)
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_type="proceedings.case")
    assert entry.changes["investigation_closed_on"] == {"old": None, "new": "2024-03-01"}


def test_an_unknown_case_answers_404(client, chief):
    client.force_login(chief)
    assert client.get("/cases/999999/edit/").status_code == 404


def test_dates_out_of_order_are_refused_and_kept_on_the_form(client, chief):
    case = CaseFactory.create(investigation_closed_on=None)
    client.force_login(chief)
    response = client.post(
        f"/cases/{case.pk}/edit/",
        {"investigation_closed_on": "2011-01-01", "closing_order_on": "2010-09-15"},
    )
    assert response.status_code == 400
    assert 'value="2011-01-01"' in response.content.decode()
    case.refresh_from_db()
    assert case.investigation_closed_on is None
    assert not AuditEntry.objects.filter(object_type="proceedings.case").exists()


def test_a_malformed_date_is_reported(client, chief):
    case = CaseFactory.create()
    client.force_login(chief)
    response = client.post(f"/cases/{case.pk}/edit/", {"closing_order_on": "2010-02-31"})
    assert response.status_code == 400
    assert response.context["form"].errors["closing_order_on"]


def test_editing_dates_needs_the_csrf_token(chief):
    case = CaseFactory.create()
    client = Client(enforce_csrf_checks=True)
    client.force_login(chief)
    assert (
        client.post(f"/cases/{case.pk}/edit/", {"closing_order_on": "2010-09-15"}).status_code
        == 403
    )


def test_the_service_refuses_a_user_without_the_right(intake):
    with pytest.raises(PermissionDenied):
        case_set_key_dates(actor=intake, case=CaseFactory.create(), dates={}, is_terminated=False)


def test_the_service_refuses_dates_out_of_order(chief):
    with pytest.raises(ValidationError):
        case_set_key_dates(
            actor=chief,
            case=CaseFactory.create(),
            dates={
                "investigation_closed_on": datetime.date(2012, 1, 1),
                "closing_order_on": datetime.date(2010, 1, 1),
            },
            is_terminated=False,
        )

"""Civil Parties ticked on the list of those without a lawyer join a group under its
common lawyer: the grouping's checks for each, all or nothing, an audit entry each."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from vss.accounts.models import User
from vss.applications.models import Application, Status
from vss.audit.models import AuditAction, AuditEntry
from vss.representation.models import ConflictOfInterest, GroupMembership, Representation
from vss.representation.tests.test_groups_tool import civil_parties
from vss.testing.factories import CaseFactory, CivilPartyGroupFactory, LawyerFactory

pytestmark = pytest.mark.django_db

URL = "representation:civil_parties_to_group"


@pytest.fixture
def case():
    return CaseFactory.create(number="002/02", closing_order_on=datetime.date(2010, 9, 15))


@pytest.fixture
def group(case):
    return CivilPartyGroupFactory.create(case=case, lawyer=LawyerFactory.create())


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, applications: list[Application], group, **data):
    return client.post(
        reverse(URL),
        {"application": [a.pk for a in applications], "group": group.pk, **data},
    )


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _members(group) -> set[int]:
    return set(
        GroupMembership.objects.filter(group=group, ended_on__isnull=True).values_list(
            "application_id", flat=True
        )
    )


def test_the_ticked_civil_parties_join_the_group_under_its_lawyer(legal, case, group):
    ticked = civil_parties(case, 3, created_by=legal)
    left = civil_parties(case, 1, created_by=legal, prefix="LEFT")

    response = _post(_signed_in(legal), ticked, group, filters=f"case={case.pk}")

    assert response.status_code == 302
    assert response["Location"] == reverse("representation:without_lawyer") + f"?case={case.pk}"
    assert _members(group) == {a.pk for a in ticked}
    lawyers = set(
        Representation.objects.filter(ended_on__isnull=True).values_list(
            "application_id", "lawyer_id"
        )
    )
    assert lawyers == {(a.pk, group.lawyer_id) for a in ticked}
    audited = set(
        AuditEntry.objects.filter(
            action=AuditAction.UPDATE, object_type="applications.application"
        ).values_list("object_id", flat=True)
    )
    assert audited == {str(a.pk) for a in ticked}
    assert str(left[0].pk) not in audited
    [message] = _messages(response)
    assert str(len(ticked)) in message and str(group) in message


def test_a_civil_party_of_another_case_stops_the_whole_selection(legal, case, group):
    ours = civil_parties(case, 2, created_by=legal)
    other_case = CaseFactory.create(number="004/02", closing_order_on=datetime.date(2017, 6, 1))
    theirs = civil_parties(other_case, 1, created_by=legal, prefix="OTHER")

    [message] = _messages(_post(_signed_in(legal), [*ours, *theirs], group))

    assert "Nobody was added" in message and "case" in message
    assert _members(group) == set()
    assert not Representation.objects.exists()


def test_a_selection_that_is_not_all_civil_parties_is_refused(legal, case, group):
    [applicant] = civil_parties(case, 1, created_by=legal, status=Status.TRANSMITTED)
    [message] = _messages(_post(_signed_in(legal), [applicant], group))
    assert "Only Civil Parties" in message and _members(group) == set()


def test_a_declared_conflict_names_the_people_and_adds_nobody(legal, case, group):
    clear, conflicted = civil_parties(case, 2, created_by=legal)
    ConflictOfInterest.objects.create(
        lawyer=group.lawyer,
        person=conflicted.applicant,
        description="Represents the accused's family",
        declared_on=datetime.date(2011, 1, 10),
        declared_by=legal,
    )
    [message] = _messages(_post(_signed_in(legal), [clear, conflicted], group))
    assert conflicted.applicant.family_name_latin in message
    assert _members(group) == set()


def test_a_group_without_a_common_lawyer_takes_nobody(legal, case):
    group = CivilPartyGroupFactory.create(case=case, lawyer=None)
    [message] = _messages(_post(_signed_in(legal), civil_parties(case, 1, created_by=legal), group))
    assert "no common lawyer" in message and _members(group) == set()


def test_a_selection_naming_a_record_that_is_not_there_is_not_found(legal, case, group):
    [one] = civil_parties(case, 1, created_by=legal)
    response = _signed_in(legal).post(
        reverse(URL), {"application": [one.pk, 999_999], "group": group.pk}
    )
    assert response.status_code == 404
    assert _members(group) == set()


@pytest.mark.parametrize(
    ("data", "problem"),
    [({}, "Tick the Civil Parties to add first."), ({"application": ["1"]}, "required")],
)
def test_a_selection_that_does_not_read_is_sent_back_with_what_is_wrong(legal, data, problem):
    response = _signed_in(legal).post(reverse(URL), data)
    assert response.status_code == 302
    assert any(problem in m for m in _messages(response))


def test_the_list_offers_the_ticking_and_the_groups(legal, case, group):
    [one] = civil_parties(case, 1, created_by=legal)
    page = _signed_in(legal).get(reverse("representation:without_lawyer")).text
    assert f'action="{reverse(URL)}"' in page and "csrfmiddlewaretoken" in page
    assert 'data-select-all="application"' in page
    assert f'name="application" value="{one.pk}"' in page
    assert f'<option value="{group.pk}">{case.number} · {group} · {group.lawyer}</option>' in page


def test_the_selection_without_the_csrf_token_is_refused(legal, case, group):
    [one] = civil_parties(case, 1, created_by=legal)
    client = Client(enforce_csrf_checks=True)
    client.force_login(legal)
    assert (
        client.post(reverse(URL), {"application": [one.pk], "group": group.pk}).status_code == 403
    )
    assert _members(group) == set()


def test_a_get_of_the_selection_is_refused(legal):
    assert _signed_in(legal).get(reverse(URL)).status_code == 405

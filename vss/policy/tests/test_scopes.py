"""Each scope table, for each role: which applications, forms, people, referrals,
contacts and lawyers a user of that role reaches in one small registry."""

from types import SimpleNamespace

import pytest

from vss import policy
from vss.accounts.models import Role
from vss.applications.models import Application, Status, VictimInformationForm
from vss.people.models import Person
from vss.policy.applications import APPLICATION_SCOPE, FORM_SCOPE
from vss.policy.contacts import CONTACT_SCOPE
from vss.policy.people import PEOPLE_SCOPE
from vss.policy.reparations import PLEDGE_SCOPE
from vss.policy.representation import LAWYER_SCOPE, lawyer_id_of, led_case_ids
from vss.policy.support import REFERRAL_SCOPE
from vss.proceedings.models import Case
from vss.representation.models import Lawyer, LeadCoLawyerAppointment
from vss.support.models import Contact, Referral
from vss.testing.factories import (
    ApplicationFactory,
    ContactFactory,
    PersonFactory,
    ReferralFactory,
    RepresentationFactory,
)

STAFF = ["chief", "intake", "legal", "reparations", "outreach"]
EVERYONE = [*STAFF, "auditor", "intermediary", "lawyer", "lead_co_lawyer", "partner", "donor"]


def test_the_tables_name_only_the_roles_that_see_part() -> None:
    assert set(FORM_SCOPE) == set(APPLICATION_SCOPE) == {Role.INTERMEDIARY, Role.LAWYER}
    assert set(PEOPLE_SCOPE) == {Role.INTERMEDIARY, Role.LAWYER, Role.PARTNER}
    assert set(REFERRAL_SCOPE) == {Role.PARTNER}
    assert set(CONTACT_SCOPE) == {Role.LAWYER, Role.PARTNER}
    assert LAWYER_SCOPE == {}
    # Who gave what: the Section's staff all of it, a donor its own, the others none.
    assert set(PLEDGE_SCOPE) == {Role.DONOR, Role.LAWYER, Role.PARTNER}


@pytest.fixture
def registry(intermediary, lawyer, lead_co_lawyer, partner, outreach):
    """A form an intermediary entered; a client of `lawyer`; a Civil Party of the case
    `lead_co_lawyer` leads whom no one represents; a person referred to `partner`; and a
    contact logged by staff, by the lawyer and by the partner."""
    entered = ApplicationFactory.create(
        form__entered_by_organisation=intermediary.organisation,
        form__applicant=PersonFactory.create(family_name_latin="ENTERED"),
    )
    client = RepresentationFactory.create(
        lawyer=lawyer.lawyer,
        application__form__applicant=PersonFactory.create(family_name_latin="CLIENT"),
    ).application
    led = ApplicationFactory.create(
        status=Status.ADMITTED,
        form__applicant=PersonFactory.create(family_name_latin="LED"),
    )
    referral = ReferralFactory.create(
        partner=partner.organisation,
        consent__person=PersonFactory.create(family_name_latin="REFERRED"),
    )
    contacts = SimpleNamespace(
        staff=ContactFactory.create(person=client.applicant, contacted_by=outreach),
        lawyer=ContactFactory.create(person=client.applicant, contacted_by=lawyer),
        partner=ContactFactory.create(person=referral.person, contacted_by=partner),
    )
    return SimpleNamespace(
        entered=entered, client=client, led=led, referral=referral, contacts=contacts
    )


def _in_scope(function, user, queryset):
    return set(function(user, queryset))


def _expect(table, name):
    for names, expected in table.items():
        if name in names:
            return expected
    raise AssertionError(f"{name} has no expectation")


@pytest.mark.parametrize("name", EVERYONE)
@pytest.mark.parametrize("read_as_ids", [True, False], ids=["small scope", "large scope"])
def test_applications_and_forms(request, registry, name, read_as_ids, monkeypatch) -> None:
    # A scope of up to SCOPE_AS_IDS applications is given by its ids, a larger one as a
    # subquery: both keep the same applications.
    if not read_as_ids:
        monkeypatch.setattr("vss.policy.applications.SCOPE_AS_IDS", 0)
    r = registry
    every = {r.entered, r.client, r.led}
    expected = _expect(
        {
            tuple(STAFF): every,
            ("auditor", "partner", "donor"): set(),
            ("intermediary",): {r.entered},
            ("lawyer",): {r.client},
            # The consolidated group: every Civil Party of the case, the client included.
            ("lead_co_lawyer",): {r.client, r.led},
        },
        name,
    )
    user = request.getfixturevalue(name)
    applications = Application.objects.filter(pk__in=[a.pk for a in every])
    assert _in_scope(policy.applications_in_scope, user, applications) == expected
    forms = VictimInformationForm.objects.filter(pk__in=[a.form_id for a in every])
    assert _in_scope(policy.forms_in_scope, user, forms) == {a.form for a in expected}


@pytest.mark.parametrize("name", EVERYONE)
def test_people(request, registry, name) -> None:
    r = registry
    entered, client, led = r.entered.applicant, r.client.applicant, r.led.applicant
    referred = r.referral.person
    expected = _expect(
        {
            tuple(STAFF): {entered, client, led, referred},
            ("auditor", "donor"): set(),
            ("intermediary",): {entered},
            ("lawyer",): {client},
            ("lead_co_lawyer",): {client, led},
            ("partner",): {referred},
        },
        name,
    )
    people = Person.objects.filter(pk__in=[entered.pk, client.pk, led.pk, referred.pk])
    assert _in_scope(policy.people_in_scope, request.getfixturevalue(name), people) == expected


@pytest.mark.parametrize("name", EVERYONE)
def test_referrals(request, registry, name) -> None:
    expected = _expect(
        {
            ("chief", "intake", "legal", "outreach", "partner"): {registry.referral},
            ("reparations", "auditor", "intermediary", "lawyer", "lead_co_lawyer", "donor"): set(),
        },
        name,
    )
    user = request.getfixturevalue(name)
    assert _in_scope(policy.referrals_in_scope, user, Referral.objects.all()) == expected


def test_a_withdrawn_consent_takes_the_referral_from_the_partner(registry, partner) -> None:
    consent = registry.referral.consent
    consent.withdrawn_on = consent.given_on
    consent.save()
    assert not policy.referrals_in_scope(partner, Referral.objects.all()).exists()


def test_a_partner_does_not_reach_another_partners_referrals(registry, other_partner) -> None:
    assert not policy.referrals_in_scope(other_partner, Referral.objects.all()).exists()


@pytest.mark.parametrize("name", EVERYONE)
def test_contacts(request, registry, name) -> None:
    c = registry.contacts
    expected = _expect(
        {
            tuple(STAFF): {c.staff, c.lawyer, c.partner},
            ("auditor", "intermediary", "donor"): set(),
            ("lawyer",): {c.staff, c.lawyer},
            ("lead_co_lawyer",): {c.staff},
            ("partner",): {c.staff, c.partner},
        },
        name,
    )
    user = request.getfixturevalue(name)
    assert _in_scope(policy.contacts_in_scope, user, Contact.objects.all()) == expected


@pytest.mark.parametrize("name", EVERYONE)
def test_people_written_about(request, registry, name) -> None:
    r = registry
    entered, client, led = r.entered.applicant, r.client.applicant, r.led.applicant
    referred = r.referral.person
    expected = _expect(
        {
            tuple(STAFF): {entered, client, led, referred},
            ("auditor", "intermediary", "lead_co_lawyer", "donor"): set(),
            # A lawyer writes about their clients only, not the group they read.
            ("lawyer",): {client},
            ("partner",): {referred},
        },
        name,
    )
    people = Person.objects.filter(pk__in=[entered.pk, client.pk, led.pk, referred.pk])
    assert _in_scope(policy.contact_people, request.getfixturevalue(name), people) == expected


@pytest.mark.parametrize("name", EVERYONE)
def test_lawyers(request, registry, name) -> None:
    user = request.getfixturevalue(name)
    reached = policy.lawyers_in_scope(user, Lawyer.objects.all()).exists()
    assert reached is (name in ["chief", "intake", "legal", "reparations", "outreach"])


def test_a_small_scope_is_given_to_the_query_by_its_ids(registry, lawyer) -> None:
    sql = str(policy.applications_in_scope(lawyer, Application.objects.all()).query)
    assert "representation" not in sql
    assert str(registry.client.pk) in sql


def test_a_large_scope_stays_a_subquery(registry, lawyer, monkeypatch) -> None:
    monkeypatch.setattr("vss.policy.applications.SCOPE_AS_IDS", 0)
    sql = str(policy.applications_in_scope(lawyer, Application.objects.all()).query)
    assert "representation_representation" in sql


def test_a_lead_co_lawyer_of_a_trial_segment_leads_the_case_it_was_severed_from(
    lead_co_lawyer,
) -> None:
    lawyer_id = lawyer_id_of(lead_co_lawyer)
    assert lawyer_id is not None
    appointment = LeadCoLawyerAppointment.objects.get(lawyer_id=lawyer_id, ended_on__isnull=True)
    segment = Case.objects.create(
        number="LED/01",
        title="Segment",
        parent=appointment.case,
        accepts_applications=False,
    )
    LeadCoLawyerAppointment.objects.filter(pk=appointment.pk).update(case=segment)
    assert led_case_ids(lawyer_id) == {segment.pk, appointment.case_id}


def test_a_scope_found_large_is_not_read_again_and_stays_right(
    registry, intermediary, monkeypatch, django_assert_num_queries
) -> None:
    """A large scope is remembered for a while, so that its ids are not read again at
    each page; what it leads to (the subquery) keeps the applications filed since."""
    monkeypatch.setattr("vss.policy.applications.SCOPE_AS_IDS", 0)
    applications = Application.objects.all()
    assert set(policy.applications_in_scope(intermediary, applications)) == {registry.entered}

    with django_assert_num_queries(1):  # the applications, and no ids read first
        assert set(policy.applications_in_scope(intermediary, applications)) == {registry.entered}
    later = ApplicationFactory.create(form__entered_by_organisation=intermediary.organisation)
    assert set(policy.applications_in_scope(intermediary, applications)) == {
        registry.entered,
        later,
    }


def test_a_small_scope_is_read_at_each_page(registry, intermediary) -> None:
    """A list of ids would miss what is filed after it: a small scope is never kept."""
    applications = Application.objects.all()
    assert set(policy.applications_in_scope(intermediary, applications)) == {registry.entered}
    later = ApplicationFactory.create(form__entered_by_organisation=intermediary.organisation)
    assert set(policy.applications_in_scope(intermediary, applications)) == {
        registry.entered,
        later,
    }

"""The possible duplicates on the page of an application nobody at the Section typed: the
live check the officer typing it would have seen, run on the saved applicant."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vss.accounts.models import User
from vss.applications.models import Application, Channel, Status
from vss.audit.models import AuditAction, AuditEntry
from vss.matching.models import DifferentPeople
from vss.matching.tests.test_batch import _population
from vss.matching.tests.test_live import LEGAL_CHECK, _witness
from vss.people.models import Person
from vss.portal.services.applying import online_actor
from vss.testing.factories import (
    ApplicationFactory,
    OrganisationFactory,
    PersonFactory,
    VifFactory,
)

pytestmark = pytest.mark.django_db

TITLE = "Possibly already in the registry"
CHECKED = "possible duplicates of the applicant"


def _namesake(person: Person, **fields) -> Person:
    """Someone with the person's names, sex, year of birth and village."""
    return PersonFactory.create(
        **{
            "family_name_latin": person.family_name_latin,
            "given_name_latin": person.given_name_latin,
            "family_name_km": person.family_name_km,
            "given_name_km": person.given_name_km,
            "sex": person.sex,
            "birth_year": person.birth_year,
            "village": person.village,
            **fields,
        }
    )


def _online(applicant: Person, status: str = Status.RECEIVED) -> Application:
    """An application the public site recorded."""
    form = VifFactory.create(applicant=applicant, channel=Channel.ONLINE, created_by=online_actor())
    return ApplicationFactory.create(form=form, status=status)


def _page(user: User, application: Application) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("applications:detail", args=[application.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _registered() -> Person:
    _population(300, 30)
    return Person.objects.order_by("pk")[0]


def test_an_online_application_shows_the_registered_namesake_not_the_applicant(intake):
    existing = _registered()
    application = _online(_namesake(existing))
    body = _page(intake, application)
    assert TITLE in body
    assert f'data-match="{existing.pk}"' in body and f"/people/{existing.pk}/" in body
    assert f'data-match="{application.applicant_id}"' not in body
    assert "Family name: same" in body and "Place: same village" in body
    assert reverse("matching:queue") in body


def test_a_form_an_intermediary_entered_itself_is_checked(intermediary):
    existing = _registered()
    applicant = _namesake(existing)
    form = VifFactory.create(
        applicant=applicant,
        channel=Channel.INTERMEDIARY,
        intermediary=intermediary.organisation,
        entered_by_organisation=intermediary.organisation,
        created_by=intermediary,
    )
    # An intermediary sees the people of its own forms only: the namesake is one of them.
    VifFactory.create(
        applicant=existing,
        channel=Channel.INTERMEDIARY,
        intermediary=intermediary.organisation,
        entered_by_organisation=intermediary.organisation,
        created_by=intermediary,
    )
    body = _page(intermediary, ApplicationFactory.create(form=form, status=Status.DRAFT))
    assert TITLE in body and f'data-match="{existing.pk}"' in body
    # The queue is for those who review duplicates.
    assert reverse("matching:queue") not in body


def test_a_person_found_to_be_someone_else_is_not_offered_again(intake):
    existing = _registered()
    application = _online(_namesake(existing))
    first, second = sorted((existing.pk, application.applicant_id))
    DifferentPeople.objects.create(person_a_id=first, person_b_id=second, decided_by=intake)
    body = _page(intake, application)
    assert TITLE in body and f'data-match="{existing.pk}"' not in body


def test_an_applicant_like_nobody_registered_is_said_to_match_nobody(intake):
    _population(300, 0)
    applicant = PersonFactory.create(
        family_name_latin="XYZZY", given_name_latin="Qwerty", family_name_km="", given_name_km=""
    )
    body = _page(intake, _online(applicant))
    assert TITLE in body and "data-match=" not in body
    assert "No likely match among the people registered." in body


def test_without_the_identity_right_a_protected_match_is_counted_not_named(intake, chief):
    witness = _witness()
    application = _online(_namesake(witness, is_protected=False))
    body = _page(intake, application)
    assert LEGAL_CHECK in body
    assert "Witness TCW-31" not in body and f"/people/{witness.pk}/" not in body
    assert f'data-match="{witness.pk}"' not in body
    entry = AuditEntry.objects.get(actor=intake, action=AuditAction.SEARCH)
    assert entry.object_label == f"{CHECKED}: a protected record may match"
    assert entry.changes["shown"]["new"] == body.count("data-match=")
    # Who may see the identity is shown whom.
    body = _page(chief, application)
    assert f'data-match="{witness.pk}"' in body and LEGAL_CHECK not in body


def test_the_check_is_audited_as_the_applications_without_the_applicants_name(intake, auditor):
    existing = _registered()
    application = _online(_namesake(existing))
    body = _page(intake, application)
    entry = AuditEntry.objects.get(actor=intake, action=AuditAction.SEARCH)
    assert (entry.object_type, entry.object_id) == ("applications.application", str(application.pk))
    assert entry.object_label == CHECKED
    assert entry.changes == {"shown": {"old": None, "new": body.count("data-match=")}}
    assert entry.changes["shown"]["new"] >= 1
    client = Client()
    client.force_login(auditor)
    assert CHECKED in client.get(reverse("audit:list")).content.decode()


# A paper form an intermediary collected and an officer typed at the Section: the officer
# saw the live check, whatever the channel.
@pytest.mark.parametrize("channel", [Channel.IN_PERSON, Channel.POST, Channel.INTERMEDIARY])
def test_a_form_typed_at_the_section_has_no_panel(intake, channel):
    existing = _registered()
    intermediary = OrganisationFactory.create()
    form = VifFactory.create(
        applicant=_namesake(existing),
        channel=channel,
        intermediary=intermediary if channel == Channel.INTERMEDIARY else None,
        created_by=intake,
    )
    body = _page(intake, ApplicationFactory.create(form=form, status=Status.RECEIVED))
    assert TITLE not in body
    assert not AuditEntry.objects.filter(object_label__startswith=CHECKED).exists()


def test_an_online_form_an_officer_typed_has_no_panel(intake):
    existing = _registered()
    form = VifFactory.create(
        applicant=_namesake(existing), channel=Channel.ONLINE, created_by=intake
    )
    assert TITLE not in _page(intake, ApplicationFactory.create(form=form, status=Status.RECEIVED))


@pytest.mark.parametrize("status", [Status.SCREENED, Status.TRANSMITTED, Status.WITHDRAWN])
def test_a_screened_application_has_no_panel(intake, status):
    existing = _registered()
    assert TITLE not in _page(intake, _online(_namesake(existing), status=status))


@pytest.mark.parametrize("status", [Status.DRAFT, Status.RECEIVED, Status.INCOMPLETE])
def test_an_application_not_yet_screened_has_the_panel(intake, status):
    existing = _registered()
    assert TITLE in _page(intake, _online(_namesake(existing), status=status))


@pytest.mark.parametrize("role", ["legal", "reparations"])
def test_a_role_without_the_right_to_enter_forms_sees_no_panel(request, role):
    existing = _registered()
    application = _online(_namesake(existing))
    user = request.getfixturevalue(role)
    assert TITLE not in _page(user, application)
    assert not AuditEntry.objects.filter(object_label__startswith=CHECKED).exists()


def test_the_panel_reads_as_many_queries_whatever_the_number_of_matches(intake):
    existing = _registered()
    application = _online(_namesake(existing))
    _page(intake, application)  # the first check learns the model

    def counted() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            body = _page(intake, application)
        return len(queries), body.count("data-match=")

    queries, matches = counted()
    for _ in range(3):
        _namesake(existing)
    assert counted() == (queries, matches + 3)

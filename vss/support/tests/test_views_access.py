"""The access matrix of every support page: who gets it, whose records stay out of sight
(404), which role is refused (403), methods (405), CSRF, and constant query counts."""

import datetime
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from vss.people.models import Kinship, Person, Relationship
from vss.support.models import Contact, HealthNote, Referral, ServiceType, SupportSession
from vss.testing.access import AccessMatrix, Attempt, answers
from vss.testing.clients import signed_in
from vss.testing.factories import (
    ApplicationFactory,
    ContactFactory,
    PersonFactory,
    ReferralFactory,
    RepresentationFactory,
)
from vss.testing.personas import STAFF

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
EVERYONE = [
    *STAFF,
    "auditor",
    "intermediary",
    "lawyer",
    "lead_co_lawyer",
    "partner",
    "other_partner",
    "donor",
]
REFERRERS = {"chief", "intake", "legal", "outreach"}
SUPPORT_VIEWERS = REFERRERS | {"partner", "other_partner"}
CONTACT_LOGGERS = set(STAFF) | {"lawyer", "partner", "other_partner"}
# Reads the contact log of the consolidated group of Case 002/02 (staff entries), writes
# in it only about their own clients.
CONTACT_READERS = CONTACT_LOGGERS | {"lead_co_lawyer"}


@dataclass
class World:
    tpo: Referral  # referred to the partner persona's organisation (TPO)
    kk: Referral  # referred to the other partner's (Kdei Karuna)
    client: Person  # the lawyer persona's client, a Civil Party in Case 002/02: so in
    # the consolidated group the Lead Co-Lawyer persona reads, but not their client
    stranger: Person  # nobody's client, referred nowhere


@pytest.fixture
def world(partner, other_partner, lawyer):
    today = timezone.localdate()
    tpo = ReferralFactory.create(
        partner=partner.organisation,
        service=ServiceType.TESTIMONIAL_THERAPY,
        referred_on=today - 30 * DAY,
        consent__given_on=today - 31 * DAY,
    )
    kk = ReferralFactory.create(
        partner=other_partner.organisation,
        referred_on=today - 30 * DAY,
        consent__given_on=today - 31 * DAY,
    )
    client = RepresentationFactory.create(lawyer=lawyer.lawyer).application.applicant
    return World(tpo=tpo, kk=kk, client=client, stranger=ApplicationFactory.create().applicant)


# --- GET pages -------------------------------------------------------------------------------


def _statuses(allowed: set[str], status: int = 200, **exceptions: int) -> dict[str, int]:
    return {name: status if name in allowed else 403 for name in EVERYONE} | exceptions


GET_URLS = {
    "support:referral_list": lambda w: reverse("support:referral_list"),
    "support:referral_detail": lambda w: reverse("support:referral_detail", args=[w.tpo.pk]),
    "support:referral_create": lambda w: reverse("support:referral_create", args=[w.stranger.pk]),
    "support:consent_withdraw": lambda w: reverse(
        "support:consent_withdraw", args=[w.tpo.consent_id]
    ),
}
GET_MATRIX = AccessMatrix(
    {
        "support:referral_list": _statuses(SUPPORT_VIEWERS),
        # TPO's referral is out of Kdei Karuna's sight.
        "support:referral_detail": _statuses(SUPPORT_VIEWERS, other_partner=404),
        "support:referral_create": _statuses(REFERRERS),
        "support:consent_withdraw": _statuses(REFERRERS),
    }
)


def test_each_page_answers_each_persona_as_the_policy_says(request, world):
    assert answers(request, GET_MATRIX, lambda page: GET_URLS[page](world)) == GET_MATRIX


@pytest.mark.parametrize("name", ["partner", *sorted(REFERRERS)])
def test_referral_list(request, world, name):
    response = signed_in(request, name).get(reverse("support:referral_list"))
    if name == "partner":
        assert [r.pk for r in response.context["page"].object_list] == [world.tpo.pk]
    else:
        assert {r.pk for r in response.context["page"].object_list} == {world.tpo.pk, world.kk.pk}


def test_referral_list_filters(request, world, partner):
    client = signed_in(request, "chief")
    url = reverse("support:referral_list")
    by_partner = client.get(url, {"partner": partner.organisation_id})
    assert [r.pk for r in by_partner.context["page"].object_list] == [world.tpo.pk]
    by_service = client.get(url, {"service": ServiceType.COUNSELLING})
    assert [r.pk for r in by_service.context["page"].object_list] == [world.kk.pk]
    closed = client.get(url, {"status": "closed"})
    assert list(closed.context["page"].object_list) == []


def test_referral_list_shows_pseudonyms_of_protected_people(request, world):
    """To staff without the right; the partner the person agreed to be referred to needs
    the name to meet them."""
    Person.objects.filter(pk=world.tpo.person_id).update(is_protected=True, pseudonym="TP-0042")
    url = reverse("support:referral_list")
    partner_page = signed_in(request, "partner").get(url).content.decode()
    assert "TP-0042" not in partner_page
    assert "SOK" in partner_page
    intake_page = signed_in(request, "intake").get(url).content.decode()
    assert "TP-0042" in intake_page
    chief_page = signed_in(request, "chief").get(url).content.decode()
    assert "TP-0042" not in chief_page


def test_a_partner_opens_its_own_referral(request, world):
    client = signed_in(request, "other_partner")
    assert client.get(reverse("support:referral_detail", args=[world.kk.pk])).status_code == 200


@pytest.mark.parametrize("name", EVERYONE)
def test_person_page_shows_support_to_those_who_may_see_it(request, world, name):
    client = signed_in(request, name)
    person = world.client if name in ("lawyer", "lead_co_lawyer") else world.tpo.person
    response = client.get(reverse("people:detail", args=[person.pk]))
    if name in ("auditor", "intermediary", "other_partner", "donor"):
        assert response.status_code in (403, 404)
        return
    assert response.status_code == 200
    body = response.content.decode()
    assert ('id="support"' in body) == (name in SUPPORT_VIEWERS)
    assert ('id="contacts"' in body) == (name in CONTACT_READERS)
    contact_form = reverse("support:contact_add", args=[person.pk]) in body
    assert contact_form == (name in CONTACT_LOGGERS)
    assert (reverse("support:referral_create", args=[person.pk]) in body) == (name in REFERRERS)


def test_a_partner_does_not_see_whom_the_person_named_in_their_forms(request, world):
    relative = PersonFactory.create(family_name_latin="KINNAMED", given_name_latin="Dara")
    Kinship.objects.create(
        person=world.tpo.person, relative=relative, relationship=Relationship.PARENT
    )
    url = reverse("people:detail", args=[world.tpo.person.pk])
    assert "KINNAMED" not in signed_in(request, "partner").get(url).content.decode()
    assert "KINNAMED" in signed_in(request, "intake").get(url).content.decode()


def test_lawyer_sees_no_other_persons_page(request, world):
    client = signed_in(request, "lawyer")
    assert client.get(reverse("people:detail", args=[world.stranger.pk])).status_code == 404


# --- POST actions ----------------------------------------------------------------------------


def _session_post(world):
    return (
        reverse("support:session_add", args=[world.tpo.pk]),
        {"kind": "session", "held_on": timezone.localdate().isoformat(), "attended": "on"},
    )


def _contact(request, attempt: Attempt) -> dict[str, object]:
    return {
        "happened_on": timezone.localdate().isoformat(),
        "channel": "phone",
        "contacted_by": request.getfixturevalue(attempt.persona).pk,
        "summary": "Called about the hearing",
    }


POST_URLS = {
    "support:session_add": lambda w: _session_post(w)[0],
    # Lawyers log contacts about their own clients, everyone else about TPO's referral.
    "support:contact_add": lambda w: reverse("support:contact_add", args=[w.tpo.person.pk]),
    "support:contact_add (a lawyer's client)": lambda w: reverse(
        "support:contact_add", args=[w.client.pk]
    ),
    "support:note_add": lambda w: reverse("support:note_add", args=[w.tpo.pk]),
    "support:referral_close": lambda w: reverse("support:referral_close", args=[w.tpo.pk]),
}
LAWYERS = ["lawyer", "lead_co_lawyer"]
CONTACTS = _statuses(CONTACT_LOGGERS, 302, other_partner=404)
POST_MATRIX = AccessMatrix(
    {
        "support:session_add": _statuses({"partner"}, 302, other_partner=404),
        "support:contact_add": {name: CONTACTS[name] for name in EVERYONE if name not in LAWYERS},
        "support:contact_add (a lawyer's client)": {name: CONTACTS[name] for name in LAWYERS},
        # Only the partner the person was referred to writes in the referral.
        "support:note_add": _statuses({"partner"}, 302, other_partner=404),
        "support:referral_close": _statuses({"partner"}, 302, other_partner=404),
    }
)
CLOSURE = {
    "closed_on": timezone.localdate().isoformat(),
    "reason": "Moved to Thailand",
    "without_ceremony": "on",
}


def test_each_state_changing_url_answers_each_persona_as_the_policy_says(request, world):
    bodies = {
        "support:session_add": lambda attempt: _session_post(world)[1],
        "support:contact_add": lambda attempt: _contact(request, attempt),
        "support:contact_add (a lawyer's client)": lambda attempt: _contact(request, attempt),
        "support:note_add": lambda attempt: {"text": "Sleeps better"},
        # The page as it would be opened now, version included.
        "support:referral_close": lambda attempt: {
            **CLOSURE,
            "version": Referral.objects.get(pk=world.tpo.pk).version,
        },
    }
    met = answers(
        request,
        POST_MATRIX,
        lambda name: POST_URLS[name](world),
        method="post",
        data=lambda attempt: bodies[attempt.row](attempt),
    )
    assert met == POST_MATRIX
    # Each persona answered 302 recorded one row, and no one else recorded any.
    for row, model in [
        ("support:session_add", SupportSession),
        ("support:contact_add", Contact),
        ("support:contact_add (a lawyer's client)", Contact),
    ]:
        recorded = {
            who: model.objects.filter(recorded_by=request.getfixturevalue(who)).count()
            for who in POST_MATRIX[row]
        }
        assert recorded == {who: int(status == 302) for who, status in POST_MATRIX[row].items()}, (
            row
        )
    written = {
        who: HealthNote.objects.filter(author=request.getfixturevalue(who)).count()
        for who in POST_MATRIX["support:note_add"]
    }
    assert written == {who: int(who == "partner") for who in POST_MATRIX["support:note_add"]}
    world.tpo.refresh_from_db()
    assert (world.tpo.status, world.tpo.closure_reason) == ("closed", "Moved to Thailand")


def test_closing_testimonial_therapy_without_confirmation_redisplays_the_form(request, world):
    url = reverse("support:referral_close", args=[world.tpo.pk])
    data = {
        "closed_on": timezone.localdate().isoformat(),
        "reason": "Moved to Thailand",
        "version": world.tpo.version,
    }
    response = signed_in(request, "partner").post(url, data)
    assert response.status_code == 400
    assert "Moved to Thailand" in response.content.decode()
    assert response.context["closure_form"].errors["without_ceremony"]
    world.tpo.refresh_from_db()
    assert world.tpo.status == "open"


@pytest.mark.parametrize("ceremony_held", [False, True], ids=["counselling", "after-ceremony"])
def test_closing_with_no_ceremony_pending_asks_no_confirmation(request, world, ceremony_held):
    """The form has no "without ceremony" box then: the closure must not need it."""
    referral = world.tpo
    if ceremony_held:
        held_on = timezone.localdate() - 2 * DAY
        for kind in ("session", "ceremony"):
            SupportSession.objects.create(
                referral=referral, kind=kind, held_on=held_on, recorded_by=world.tpo.referred_by
            )
    else:
        Referral.objects.filter(pk=referral.pk).update(service=ServiceType.COUNSELLING)
    url = reverse("support:referral_close", args=[referral.pk])
    data = {
        "closed_on": timezone.localdate().isoformat(),
        "reason": "Therapy completed",
        "version": referral.version,
    }
    response = signed_in(request, "partner").post(url, data)
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "closed"
    assert referral.closure_reason == "Therapy completed"


def test_bad_session_redisplays_the_form_with_what_was_typed(request, world):
    url = reverse("support:session_add", args=[world.tpo.pk])
    data = {"kind": "ceremony", "held_on": timezone.localdate().isoformat(), "outcome": "typed"}
    response = signed_in(request, "partner").post(url, data)
    assert response.status_code == 400
    assert response.context["session_form"].errors["kind"]
    assert "typed" in response.content.decode()


@pytest.mark.parametrize("name", ["lawyer", "lead_co_lawyer", "partner"])
def test_contact_add_out_of_scope(request, world, name):
    url = reverse("support:contact_add", args=[world.stranger.pk])
    response = signed_in(request, name).post(url, {"summary": "x"})
    assert response.status_code == 404


def test_contact_add_by_htmx_answers_the_log(request, world, outreach):
    url = reverse("support:contact_add", args=[world.tpo.person_id])
    data = {
        "happened_on": timezone.localdate().isoformat(),
        "channel": "visit",
        "contacted_by": outreach.pk,
        "summary": "Visited at home",
    }
    response = signed_in(request, "outreach").post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith('<section id="contacts">')
    assert "Visited at home" in body
    bad = signed_in(request, "outreach").post(url, {"summary": "kept"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 200
    assert "kept" in bad.content.decode()
    assert bad.context["contact_form"].errors
    assert Contact.objects.count() == 1


def test_contact_add_without_htmx_redisplays_errors(request, world):
    url = reverse("support:contact_add", args=[world.tpo.person_id])
    response = signed_in(request, "outreach").post(url, {"summary": "kept"})
    assert response.status_code == 400
    assert "kept" in response.content.decode()


FOLLOW_UP_MATRIX = AccessMatrix(
    {
        # Done by the one responsible for the follow-up; to anyone else who logs contacts
        # it is not theirs (404).
        "support:follow_up_done": _statuses(CONTACT_READERS, 404, outreach=302),
    }
)


def test_a_follow_up_is_done_by_the_one_responsible_for_it(request, world, outreach):
    contact = ContactFactory.create(
        person=world.tpo.person,
        contacted_by=outreach,
        follow_up_on=timezone.localdate(),
        follow_up_user=outreach,
    )
    url = reverse("support:follow_up_done", args=[contact.pk])
    assert answers(request, FOLLOW_UP_MATRIX, lambda row: url, method="post") == FOLLOW_UP_MATRIX
    contact.refresh_from_db()
    assert contact.follow_up_done_at is not None


POST_ONLY = ["session_add", "note_add", "referral_close", "contact_add", "follow_up_done"]


@pytest.mark.parametrize("view", POST_ONLY)
def test_post_only_urls_refuse_get(request, world, view):
    pk = world.tpo.person_id if view == "contact_add" else world.tpo.pk
    response = signed_in(request, "partner").get(reverse(f"support:{view}", args=[pk]))
    assert response.status_code == 405


@pytest.mark.parametrize(
    "url",
    [
        lambda w: reverse("support:session_add", args=[w.tpo.pk]),
        lambda w: reverse("support:note_add", args=[w.tpo.pk]),
        lambda w: reverse("support:referral_close", args=[w.tpo.pk]),
        lambda w: reverse("support:contact_add", args=[w.tpo.person_id]),
        lambda w: reverse("support:referral_create", args=[w.stranger.pk]),
        lambda w: reverse("support:consent_withdraw", args=[w.tpo.consent_id]),
    ],
)
def test_csrf_is_enforced(request, world, url):
    for name in ("partner", "chief"):
        client = signed_in(request, name, enforce_csrf_checks=True)
        assert client.post(url(world), {}).status_code == 403
    assert SupportSession.objects.count() == 0


def test_csrf_is_enforced_on_follow_up_done(request, world, outreach):
    contact = ContactFactory.create(
        person=world.tpo.person,
        contacted_by=outreach,
        follow_up_on=timezone.localdate(),
        follow_up_user=outreach,
    )
    client = signed_in(request, "outreach", enforce_csrf_checks=True)
    assert client.post(reverse("support:follow_up_done", args=[contact.pk])).status_code == 403
    contact.refresh_from_db()
    assert contact.follow_up_done_at is None


def test_after_the_ceremony_the_page_offers_no_session_form(request, world, partner):
    from vss.support import services

    today = timezone.localdate()
    for kind, days_ago in (("session", 10), ("ceremony", 2)):
        services.session_record(
            actor=partner,
            referral=world.tpo,
            kind=kind,
            held_on=today - days_ago * DAY,
            attended=True,
        )
    response = signed_in(request, "partner").get(
        reverse("support:referral_detail", args=[world.tpo.pk])
    )
    assert "session_form" not in response.context
    assert "closure_form" in response.context
    assert "without_ceremony" not in response.context["closure_form"].fields


# --- the referral form -----------------------------------------------------------------------


def test_refer_with_new_consent(request, world, partner):
    url = reverse("support:referral_create", args=[world.stranger.pk])
    today = timezone.localdate().isoformat()
    data = {
        "partner": partner.organisation_id,
        "service": ServiceType.SELF_HELP_GROUP,
        "referred_on": today,
        "consent": "new",
        "given_by": "The person, at the forum",
        "given_on": today,
        "covers": "Self-help group; name and village shared with TPO",
    }
    response = signed_in(request, "outreach").post(url, data)
    referral = Referral.objects.get(person=world.stranger)
    assert response.status_code == 302
    assert response.url == reverse("support:referral_detail", args=[referral.pk])
    assert referral.consent.given_by == "The person, at the forum"


def test_refer_without_consent_redisplays_the_form(request, world, partner):
    url = reverse("support:referral_create", args=[world.stranger.pk])
    data = {
        "partner": partner.organisation_id,
        "service": ServiceType.COUNSELLING,
        "referred_on": timezone.localdate().isoformat(),
        "reason": "typed reason",
        "consent": "new",
    }
    response = signed_in(request, "outreach").post(url, data)
    assert response.status_code == 400
    assert "typed reason" in response.content.decode()
    assert set(response.context["form"].errors) == {"given_by", "given_on", "covers"}
    assert not Referral.objects.filter(person=world.stranger).exists()


def test_refer_reusing_a_consent_and_withdrawn_consents_are_not_offered(request, world, partner):
    person, consent = world.tpo.person, world.tpo.consent
    url = reverse("support:referral_create", args=[person.pk])
    data = {
        "partner": partner.organisation_id,
        "service": ServiceType.COUNSELLING,
        "referred_on": timezone.localdate().isoformat(),
        "consent": str(consent.pk),
    }
    client = signed_in(request, "outreach")
    assert client.post(url, data).status_code == 302
    withdraw = reverse("support:consent_withdraw", args=[consent.pk])
    response = client.post(
        withdraw, {"withdrawn_on": timezone.localdate().isoformat(), "note": "By phone, to me"}
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate()
    form = client.get(url).context["form"]
    assert str(consent.pk) not in dict(form.fields["consent"].choices)
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert Referral.objects.filter(consent=consent).count() == 2
    # The referrals resting on it are closed and leave the partner's hands; the VSS
    # still sees them, with the withdrawal.
    assert set(Referral.objects.filter(consent=consent).values_list("status", flat=True)) == {
        "closed"
    }
    referral_url = reverse("support:referral_detail", args=[world.tpo.pk])
    assert signed_in(request, "partner").get(referral_url).status_code == 404
    person_url = reverse("people:detail", args=[person.pk])
    assert signed_in(request, "partner").get(person_url).status_code == 404
    assert "withdrew the consent" in client.get(referral_url).content.decode()


# --- query counts ----------------------------------------------------------------------------


def _more_referrals(partner, n: int) -> None:
    today = timezone.localdate()
    for _ in range(n):
        ReferralFactory.create(
            partner=partner.organisation,
            referred_on=today - 3 * DAY,
            consent__given_on=today - 4 * DAY,
        )


@pytest.mark.parametrize("name", ["chief", "partner"])
def test_referral_list_query_count_does_not_grow(
    request, world, partner, name, django_assert_num_queries
):
    client = signed_in(request, name)
    url = reverse("support:referral_list")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _more_referrals(partner, 6)
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    assert len(response.context["page"].object_list) >= 7


def test_person_page_query_count_does_not_grow_with_contacts(
    request, world, outreach, django_assert_num_queries
):
    client = signed_in(request, "outreach")
    url = reverse("people:detail", args=[world.tpo.person_id])
    # The process's first page with free text reads the protected people's names once.
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        ContactFactory.create(
            person=world.tpo.person,
            contacted_by=outreach,
            follow_up_on=timezone.localdate(),
            follow_up_user=outreach,
        )
    with django_assert_num_queries(len(few)):
        client.get(url)


def test_home_query_count_does_not_grow_with_follow_ups(
    request, world, outreach, django_assert_num_queries
):
    client = signed_in(request, "outreach")
    url = reverse("core:home")
    ContactFactory.create(
        person=world.tpo.person,
        contacted_by=outreach,
        follow_up_on=timezone.localdate(),
        follow_up_user=outreach,
    )
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        ContactFactory.create(
            person=ApplicationFactory.create().applicant,
            contacted_by=outreach,
            follow_up_on=timezone.localdate(),
            follow_up_user=outreach,
        )
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    assert len(response.context["follow_ups"]) == 6

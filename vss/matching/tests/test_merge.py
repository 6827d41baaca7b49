"""Merging two records into one person, and undoing it exactly."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vss.applications.models import Application, Harm, Status, VictimInformationForm
from vss.audit.models import AuditAction, AuditEntry
from vss.matching.models import (
    CandidateStatus,
    DifferentPeople,
    MatchCandidate,
    MatchRun,
    PersonMerge,
)
from vss.matching.services import people_mark_different, persons_merge, persons_unmerge
from vss.people.models import Kinship, Person, PersonName
from vss.representation.models import ConflictOfInterest, Representation
from vss.representation.services import representation_add
from vss.support.models import Consent, Contact, Referral
from vss.testing.factories import (
    ApplicationFactory,
    CaseFactory,
    ContactFactory,
    LawyerFactory,
    PersonFactory,
    ReferralFactory,
    VifFactory,
)

pytestmark = pytest.mark.django_db


def _state() -> dict:
    """Everything a merge may touch, as plain values."""
    return {
        "forms": sorted(VictimInformationForm.objects.values_list("pk", "applicant_id")),
        "applications": sorted(Application.objects.values_list("pk", "applicant_id", "status")),
        "harms": sorted(Harm.objects.values_list("pk", "relative_id")),
        "kinships": sorted(
            Kinship.objects.values_list("pk", "person_id", "relative_id", "relationship")
        ),
        "names": sorted(
            PersonName.objects.values_list(
                "pk", "person_id", "is_alias", "family_name", "given_name"
            )
        ),
        "people": sorted(
            Person.objects.values_list(
                "pk", "archived_at", "archived_by", "archive_reason", "is_protected", "pseudonym"
            )
        ),
        "candidates": sorted(MatchCandidate.objects.values_list("pk", "status")),
        "conflicts": sorted(ConflictOfInterest.objects.values_list("pk", "person_id")),
        "consents": sorted(Consent.objects.values_list("pk", "person_id")),
        "referrals": sorted(Referral.objects.values_list("pk", "person_id", "consent_id")),
        "contacts": sorted(Contact.objects.values_list("pk", "person_id")),
    }


@pytest.fixture
def duplicate_pair(legal):
    """The same woman filed twice: once in person in 002, once through an NGO in 004,
    with a relative named in each, a harm naming her, and a pending candidate."""
    first = PersonFactory.create(
        family_name_latin="SOK", given_name_latin="Theary", names=[("SOKH", "Teary")]
    )
    second = PersonFactory.create(
        family_name_latin="SOKH", given_name_latin="Teary", family_name_km="", given_name_km=""
    )
    ApplicationFactory.create(
        form=VifFactory.create(applicant=first), case=CaseFactory.create(number="002")
    )
    second_application = ApplicationFactory.create(
        form=VifFactory.create(applicant=second), case=CaseFactory.create(number="004")
    )
    mother = PersonFactory.create(given_name_latin="Mom")
    Kinship.objects.create(person=second, relative=mother, relationship="parent")
    Kinship.objects.create(
        person=first, relative=second, relationship="other"
    )  # a mistake to be cleaned
    child = PersonFactory.create(given_name_latin="Dara")
    Harm.objects.create(
        form=second_application.form,
        kind="psychological",
        victim_type="indirect",
        relative=child,
        relationship="child",
    )
    other_form = VifFactory.create(applicant=child)
    Harm.objects.create(
        form=other_form,
        kind="material",
        victim_type="indirect",
        relative=second,
        relationship="parent",
    )
    run = MatchRun.objects.create(started_by=legal, status="done")
    candidate = MatchCandidate.objects.create(
        run=run,
        person_a=min(first, second, key=lambda p: p.pk),
        person_b=max(first, second, key=lambda p: p.pk),
        probability=0.97,
        weight=18.2,
        explanation=[],
        cluster=1,
    )
    return first, second, candidate


def test_the_survivor_takes_every_application_form_harm_kinship_and_name(legal, duplicate_pair):
    first, second, candidate = duplicate_pair
    second_names = list(second.names.values_list("family_name", "given_name"))
    merge = persons_merge(
        actor=legal, survivor=first, merged=second, reason="Same ID card", candidate=candidate
    )

    assert set(
        Application.objects.filter(applicant=first).values_list("case__number", flat=True)
    ) == {"002", "004"}
    assert not VictimInformationForm.objects.filter(applicant=second).exists()
    assert not Harm.objects.filter(relative=second).exists()
    assert Kinship.objects.filter(person=first, relative__given_name_latin="Mom").exists()
    aliases = set(first.names.filter(is_alias=True).values_list("family_name", "given_name"))
    assert set(second_names) <= aliases
    second.refresh_from_db()
    assert second.archived_at is not None and str(first.pk) in second.archive_reason
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.MERGED
    assert merge.moved["applications"] and merge.moved["names"]
    actions = set(
        AuditEntry.objects.filter(action=AuditAction.MERGE).values_list("object_id", flat=True)
    )
    assert actions == {str(first.pk), str(second.pk)}


def test_unmerge_restores_exactly_what_was_there(legal, chief, duplicate_pair):
    first, second, candidate = duplicate_pair
    before = _state()
    merge = persons_merge(
        actor=legal,
        survivor=first,
        merged=second,
        candidate=candidate,
        reason="The same ID card number",
    )
    assert _state() != before
    persons_unmerge(actor=chief, merge=merge, reason="Two sisters after all")
    assert _state() == before
    merge.refresh_from_db()
    assert merge.undone_by == chief and merge.undo_reason == "Two sisters after all"
    assert AuditEntry.objects.filter(action=AuditAction.UNMERGE).count() == 2


def test_a_merge_is_undone_once_and_with_a_reason(legal, duplicate_pair):
    first, second, _candidate = duplicate_pair
    merge = persons_merge(
        actor=legal, survivor=first, merged=second, reason="The same ID card number"
    )
    with pytest.raises(ValidationError):
        persons_unmerge(actor=legal, merge=merge, reason="  ")
    persons_unmerge(actor=legal, merge=merge, reason="wrong")
    with pytest.raises(ValidationError):
        persons_unmerge(actor=legal, merge=merge, reason="again")


def test_two_applications_in_one_case_block_the_merge_until_one_is_withdrawn(legal, duplicate_pair):
    first, second, _candidate = duplicate_pair
    case = Application.objects.get(applicant=first).case
    clash = ApplicationFactory.create(
        form=VifFactory.create(applicant=second), case=case, status=Status.RECEIVED
    )
    with pytest.raises(ValidationError, match="Both records have an application"):
        persons_merge(actor=legal, survivor=first, merged=second, reason="The same ID card number")
    assert not PersonMerge.objects.exists()
    assert Application.objects.get(pk=clash.pk).applicant == second


def test_only_legal_officers_and_the_chief_decide(intake, duplicate_pair):
    first, second, _candidate = duplicate_pair
    with pytest.raises(PermissionDenied):
        persons_merge(actor=intake, survivor=first, merged=second, reason="The same ID card number")
    with pytest.raises(PermissionDenied):
        people_mark_different(actor=intake, person_a=first, person_b=second, reason="Not mine")


def test_different_people_are_remembered_and_close_the_pair(legal, duplicate_pair):
    first, second, candidate = duplicate_pair
    people_mark_different(actor=legal, person_a=second, person_b=first, reason="Father and son")
    decision = DifferentPeople.objects.get()
    assert (decision.person_a_id, decision.person_b_id) == tuple(sorted((first.pk, second.pk)))
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.DIFFERENT
    # Deciding twice changes nothing.
    people_mark_different(actor=legal, person_a=first, person_b=second, reason="Checked again")
    assert DifferentPeople.objects.count() == 1


def test_an_archived_record_cannot_be_merged_again(legal, duplicate_pair):
    first, second, _candidate = duplicate_pair
    persons_merge(actor=legal, survivor=first, merged=second, reason="The same ID card number")
    third = PersonFactory.create()
    with pytest.raises(ValidationError, match="archived"):
        persons_merge(actor=legal, survivor=third, merged=second, reason="The same ID card number")


@pytest.fixture
def other_sections_records(duplicate_pair, chief, outreach):
    """What the lawyers' list and psychosocial support recorded about each record: a
    conflict of interest, a consent with a referral, and a logged contact with a
    follow-up."""
    first, second, _candidate = duplicate_pair

    def records(person: Person, label: str) -> dict:
        return {
            "conflict": ConflictOfInterest.objects.create(
                lawyer=LawyerFactory.create(family_name=f"CONFLICTED-{label}"),
                person=person,
                description=f"Represents the accused's family ({label})",
                declared_on=datetime.date(2024, 2, 1),
                declared_by=chief,
            ),
            "referral": ReferralFactory.create(consent__person=person),
            "contact": ContactFactory.create(
                person=person,
                contacted_by=outreach,
                summary=f"CONTACT-OF-{label}",
                follow_up_on=datetime.date(2030, 1, 1),
                follow_up_user=outreach,
            ),
        }

    return records(first, "FIRST"), records(second, "SECOND")


def test_the_survivor_takes_conflicts_consents_referrals_and_contacts(
    legal, duplicate_pair, other_sections_records
):
    first, second, candidate = duplicate_pair
    _kept, folded = other_sections_records
    merge = persons_merge(
        actor=legal,
        survivor=first,
        merged=second,
        candidate=candidate,
        reason="The same ID card number",
    )

    for model in (ConflictOfInterest, Consent, Referral, Contact):
        assert not model.objects.filter(person=second).exists(), model
        assert model.objects.filter(person=first).count() == 2, model
    assert merge.moved["conflicts"] == [folded["conflict"].pk]
    assert merge.moved["consents"] == [folded["referral"].consent_id]
    assert merge.moved["referrals"] == [folded["referral"].pk]
    assert merge.moved["contacts"] == [folded["contact"].pk]
    for entry in AuditEntry.objects.filter(action=AuditAction.MERGE):
        summary = entry.changes["moved"]["new"]
        assert {k: summary[k] for k in ("conflicts", "consents", "referrals", "contacts")} == {
            "conflicts": 1,
            "consents": 1,
            "referrals": 1,
            "contacts": 1,
        }


def test_unmerge_gives_back_exactly_the_conflicts_consents_referrals_and_contacts(
    legal, chief, duplicate_pair, other_sections_records
):
    first, second, candidate = duplicate_pair
    kept, folded = other_sections_records
    before = _state()
    merge = persons_merge(
        actor=legal,
        survivor=first,
        merged=second,
        candidate=candidate,
        reason="The same ID card number",
    )
    persons_unmerge(actor=chief, merge=merge, reason="Two sisters after all")

    assert _state() == before
    assert ConflictOfInterest.objects.get(pk=folded["conflict"].pk).person == second
    assert Referral.objects.get(pk=folded["referral"].pk).person == second
    assert Contact.objects.get(pk=folded["contact"].pk).person == second
    assert Referral.objects.get(pk=kept["referral"].pk).person == first


def test_a_contact_logged_after_the_merge_stays_with_the_person_kept(
    legal, chief, outreach, duplicate_pair
):
    first, second, _candidate = duplicate_pair
    merge = persons_merge(
        actor=legal, survivor=first, merged=second, reason="The same ID card number"
    )
    since = ContactFactory.create(person=first, contacted_by=outreach, summary="After")
    persons_unmerge(actor=chief, merge=merge, reason="Two sisters after all")
    assert Contact.objects.get(pk=since.pk).person == first


def test_a_referral_made_since_on_a_consent_given_back_goes_back_with_it(
    legal, chief, duplicate_pair, other_sections_records
):
    first, second, _candidate = duplicate_pair
    _kept, folded = other_sections_records
    merge = persons_merge(
        actor=legal, survivor=first, merged=second, reason="The same ID card number"
    )
    consent = Consent.objects.get(pk=folded["referral"].consent_id)
    since = ReferralFactory.create(consent=consent, service="self_help_group")
    assert since.person == first

    persons_unmerge(actor=chief, merge=merge, reason="Two sisters after all")

    since.refresh_from_db()
    assert since.person == second == since.consent.person
    entry = AuditEntry.objects.get(action=AuditAction.UNMERGE, object_id=str(first.pk))
    assert entry.changes["referrals_following_consent"]["new"] == [since.pk]


def test_a_conflict_declared_on_the_record_folded_in_blocks_a_mandate_for_the_one_kept(
    legal, duplicate_pair, other_sections_records
):
    first, second, _candidate = duplicate_pair
    _kept, folded = other_sections_records
    application = Application.objects.get(applicant=first)
    persons_merge(actor=legal, survivor=first, merged=second, reason="The same ID card number")

    with pytest.raises(ValidationError, match="conflict of interest"):
        representation_add(
            actor=legal,
            application=application,
            lawyer=folded["conflict"].lawyer,
            started_on=datetime.date(2024, 6, 1),
        )
    assert not Representation.objects.exists()
    # Another lawyer, with no conflict, can still be given.
    representation_add(
        actor=legal,
        application=application,
        lawyer=LawyerFactory.create(),
        started_on=datetime.date(2024, 6, 1),
    )


def test_the_page_of_the_person_kept_shows_the_referral_and_contact_folded_in(
    legal, chief, duplicate_pair, other_sections_records
):
    first, second, _candidate = duplicate_pair
    _kept, folded = other_sections_records
    persons_merge(actor=legal, survivor=first, merged=second, reason="The same ID card number")

    client = Client()
    client.force_login(chief)
    response = client.get(reverse("people:detail", args=[first.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("support:referral_detail", args=[folded["referral"].pk]) in body
    assert "CONTACT-OF-SECOND" in body
    assert folded["referral"] in response.context["support"].referrals
    assert folded["contact"] in response.context["support"].contacts


def test_a_merge_recorded_before_these_tables_moved_unmerges(legal, chief, duplicate_pair):
    first, second, _candidate = duplicate_pair
    before = _state()
    merge = persons_merge(
        actor=legal, survivor=first, merged=second, reason="The same ID card number"
    )
    for key in ("conflicts", "consents", "referrals", "contacts"):
        del merge.moved[key]
    PersonMerge.objects.filter(pk=merge.pk).update(moved=merge.moved)
    contact = ContactFactory.create(person=first)

    persons_unmerge(actor=chief, merge=merge, reason="Two sisters after all")

    assert Contact.objects.get(pk=contact.pk).person == first
    contact.delete()
    assert _state() == before


def _merge_and_unmerge_queries(legal, chief, first, second) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as merging:
        merge = persons_merge(
            actor=legal, survivor=first, merged=second, reason="The same ID card number"
        )
    with CaptureQueriesContext(connection) as unmerging:
        persons_unmerge(actor=chief, merge=merge, reason="Two sisters after all")
    return len(merging), len(unmerging)


def test_the_rows_of_other_sections_move_in_bulk(
    legal, chief, outreach, duplicate_pair, other_sections_records
):
    first, second, _candidate = duplicate_pair
    few = _merge_and_unmerge_queries(legal, chief, first, second)
    for _ in range(3):
        ConflictOfInterest.objects.create(
            lawyer=LawyerFactory.create(),
            person=second,
            description="Former employer",
            declared_on=datetime.date(2024, 2, 1),
            declared_by=chief,
        )
        ReferralFactory.create(consent__person=second)
        ContactFactory.create(person=second, contacted_by=outreach)
    assert _merge_and_unmerge_queries(legal, chief, first, second) == few


def test_unmerge_gives_back_the_protection_the_person_kept_took(legal, chief, duplicate_pair):
    first, second, candidate = duplicate_pair
    Person.objects.filter(pk=second.pk).update(is_protected=True, pseudonym="Witness K-7")
    before = _state()
    merge = persons_merge(
        actor=legal,
        survivor=first,
        merged=second,
        candidate=candidate,
        reason="The same ID card number",
    )
    first.refresh_from_db()
    assert (first.is_protected, first.pseudonym) == (True, "Witness K-7")

    persons_unmerge(actor=chief, merge=merge, reason="Two sisters after all")

    assert _state() == before
    entry = AuditEntry.objects.get(action=AuditAction.UNMERGE, object_id=str(first.pk))
    assert entry.changes["protected_identity"] == {"old": True, "new": False}


def test_protection_the_person_kept_had_of_its_own_stays_after_an_unmerge(
    legal, chief, duplicate_pair
):
    first, second, _candidate = duplicate_pair
    Person.objects.filter(pk=first.pk).update(is_protected=True, pseudonym="Witness A-1")
    Person.objects.filter(pk=second.pk).update(is_protected=True, pseudonym="Witness K-7")
    first.refresh_from_db()
    merge = persons_merge(
        actor=legal, survivor=first, merged=second, reason="The same ID card number"
    )
    persons_unmerge(actor=chief, merge=merge, reason="Two sisters after all")
    first.refresh_from_db()
    assert (first.is_protected, first.pseudonym) == (True, "Witness A-1")

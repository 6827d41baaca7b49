"""Merging two records into one person, and undoing it exactly."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

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
from vss.testing.factories import ApplicationFactory, CaseFactory, PersonFactory, VifFactory

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
            Person.objects.values_list("pk", "archived_at", "archived_by", "archive_reason")
        ),
        "candidates": sorted(MatchCandidate.objects.values_list("pk", "status")),
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
    merge = persons_merge(actor=legal, survivor=first, merged=second, candidate=candidate)
    assert _state() != before
    persons_unmerge(actor=chief, merge=merge, reason="Two sisters after all")
    assert _state() == before
    merge.refresh_from_db()
    assert merge.undone_by == chief and merge.undo_reason == "Two sisters after all"
    assert AuditEntry.objects.filter(action=AuditAction.UNMERGE).count() == 2


def test_a_merge_is_undone_once_and_with_a_reason(legal, duplicate_pair):
    first, second, _candidate = duplicate_pair
    merge = persons_merge(actor=legal, survivor=first, merged=second)
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
        persons_merge(actor=legal, survivor=first, merged=second)
    assert not PersonMerge.objects.exists()
    assert Application.objects.get(pk=clash.pk).applicant == second


def test_only_legal_officers_and_the_chief_decide(intake, duplicate_pair):
    first, second, _candidate = duplicate_pair
    with pytest.raises(PermissionDenied):
        persons_merge(actor=intake, survivor=first, merged=second)
    with pytest.raises(PermissionDenied):
        people_mark_different(actor=intake, person_a=first, person_b=second)


def test_different_people_are_remembered_and_close_the_pair(legal, duplicate_pair):
    first, second, candidate = duplicate_pair
    people_mark_different(actor=legal, person_a=second, person_b=first, reason="Father and son")
    decision = DifferentPeople.objects.get()
    assert (decision.person_a_id, decision.person_b_id) == tuple(sorted((first.pk, second.pk)))
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.DIFFERENT
    # Deciding twice changes nothing.
    people_mark_different(actor=legal, person_a=first, person_b=second)
    assert DifferentPeople.objects.count() == 1


def test_an_archived_record_cannot_be_merged_again(legal, duplicate_pair):
    first, second, _candidate = duplicate_pair
    persons_merge(actor=legal, survivor=first, merged=second)
    third = PersonFactory.create()
    with pytest.raises(ValidationError, match="archived"):
        persons_merge(actor=legal, survivor=third, merged=second)

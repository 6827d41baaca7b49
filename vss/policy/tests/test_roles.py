"""The role table: every role has its row, and the rights that matter most are held by
whom the Section's rules say."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from vss import policy
from vss.accounts.models import Role
from vss.policy import Right
from vss.policy.roles import SECTION_STAFF
from vss.testing.factories import UserFactory


def _holders(right):
    return {role for role, rights in policy.ROLE_RIGHTS.items() if right in rights}


def test_every_role_has_a_row() -> None:
    assert set(policy.ROLE_RIGHTS) == set(Role.values)


def test_every_right_is_held_by_some_role() -> None:
    held = set().union(*policy.ROLE_RIGHTS.values())
    assert held == set(Right)


def test_the_auditor_reads_and_exports_the_audit_log_and_nothing_else() -> None:
    # The right to export reaches only the lists a role may read: the log, here.
    assert policy.ROLE_RIGHTS[Role.AUDITOR] == {Right.VIEW_AUDIT_LOG, Right.EXPORT_LISTS}
    assert _holders(Right.VIEW_AUDIT_LOG) == {Role.AUDITOR}


def test_those_who_only_read_or_care_for_people_export_nothing() -> None:
    assert _holders(Right.EXPORT_LISTS) == {
        Role.CHIEF,
        Role.INTAKE,
        Role.LEGAL,
        Role.AUDITOR,
        Role.INTERMEDIARY,
        Role.LAWYER,
    }


def test_the_reparations_officer_runs_the_programme_and_the_chief_approves_the_claim() -> None:
    assert _holders(Right.MANAGE_PROJECTS) == {Role.CHIEF, Role.REPARATIONS}
    assert _holders(Right.APPROVE_CLAIMS) == {Role.CHIEF}
    # Only a Lead Co-Lawyer requests a project, and that is decided by scope.
    assert _holders(Right.REQUEST_IN_CLAIM) == {Role.LAWYER}


def test_a_donor_reads_projects_and_nothing_else() -> None:
    assert policy.ROLE_RIGHTS[Role.DONOR] == {Right.VIEW_PROJECTS}


def test_proposals_in_a_civil_partys_words_stay_with_the_sections_staff() -> None:
    assert _holders(Right.VIEW_PROPOSALS) <= set(SECTION_STAFF)
    assert _holders(Right.VIEW_PARTICIPANTS) == {*SECTION_STAFF, Role.PARTNER}


def test_protected_identities_are_seen_by_the_chief_and_legal_officers() -> None:
    assert _holders(Right.SEE_PROTECTED_IDENTITIES) == {Role.CHIEF, Role.LEGAL}


def test_health_notes_are_read_by_the_chief_and_partners() -> None:
    assert _holders(Right.READ_HEALTH_NOTES) == {Role.CHIEF, Role.PARTNER}


def test_only_the_chief_overrides_a_conflict_of_interest() -> None:
    assert _holders(Right.OVERRIDE_CONFLICT) == {Role.CHIEF}


def test_only_lawyers_work_for_clients_and_only_partners_record_support() -> None:
    assert _holders(Right.WORK_FOR_CLIENTS) == {Role.LAWYER}
    assert _holders(Right.RECORD_SUPPORT) == {Role.PARTNER}


def test_decisions_on_duplicates_and_applications_stay_with_legal_and_the_chief() -> None:
    assert _holders(Right.DECIDE) == {Role.CHIEF, Role.LEGAL}
    assert _holders(Right.DECIDE_DUPLICATES) == {Role.CHIEF, Role.LEGAL}


def test_a_partner_reads_no_application() -> None:
    assert Right.VIEW_APPLICATIONS not in policy.ROLE_RIGHTS[Role.PARTNER]


def test_the_sections_staff_are_the_five_staff_roles() -> None:
    assert set(SECTION_STAFF) == {
        Role.CHIEF,
        Role.INTAKE,
        Role.LEGAL,
        Role.REPARATIONS,
        Role.OUTREACH,
    }


@pytest.mark.parametrize("role", Role.values)
def test_has_right_follows_the_table(db, role) -> None:
    user = UserFactory.build(username=f"table-{role}", role=role)
    for right in Right:
        assert policy.has_right(user, right) is (right in policy.ROLE_RIGHTS[role])


def test_an_inactive_or_anonymous_user_holds_no_right(db) -> None:
    chief = UserFactory.create(username="retired-chief", role=Role.CHIEF, is_active=False)
    for right in Right:
        assert not policy.has_right(chief, right)
        assert not policy.has_right(AnonymousUser(), right)  # type: ignore[arg-type]
    with pytest.raises(PermissionDenied):
        policy.require_right(chief, Right.VIEW_APPLICATIONS)


def test_holds_right_is_the_same_test(chief, auditor) -> None:
    reads_audit_log = policy.holds_right(Right.VIEW_AUDIT_LOG)
    assert reads_audit_log(auditor)
    assert not reads_audit_log(chief)


@pytest.mark.parametrize(
    ("role", "intermediary", "partner", "lawyer", "donor"),
    [
        (Role.INTERMEDIARY, True, False, False, False),
        (Role.PARTNER, False, True, False, False),
        (Role.LAWYER, False, False, True, False),
        (Role.DONOR, False, False, False, True),
        (Role.CHIEF, False, False, False, False),
        (Role.AUDITOR, False, False, False, False),
    ],
)
def test_kinds_of_account(db, role, intermediary, partner, lawyer, donor) -> None:
    user = UserFactory.build(username=f"kind-{role}", role=role)
    assert policy.acts_for_intermediary(user) is intermediary
    assert policy.acts_for_partner(user) is partner
    assert policy.is_lawyer_account(user) is lawyer
    assert policy.acts_for_donor(user) is donor


def test_legacy_spreadsheets_are_imported_by_the_chief_and_intake_alone() -> None:
    # An intermediary enters its own forms one by one: a file of them is checked against
    # the whole registry, which is beyond its scope.
    assert _holders(Right.IMPORT_APPLICATIONS) == {Role.CHIEF, Role.INTAKE}

"""What an audit entry may say of a change: old and new values the log can show, and
nothing else, so that no service writes an entry the auditor reads as an empty arrow."""

import datetime

import pytest

from vss.audit.models import AuditAction, AuditEntry
from vss.audit.services import MalformedChanges, StaleEdit, audit_record, audited_update
from vss.testing.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "changes",
    [
        {"lawyer": 12},
        {"reason": "moved away"},
        {"referrals_closed": [3, 4]},
        {"status": {"old": "applied"}},
        {"status": {"old": "applied", "new": "recognised", "reason": "r"}},
        {"decided_on": {"old": None, "new": datetime.date(2024, 1, 2)}},
        {"moved": {"old": None, "new": {"forms": {3}}}},
        {"": {"old": None, "new": 1}},
    ],
)
def test_a_change_that_is_not_an_old_and_new_pair_of_plain_values_is_refused(intake, changes):
    with pytest.raises(MalformedChanges):
        audit_record(actor=intake, action=AuditAction.UPDATE, object_type="x", changes=changes)
    assert not AuditEntry.objects.exists()


def test_old_and_new_pairs_of_plain_values_lists_and_tallies_are_written(intake):
    changes = {
        "status": {"old": "applied", "new": "recognised"},
        "aliases": {"old": [["SOK", "Chea"]], "new": []},
        "moved": {"old": None, "new": {"forms": 2, "names": 3}},
        "attended": {"old": None, "new": True},
    }
    entry = audit_record(actor=intake, action=AuditAction.UPDATE, object_type="x", changes=changes)
    assert AuditEntry.objects.get(pk=entry.pk).changes == changes


def test_an_audited_update_saves_and_audits_only_what_changed(chief):
    case = CaseFactory.create(closing_order_on=None, is_terminated=False)
    changes = audited_update(
        case,
        actor=chief,
        values={
            "investigation_closed_on": case.investigation_closed_on,
            "closing_order_on": datetime.date(2010, 9, 15),
            "is_terminated": False,
        },
        label=case.number,
    )
    # A versioned record counts the save in the same entry.
    assert changes == {
        "closing_order_on": {"old": None, "new": "2010-09-15"},
        "version": {"old": 0, "new": 1},
    }
    case.refresh_from_db()
    assert case.closing_order_on == datetime.date(2010, 9, 15)
    entry = AuditEntry.objects.get(object_type="proceedings.case", object_id=str(case.pk))
    assert (entry.action, entry.actor, entry.object_label) == (
        AuditAction.UPDATE,
        chief,
        case.number,
    )
    assert entry.changes == changes


def test_an_audited_update_that_changes_nothing_writes_nothing(chief):
    case = CaseFactory.create()
    changes = audited_update(case, actor=chief, values={"title": case.title}, label=case.number)
    assert changes == {}
    assert not AuditEntry.objects.exists()


def test_an_audited_update_refused_by_its_check_saves_nothing(chief):
    case = CaseFactory.create()

    def refuse() -> None:
        raise ValueError("refused")

    with pytest.raises(ValueError, match="refused"):
        audited_update(
            case, actor=chief, values={"title": "Renamed"}, label=case.number, check=refuse
        )
    case.refresh_from_db()
    assert case.title != "Renamed"
    assert not AuditEntry.objects.exists()


def test_what_is_kept_beside_the_record_joins_its_entry(chief):
    case = CaseFactory.create()
    changes = audited_update(
        case,
        actor=chief,
        values={"title": case.title},
        label=case.number,
        related={"crimes": ([[1, None]], [[1, None], [2, 5]])},
    )
    assert changes == {
        "crimes": {"old": [[1, None]], "new": [[1, None], [2, 5]]},
        "version": {"old": 0, "new": 1},
    }
    assert AuditEntry.objects.get().changes == changes


def test_a_save_from_an_older_version_is_refused_and_names_what_changed(chief):
    case = CaseFactory.create()
    audited_update(
        case, actor=chief, values={"title": "Nuon Chea"}, label=case.number, expected_version=0
    )
    with pytest.raises(StaleEdit) as refused:
        audited_update(
            case, actor=chief, values={"title": "Other"}, label=case.number, expected_version=0
        )
    assert refused.value.changed == [("Title", "Nuon Chea")]
    case.refresh_from_db()
    assert (case.title, case.version) == ("Nuon Chea", 1)
    assert AuditEntry.objects.count() == 1


def test_a_refusal_withholds_the_values_the_user_may_not_see(chief):
    case = CaseFactory.create()
    audited_update(case, actor=chief, values={"title": "Secret"}, label=case.number)
    with pytest.raises(StaleEdit) as refused:
        audited_update(
            case,
            actor=chief,
            values={"title": "Other"},
            label=case.number,
            expected_version=0,
            hidden={"title"},
        )
    assert refused.value.changed == [("Title", None)]
    assert "Secret" not in str(refused.value)

"""The grouping tool's service: thousands of Civil Parties moved into a group under a
common lawyer in one transaction, with a fixed number of statements, all or nothing;
conflicts of interest block it unless the Chief overrides them with a reason."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from vss.accounts.models import User
from vss.applications.models import Application, ApplicationKind, Status, VictimInformationForm
from vss.audit import context
from vss.audit.models import AuditEntry
from vss.people.models import Person
from vss.proceedings.models import Case
from vss.representation import services
from vss.representation.models import (
    CivilPartyGroup,
    ConflictOfInterest,
    GroupMembership,
    Lawyer,
    LawyerStatus,
    Representation,
)
from vss.representation.selectors.groups import NONE, GroupingFilters, grouping_selection
from vss.testing.factories import (
    ApplicationFactory,
    CaseFactory,
    CivilPartyGroupFactory,
    LawyerFactory,
    RepresentationFactory,
)

pytestmark = pytest.mark.django_db


def civil_parties(
    case: Case,
    n: int,
    *,
    created_by: User,
    province_code: str = "12",
    status: str = Status.ADMITTED,
    prefix: str = "CP",
) -> list[Application]:
    """`n` Civil Parties of `case`, written with three bulk inserts."""
    people = Person.objects.bulk_create(
        Person(family_name_latin=f"{prefix}{i:05d}", given_name_latin="Sophal") for i in range(n)
    )
    forms = VictimInformationForm.objects.bulk_create(
        VictimInformationForm(applicant=p, channel="in_person", created_by=created_by)
        for p in people
    )
    return Application.objects.bulk_create(
        Application(
            form=f,
            applicant=f.applicant,
            case=case,
            kind=ApplicationKind.CIVIL_PARTY,
            status=status,
            province_code=province_code,
            vss_number=f"VSS-{case.pk}-{prefix}-{i:05d}",
        )
        for i, f in enumerate(forms)
    )


def _ids(applications: list[Application]) -> list[int]:
    return [a.pk for a in applications]


def _state() -> tuple[list, list, int]:
    return (
        list(GroupMembership.objects.order_by("id").values()),
        list(Representation.objects.order_by("id").values()),
        AuditEntry.objects.count(),
    )


@pytest.fixture
def case():
    return CaseFactory.create(number="002/02")


@pytest.fixture
def target(case, chief):
    return CivilPartyGroupFactory.create(case=case, name="Kampong Cham group")


@pytest.fixture
def common_lawyer(chief) -> Lawyer:
    return LawyerFactory.create(family_name="KEO")


def test_moves_everyone_ends_old_group_and_mandates_and_audits_each(
    case, target, common_lawyer, legal
) -> None:
    apps = civil_parties(case, 30, created_by=legal)
    old_group = CivilPartyGroupFactory.create(case=case, name="Old group")
    old_lawyer = LawyerFactory.create(family_name="OLD")
    for a in apps[:10]:
        GroupMembership.objects.create(
            group=old_group,
            application=a,
            started_on=datetime.date(2012, 1, 1),
            assigned_by=legal,
        )
        RepresentationFactory.create(application=a, lawyer=old_lawyer)
    token = context.bind(context.RequestContext(ip_address="10.1.2.3", request_id="req-42"))
    try:
        result = services.group_assign(
            actor=legal, group=target, lawyer=common_lawyer, application_ids=_ids(apps)
        )
    finally:
        context.reset(token)

    assert (result.moved, result.new_mandates, result.ended_mandates) == (30, 30, 10)
    assert result.ended_memberships == 10
    ended = GroupMembership.objects.filter(group=old_group)
    assert {(m.ended_by_id, m.end_reason) for m in ended} == {
        (legal.pk, "moved to group Kampong Cham group")
    }
    assert all(m.ended_on is not None for m in ended)
    current = GroupMembership.objects.filter(ended_on__isnull=True)
    assert set(current.values_list("group_id", flat=True)) == {target.pk}
    assert current.count() == 30
    mandates = Representation.objects.filter(ended_on__isnull=True)
    assert set(mandates.values_list("lawyer_id", flat=True)) == {common_lawyer.pk}
    assert mandates.count() == 30
    old = Representation.objects.filter(lawyer=old_lawyer)
    assert {r.end_reason for r in old} == {"reassigned with group Kampong Cham group"}
    assert {r.ended_by_id for r in old} == {legal.pk}

    entries = AuditEntry.objects.filter(request_id="req-42")
    assert entries.count() == 31
    moved_first = entries.get(object_type="applications.application", object_id=str(apps[0].pk))
    assert moved_first.actor == legal
    assert moved_first.ip_address == "10.1.2.3"
    assert moved_first.object_label == apps[0].vss_number
    assert moved_first.changes == {
        "group": {"old": old_group.pk, "new": target.pk},
        "lawyers": {"old": [old_lawyer.pk], "new": [common_lawyer.pk]},
    }
    summary = entries.get(object_type="representation.civilpartygroup")
    assert summary.changes["members_added"]["new"] == 30
    assert summary.changes["other_mandates_ended"]["new"] == 10


def test_other_lawyers_keep_their_mandates_when_told(case, target, common_lawyer, legal) -> None:
    (app,) = civil_parties(case, 1, created_by=legal)
    other = RepresentationFactory.create(application=app, lawyer=LawyerFactory.create())
    services.group_assign(
        actor=legal,
        group=target,
        lawyer=common_lawyer,
        application_ids=[app.pk],
        end_other_mandates=False,
    )
    other.refresh_from_db()
    assert other.ended_on is None
    assert Representation.objects.filter(application=app, ended_on__isnull=True).count() == 2
    entry = AuditEntry.objects.get(object_type="applications.application", object_id=str(app.pk))
    assert entry.changes["lawyers"]["new"] == sorted([other.lawyer_id, common_lawyer.pk])


def test_members_already_there_and_mandates_already_current_are_kept(
    case, target, common_lawyer, legal
) -> None:
    (app,) = civil_parties(case, 1, created_by=legal)
    membership = GroupMembership.objects.create(
        group=target, application=app, started_on=datetime.date(2012, 1, 1), assigned_by=legal
    )
    mandate = RepresentationFactory.create(application=app, lawyer=common_lawyer)
    result = services.group_assign(
        actor=legal, group=target, lawyer=common_lawyer, application_ids=[app.pk]
    )
    assert (result.new_mandates, result.ended_mandates, result.ended_memberships) == (0, 0, 0)
    assert list(GroupMembership.objects.all()) == [membership]
    assert list(Representation.objects.all()) == [mandate]


def _confirm_queries(case, group, lawyer, actor, n: int, prefix: str) -> tuple[int, int]:
    apps = civil_parties(case, n, created_by=actor, prefix=prefix)
    old_group = CivilPartyGroupFactory.create(case=case, name=f"Before {prefix}")
    GroupMembership.objects.bulk_create(
        GroupMembership(
            group=old_group, application=a, started_on=datetime.date(2012, 1, 1), assigned_by=actor
        )
        for a in apps
    )
    ids = _ids(apps)
    with CaptureQueriesContext(connection) as queries:
        services.group_assign(actor=actor, group=group, lawyer=lawyer, application_ids=ids)
    assert GroupMembership.objects.filter(group=group, ended_on__isnull=True).count() >= n
    return sum(
        1 for q in queries.captured_queries if not q["sql"].lstrip().upper().startswith("INSERT")
    ), sum(1 for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("INSERT"))


def test_confirm_statements_do_not_grow_with_thousands_moved(case, common_lawyer, legal) -> None:
    small = CivilPartyGroupFactory.create(case=case, name="Small")
    large = CivilPartyGroupFactory.create(case=case, name="Large")
    other, small_inserts = _confirm_queries(case, small, common_lawyer, legal, 300, "S")
    other_large, large_inserts = _confirm_queries(case, large, common_lawyer, legal, 3000, "L")
    # Reads, updates and savepoints: exactly the same whatever the number moved.
    assert other == other_large
    if connection.vendor == "sqlite":
        # SQLite caps one statement at 999 parameters, so Django splits each bulk insert
        # into batches: a few per thousand rows, never one per row.
        assert large_inserts < 3000 / 20
    else:
        assert small_inserts == large_inserts == 3
    assert AuditEntry.objects.filter(object_type="applications.application").count() == 3300


def test_an_error_midway_leaves_nothing_changed(case, target, common_lawyer, legal) -> None:
    apps = civil_parties(case, 3000, created_by=legal)
    # A membership dated after today cannot end today: the database refuses the update
    # of the 3,000th row, after the other writes were prepared.
    GroupMembership.objects.create(
        group=CivilPartyGroupFactory.create(case=case, name="Future"),
        application=apps[-1],
        started_on=datetime.date.today() + datetime.timedelta(days=30),
        assigned_by=legal,
    )
    before = _state()
    with pytest.raises(IntegrityError):
        services.group_assign(
            actor=legal, group=target, lawyer=common_lawyer, application_ids=_ids(apps)
        )
    assert _state() == before


def test_an_exception_while_auditing_leaves_nothing_changed(
    case, target, common_lawyer, legal, monkeypatch
) -> None:
    apps = civil_parties(case, 3000, created_by=legal)
    before = _state()

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(AuditEntry.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        services.group_assign(
            actor=legal, group=target, lawyer=common_lawyer, application_ids=_ids(apps)
        )
    assert _state() == before
    assert not GroupMembership.objects.exists()
    assert not Representation.objects.exists()


def _conflict(lawyer: Lawyer, person: Person, by: User) -> ConflictOfInterest:
    return ConflictOfInterest.objects.create(
        lawyer=lawyer,
        person=person,
        description="Represented the accused's family",
        declared_on=datetime.date(2013, 1, 1),
        declared_by=by,
    )


def test_a_conflict_blocks_the_whole_assignment(case, target, common_lawyer, legal) -> None:
    apps = civil_parties(case, 5, created_by=legal)
    _conflict(common_lawyer, apps[2].applicant, legal)
    lifted = _conflict(common_lawyer, apps[3].applicant, legal)
    lifted.lifted_on, lifted.lift_reason = datetime.date(2014, 1, 1), "Declared in error"
    lifted.save()
    with pytest.raises(services.ConflictsBlock) as blocked:
        services.group_assign(
            actor=legal,
            group=target,
            lawyer=common_lawyer,
            application_ids=_ids(apps),
            # A legal officer may not override, reason or not.
            conflict_override_reason="Client insists",
        )
    assert blocked.value.people == [apps[2].applicant]
    assert not GroupMembership.objects.exists()
    assert not Representation.objects.exists()
    assert not AuditEntry.objects.exists()


def test_the_chief_overrides_a_conflict_with_a_reason(case, target, common_lawyer, chief) -> None:
    apps = civil_parties(case, 5, created_by=chief)
    _conflict(common_lawyer, apps[2].applicant, chief)
    with pytest.raises(services.ConflictsBlock):
        services.group_assign(
            actor=chief, group=target, lawyer=common_lawyer, application_ids=_ids(apps)
        )
    services.group_assign(
        actor=chief,
        group=target,
        lawyer=common_lawyer,
        application_ids=_ids(apps),
        conflict_override_reason="The client chose this lawyer knowing the conflict",
    )
    overridden = Representation.objects.exclude(conflict_override_reason="")
    assert [r.application_id for r in overridden] == [apps[2].pk]
    entry = AuditEntry.objects.get(
        object_type="applications.application", object_id=str(apps[2].pk)
    )
    assert entry.changes["conflict_override_reason"]["new"].startswith("The client chose")
    assert Representation.objects.count() == 5


def test_refuses_archived_groups_unlisted_lawyers_and_other_cases(
    case, target, common_lawyer, legal
) -> None:
    (app,) = civil_parties(case, 1, created_by=legal)
    suspended = LawyerFactory.create(status=LawyerStatus.SUSPENDED)
    with pytest.raises(ValidationError):
        services.group_assign(actor=legal, group=target, lawyer=suspended, application_ids=[app.pk])
    elsewhere = ApplicationFactory.create(case=CaseFactory.create(number="004"))
    with pytest.raises(ValidationError):
        services.group_assign(
            actor=legal, group=target, lawyer=common_lawyer, application_ids=[elsewhere.pk]
        )
    archived = CivilPartyGroupFactory.create(
        case=case, archived_at="2020-01-01T00:00Z", archive_reason="Merged"
    )
    with pytest.raises(ValidationError):
        services.group_assign(
            actor=legal, group=archived, lawyer=common_lawyer, application_ids=[app.pk]
        )
    assert not GroupMembership.objects.exists()


def test_selection_filters(case, target, common_lawyer, legal) -> None:
    in_12 = civil_parties(case, 3, created_by=legal, province_code="12", prefix="A")
    in_03 = civil_parties(case, 2, created_by=legal, province_code="03", prefix="B")
    civil_parties(case, 2, created_by=legal, status=Status.REJECTED, prefix="C")
    provisional = civil_parties(case, 1, created_by=legal, status=Status.PROVISIONAL, prefix="D")
    services.group_assign(
        actor=legal, group=target, lawyer=common_lawyer, application_ids=_ids(in_12[:1])
    )

    def select(**kw) -> set[int]:
        return set(grouping_selection(case, GroupingFilters(**kw)).values_list("id", flat=True))

    assert select() == set(_ids(in_12 + in_03 + provisional))
    assert select(province_code="03") == set(_ids(in_03))
    assert select(statuses=[Status.PROVISIONAL]) == set(_ids(provisional))
    assert select(group=str(target.pk)) == {in_12[0].pk}
    assert select(group=NONE) == set(_ids(in_12[1:] + in_03 + provisional))
    assert select(lawyer=str(common_lawyer.pk)) == {in_12[0].pk}
    assert select(lawyer=NONE, province_code="12") == set(_ids(in_12[1:] + provisional))


def test_selection_digest_tells_a_changed_selection() -> None:
    digest = services.selection_digest([3, 1, 2])
    assert services.selection_unchanged(digest, [1, 2, 3])
    assert not services.selection_unchanged(digest, [1, 2])
    assert not services.selection_unchanged(digest, [1, 2, 4])
    assert not services.selection_unchanged(digest + "x", [1, 2, 3])


def test_group_create_requires_what_it_is_formed_by(case, legal) -> None:
    with pytest.raises(ValidationError):
        services.group_create(actor=legal, case=case, name="By site", basis="crime_site")
    group = services.group_create(
        actor=legal, case=case, name="Team A", basis="legal_team", legal_team="Team A lawyers"
    )
    assert AuditEntry.objects.get(object_type="representation.civilpartygroup").changes["name"]
    assert CivilPartyGroup.objects.get() == group


def test_too_large_a_selection_is_refused_whole(
    case, target, common_lawyer, legal, monkeypatch
) -> None:
    monkeypatch.setattr(services.groups, "MAX_MOVED_AT_ONCE", 10)
    apps = civil_parties(case, 11, created_by=legal)
    with pytest.raises(ValidationError):
        services.group_assign(
            actor=legal, group=target, lawyer=common_lawyer, application_ids=_ids(apps)
        )
    assert not GroupMembership.objects.exists()

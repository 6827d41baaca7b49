"""Choosing who comes: the pool, the draw and its invitations, sending them, the replies
and the waiting list moving up."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vss.applications.models import Status
from vss.audit.models import AuditAction, AuditEntry
from vss.audit.services import StaleEdit
from vss.outreach.draw import Quota
from vss.outreach.models import (
    Draw,
    Invitation,
    InvitationStatus,
    Message,
    MessageKind,
    MessageStatus,
)
from vss.outreach.selectors import choosing as selectors
from vss.outreach.selectors.choosing import PoolFilters
from vss.outreach.services import choosing as services
from vss.testing.draws import drawn
from vss.testing.factories import CaseFactory

from .choosing_world import SIX_PROVINCES, civil_party, event_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    return CaseFactory.create()


def _draw(user, event, size, **kwargs):
    return drawn(user=user, event=event, size=size, **kwargs)


def _people(event, status=None):
    invitations = Invitation.objects.filter(event=event).order_by("rank")
    if status is not None:
        invitations = invitations.filter(status=status)
    return list(invitations.values_list("person_id", flat=True))


def test_the_pool_is_the_living_civil_parties_of_the_event_s_cases(case, outreach):
    kept = civil_party(case)
    civil_party(case, is_deceased=True)
    civil_party(case, status=Status.RECEIVED)
    civil_party(CaseFactory.create(number="004"))
    event = event_of(case)
    pool = selectors.draw_pool(event, PoolFilters())
    assert [c.id for c in pool.candidates] == [kept.applicant_id]
    assert pool.applications == {kept.applicant_id: kept.pk}


def test_a_segment_s_event_draws_the_civil_parties_of_the_case_it_was_severed_from(outreach):
    parent = CaseFactory.create(number="002")
    segment = CaseFactory.create(number="002/02", parent=parent, accepts_applications=False)
    party = civil_party(parent)
    event = event_of(segment)
    assert [c.id for c in selectors.draw_pool(event, PoolFilters()).candidates] == [
        party.applicant_id
    ]


def test_the_pool_is_filtered_by_province_sex_ethnicity_crime_age_and_language(case):
    wanted = civil_party(
        case,
        province="04",
        sex="male",
        ethnicity="cham",
        crimes=["forced-marriage"],
        birth_year=1950,
        preferred_language="fr",
    )
    civil_party(case, province="12", sex="male", ethnicity="cham", birth_year=1950)
    civil_party(case, province="04", sex="female", ethnicity="cham", birth_year=1950)
    civil_party(case, province="04", sex="male", ethnicity="khmer", birth_year=1950)
    civil_party(case, province="04", sex="male", ethnicity="cham", birth_year=1990)
    event = event_of(case)
    filters = PoolFilters(
        provinces=["04"],
        sexes=["male"],
        ethnicities=["cham"],
        crime_types=["forced-marriage"],
        age_min=60,
        age_max=90,
        languages=["fr"],
    )
    pool = selectors.draw_pool(event, filters)
    assert [c.id for c in pool.candidates] == [wanted.applicant_id]
    (candidate,) = pool.candidates
    assert candidate.values["province"] == {"04"}
    assert candidate.values["crime_type"] == {"forced-marriage"}


def test_the_pool_is_read_in_the_same_number_of_queries_however_many_people(case):
    event = event_of(case)
    civil_party(case, crimes=["torture"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            selectors.draw_pool(event, PoolFilters(crime_types=["torture"]))
        return len(captured)

    few = queries()
    for province in SIX_PROVINCES:
        civil_party(case, province=province, crimes=["torture", "enslavement"])
    assert queries() == few


def test_a_draw_makes_the_invitations_in_its_order_and_explains_itself(case, outreach):
    for i, province in enumerate(SIX_PROVINCES * 3):
        civil_party(case, province=province, sex="female" if i % 2 else "male")
    event = event_of(case)
    made = _draw(
        outreach,
        event,
        8,
        waiting=4,
        seed=7,
        quotas=[Quota("province", "04", 3), Quota("province", "99", 1)],
        balanced_by=["sex"],
    )
    assert (made.is_current, made.pool_size, made.seed) == (True, 18, 7)
    assert len(_people(event, InvitationStatus.CHOSEN)) == 8
    assert len(_people(event, InvitationStatus.WAITING)) == 4
    ranks = list(
        Invitation.objects.filter(event=event).order_by("rank").values_list("rank", "status")
    )
    assert ranks[0] == (1, InvitationStatus.CHOSEN) and ranks[-1] == (12, InvitationStatus.WAITING)
    quotas = {(q["dimension"], q["value"]): q for q in made.explanation["quotas"]}
    assert quotas["province", "04"]["drawn"] >= 3 and quotas["province", "04"]["shortfall"] == ""
    assert quotas["province", "99"] | {} == {
        "dimension": "province",
        "value": "99",
        "minimum": 1,
        "balanced": False,
        "available": 0,
        "drawn": 0,
        "shortfall": "pool",
    }
    assert quotas["sex", "female"]["minimum"] == 4 and quotas["sex", "female"]["balanced"]
    assert AuditEntry.objects.filter(
        object_type="outreach.draw", action=AuditAction.CREATE, object_id=str(made.pk)
    ).exists()
    assert (
        AuditEntry.objects.filter(
            object_type="outreach.invitation", action=AuditAction.CREATE
        ).count()
        == 12
    )


def test_the_same_seed_draws_the_same_people_and_a_new_draw_keeps_the_old_one(case, outreach):
    for province in SIX_PROVINCES * 4:
        civil_party(case, province=province)
    event = event_of(case)
    first = _draw(outreach, event, 6, waiting=2, seed=99)
    chosen = _people(event)
    second = _draw(outreach, event, 6, waiting=2, seed=99)
    assert _people(event) == chosen
    first.refresh_from_db()
    assert (first.is_current, second.is_current) == (False, True)
    assert Draw.objects.filter(event=event).count() == 2
    assert set(Invitation.objects.filter(event=event).values_list("draw", flat=True)) == {second.pk}

    _draw(outreach, event, 6, waiting=2, seed=100)
    redrawn = _people(event, InvitationStatus.CHOSEN) + _people(event, InvitationStatus.WAITING)
    assert redrawn != chosen
    # Those of the earlier draw not drawn again are cancelled, never deleted.
    assert Invitation.objects.filter(event=event).count() == len(set(chosen) | set(redrawn))


def test_people_already_invited_are_not_drawn_again(case, outreach):
    for province in SIX_PROVINCES:
        civil_party(case, province=province, phone="+855 12 345 678")
    event = event_of(case)
    _draw(outreach, event, 2, seed=1)
    services.invitations_send(user=outreach, event=event)
    invited = set(_people(event, InvitationStatus.INVITED))
    _draw(outreach, event, 4, seed=2)
    assert not invited & set(_people(event, InvitationStatus.CHOSEN))
    assert set(_people(event, InvitationStatus.INVITED)) == invited


def test_only_those_who_run_events_draw_and_invite(case, intake, partner):
    civil_party(case)
    event = event_of(case, co_organiser=partner.organisation)
    for user in (intake, partner):
        with pytest.raises(PermissionDenied):
            _draw(user, event, 1)
        with pytest.raises(PermissionDenied):
            services.invitations_send(user=user, event=event)


def test_a_draw_larger_than_the_event_is_refused(case, outreach):
    event = event_of(case, capacity=10)
    with pytest.raises(ValidationError):
        _draw(outreach, event, 11)
    assert not Draw.objects.exists()


def test_sending_writes_each_invitation_by_the_person_s_channel_or_lists_them_to_visit(
    case, outreach
):
    reachable = civil_party(case, phone="+855 12 345 678", preferred_language="km")
    unreachable = civil_party(case, province="04")
    event = event_of(case)
    _draw(outreach, event, 2, seed=3)
    job = services.invitations_send(user=outreach, event=event)
    messages = {m.person_id: m for m in Message.objects.filter(job=job)}
    assert messages[reachable.applicant_id].status == MessageStatus.QUEUED
    assert messages[reachable.applicant_id].kind == MessageKind.INVITATION
    assert messages[reachable.applicant_id].event_id == event.pk
    assert messages[unreachable.applicant_id].status == MessageStatus.SKIPPED
    assert set(_people(event, InvitationStatus.INVITED)) == set(messages)
    counts = selectors.invitation_counts(outreach, event)
    assert (counts["invited"], counts["unreached"]) == (2, 1)
    unreached = selectors.invitations_of(
        outreach, event, selectors.InvitationFilters(unreached=True)
    )
    assert [i.person_id for i in unreached] == [unreachable.applicant_id]
    with pytest.raises(ValidationError):
        services.invitations_send(user=outreach, event=event)
    assert Message.objects.count() == 2
    # Called or visited, they said they will come: no longer someone to reach.
    called = Invitation.objects.get(event=event, person=unreachable.applicant_id)
    services.invitation_reply(
        user=outreach, invitation=called, accepted=True, version=called.version
    )
    assert selectors.invitation_counts(outreach, event)["unreached"] == 0
    assert not selectors.invitations_of(
        outreach, event, selectors.InvitationFilters(unreached=True)
    ).exists()


def test_a_decline_moves_the_first_of_the_waiting_list_up(case, outreach):
    for province in SIX_PROVINCES:
        civil_party(case, province=province, phone="+855 12 345 678")
    event = event_of(case)
    _draw(outreach, event, 2, waiting=3, seed=5)
    services.invitations_send(user=outreach, event=event)
    declining, accepting = Invitation.objects.filter(event=event, rank__in=[1, 2]).order_by("rank")
    waiting = list(Invitation.objects.filter(event=event, status=InvitationStatus.WAITING))
    first_waiting = min(waiting, key=lambda i: i.rank)

    assert (
        services.invitation_reply(
            user=outreach, invitation=accepting, accepted=True, version=accepting.version
        )
        == services.Reply()
    )
    moved = services.invitation_reply(
        user=outreach,
        invitation=declining,
        accepted=False,
        note="Too ill to travel",
        version=declining.version,
    ).moved_up
    assert moved is not None and moved.pk == first_waiting.pk
    moved.refresh_from_db()
    declining.refresh_from_db()
    assert moved.status == InvitationStatus.INVITED and moved.invited_at is not None
    assert (declining.status, declining.reply_note) == (
        InvitationStatus.DECLINED,
        "Too ill to travel",
    )
    assert Message.objects.filter(person=moved.person, event=event).count() == 1
    assert AuditEntry.objects.filter(
        object_type="outreach.invitation",
        object_id=str(moved.pk),
        changes__status__new=InvitationStatus.INVITED,
    ).exists()
    assert Invitation.objects.filter(event=event, status=InvitationStatus.WAITING).count() == 2


def _invited(case, outreach, size, waiting):
    """An event of `size` places, its draw invited, `waiting` on the waiting list."""
    for _ in range(size + waiting):
        civil_party(case, phone="+855 12 345 678")
    event = event_of(case)
    _draw(outreach, event, size, waiting=waiting, seed=7)
    services.invitations_send(user=outreach, event=event)
    return event


def _reply(outreach, invitation, accepted, note=""):
    invitation.refresh_from_db()
    return services.invitation_reply(
        user=outreach,
        invitation=invitation,
        accepted=accepted,
        note=note,
        version=invitation.version,
    )


def _status(invitation):
    invitation.refresh_from_db()
    return invitation.status


def test_a_change_of_mind_after_the_place_was_given_away_goes_first_on_the_waiting_list(
    case, outreach
):
    event = _invited(case, outreach, 2, waiting=2)
    changing, other = Invitation.objects.filter(event=event, rank__in=[1, 2]).order_by("rank")
    first_waiting, second_waiting = Invitation.objects.filter(
        event=event, status=InvitationStatus.WAITING
    ).order_by("rank")

    moved = _reply(outreach, changing, accepted=False).moved_up
    assert moved == first_waiting
    reply = _reply(outreach, changing, accepted=True, note="Her son can bring her after all")

    # The invitation moved up is not taken back; the person is first of the waiting list.
    assert reply == services.Reply(put_on_waiting_list=True)
    assert _status(first_waiting) == InvitationStatus.INVITED
    assert _status(changing) == InvitationStatus.WAITING
    assert changing.rank < second_waiting.rank
    assert changing.reply_note == "Her son can bring her after all"
    entry = AuditEntry.objects.filter(
        object_type="outreach.invitation", object_id=str(changing.pk)
    ).latest("pk")
    assert entry.changes["status"] == {
        "old": InvitationStatus.DECLINED,
        "new": InvitationStatus.WAITING,
    }
    assert Message.objects.filter(person=changing.person, event=event).count() == 1

    # The next decline gives them the place: they said they would come, so they are
    # recorded as coming and sent nothing again.
    moved = _reply(outreach, other, accepted=False).moved_up
    assert moved is not None and moved.pk == changing.pk
    assert _status(changing) == InvitationStatus.ACCEPTED
    assert _status(second_waiting) == InvitationStatus.WAITING
    assert Message.objects.filter(person=changing.person, event=event).count() == 1


def test_a_change_of_mind_is_accepted_while_a_place_is_free(case, outreach):
    event = _invited(case, outreach, 2, waiting=0)
    changing = Invitation.objects.get(event=event, rank=1)
    assert _reply(outreach, changing, accepted=True).moved_up is None
    assert _reply(outreach, changing, accepted=False).moved_up is None  # nobody waits
    assert _reply(outreach, changing, accepted=True) == services.Reply()
    assert _status(changing) == InvitationStatus.ACCEPTED


def test_accepted_then_declined_then_accepted_again_finds_the_place_taken(case, outreach):
    event = _invited(case, outreach, 1, waiting=1)
    changing = Invitation.objects.get(event=event, rank=1)
    replacement = Invitation.objects.get(event=event, status=InvitationStatus.WAITING)
    _reply(outreach, changing, accepted=True)
    assert _reply(outreach, changing, accepted=False).moved_up == replacement
    assert _reply(outreach, changing, accepted=True).put_on_waiting_list
    assert (_status(changing), _status(replacement)) == (
        InvitationStatus.WAITING,
        InvitationStatus.INVITED,
    )
    # Waiting, they may still say they will not come: that moves nobody.
    assert _reply(outreach, changing, accepted=False) == services.Reply()
    assert (_status(changing), _status(replacement)) == (
        InvitationStatus.DECLINED,
        InvitationStatus.INVITED,
    )


def test_the_head_of_the_waiting_list_stands_before_one_already_at_rank_zero(case, outreach):
    event = _invited(case, outreach, 1, waiting=2)
    changing = Invitation.objects.get(event=event, rank=1)
    _reply(outreach, changing, accepted=False)
    # Put first by an earlier change of mind, at the lowest rank there is.
    head = Invitation.objects.get(event=event, status=InvitationStatus.WAITING)
    Invitation.objects.filter(pk=head.pk).update(rank=0)
    _reply(outreach, changing, accepted=True)
    changing.refresh_from_db()
    head.refresh_from_db()
    assert (changing.rank, head.rank) == (0, 1)
    assert AuditEntry.objects.filter(
        object_type="outreach.invitation", object_id=str(head.pk), changes__rank__new=1
    ).exists()


def test_a_reply_on_an_older_version_is_refused(case, outreach):
    civil_party(case, phone="+855 12 345 678")
    event = event_of(case)
    _draw(outreach, event, 1, seed=1)
    services.invitations_send(user=outreach, event=event)
    invitation = Invitation.objects.get(event=event)
    stale = invitation.version
    services.invitation_needs_record(
        user=outreach, invitation=invitation, accessibility_needs="Wheelchair", version=stale
    )
    with pytest.raises(StaleEdit):
        services.invitation_reply(
            user=outreach, invitation=invitation, accepted=True, version=stale
        )
    invitation.refresh_from_db()
    assert (invitation.status, invitation.accessibility_needs) == (
        InvitationStatus.INVITED,
        "Wheelchair",
    )


def test_a_reply_before_the_invitation_was_sent_is_refused(case, outreach):
    civil_party(case)
    event = event_of(case)
    _draw(outreach, event, 1, seed=1)
    invitation = Invitation.objects.get(event=event)
    with pytest.raises(ValidationError):
        services.invitation_reply(
            user=outreach, invitation=invitation, accepted=True, version=invitation.version
        )


def test_a_companion_is_recorded_and_audited(case, outreach, partner):
    civil_party(case)
    event = event_of(case)
    _draw(outreach, event, 1, seed=1)
    invitation = Invitation.objects.get(event=event)
    companion = services.companion_add(
        user=outreach,
        invitation=invitation,
        name="SOK Dara",
        relationship="Son",
        reason="She cannot walk alone",
    )
    assert list(invitation.companions.all()) == [companion]
    entry = AuditEntry.objects.get(object_type="outreach.companion", object_id=str(companion.pk))
    assert entry.changes["name"] == {"old": None, "new": "SOK Dara"}
    with pytest.raises(PermissionDenied):
        services.companion_add(user=partner, invitation=invitation, name="X")

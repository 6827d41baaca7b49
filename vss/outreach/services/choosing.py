"""Choosing who comes to an event: the draw and the invitations it makes, sending them
through the message engine, the replies, the waiting list moving up when someone
declines, and what each participant needs to come."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from vss import policy
from vss.audit.models import AuditAction
from vss.audit.services import (
    StaleEdit,
    audit_entry,
    audit_record,
    audit_record_all,
    audited_update,
    diff,
    new_values,
)
from vss.core import workers
from vss.people.models import Person
from vss.policy.rights import Right

from ..draw import DrawResult, Quota, draw
from ..models import (
    DRAW_UNDER_WAY,
    Companion,
    Draw,
    DrawFailure,
    DrawStage,
    DrawStatus,
    Event,
    EventStatus,
    Invitation,
    InvitationStatus,
    MessageKind,
    SendJob,
)
from ..selectors import choosing as selectors
from ..selectors.choosing import DIMENSIONS, PoolFilters
from ..tasks import make_draw
from .sending import Content, job_queue, job_start, messages_write

if TYPE_CHECKING:
    from vss.accounts.models import User

# A seed the officer did not give: large enough that two draws never share one by chance.
SEED_BITS = 48
# Invitations that may be answered: sent, or answered already (a reply is corrected).
ANSWERABLE = (InvitationStatus.INVITED, InvitationStatus.ACCEPTED, InvitationStatus.DECLINED)
PROGRESS_EVERY = 1.0  # seconds between a running draw's progress writes


def _locked_event(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _explanation(result: DrawResult) -> dict[str, Any]:
    return {
        "pool_size": result.pool_size,
        "chosen": len(result.chosen),
        "waiting": len(result.waiting),
        "over_size": result.over_size,
        "quotas": [
            {
                "dimension": o.quota.dimension,
                "value": o.quota.value,
                "minimum": o.quota.minimum,
                "balanced": o.quota.balanced,
                "available": o.available,
                "drawn": o.drawn,
                "shortfall": o.shortfall.value if o.shortfall else "",
            }
            for o in result.outcomes
        ],
    }


def _draw_problem(
    event: Event, size: int, quotas: Sequence[Quota], balanced_by: Sequence[str]
) -> DrawFailure | None:
    """Why the draw cannot be made for the event as it stands, if it cannot: asked once
    when the draw is asked for and again when it is made, the event may have changed."""
    if event.status != EventStatus.PLANNED:
        return DrawFailure.NOT_PLANNED
    if size > event.capacity:
        return DrawFailure.TOO_LARGE
    unknown = {q.dimension for q in quotas} | set(balanced_by)
    if unknown - set(DIMENSIONS):
        return DrawFailure.QUOTAS
    return None


def _check_draw(
    event: Event, size: int, quotas: Sequence[Quota], balanced_by: Sequence[str]
) -> None:
    if size < 1:
        raise ValidationError({"size": _("Draw at least one person.")})
    problem = _draw_problem(event, size, quotas, balanced_by)
    if problem == DrawFailure.TOO_LARGE:
        raise ValidationError(
            {
                "size": _("The event has room for %(capacity)s people.")
                % {"capacity": event.capacity}
            }
        )
    if problem is not None:
        raise ValidationError(problem.label)


@transaction.atomic
def draw_make(
    *,
    user: User,
    event: Event,
    size: int,
    waiting: int = 0,
    filters: PoolFilters,
    quotas: Sequence[Quota] = (),
    balanced_by: Sequence[str] = (),
    seed: int | None = None,
) -> Draw:
    """Asks for a draw of the event's participants and its waiting list among the Civil
    Parties of its cases: the draw is recorded, queued, and made in the background
    (`draw_run`). The current draw stays current until this one is done; a draw asked
    while another is under way for the event is refused."""
    policy.require_right(user, Right.MANAGE_EVENTS)
    event = _locked_event(event)
    _check_draw(event, size, quotas, balanced_by)
    if Draw.objects.filter(event=event, status__in=DRAW_UNDER_WAY).exists():
        raise ValidationError(
            _("A draw for this event is under way: wait until it is done to ask for another.")
        )
    if seed is None:
        seed = secrets.randbits(SEED_BITS)
    asked = [{"dimension": q.dimension, "value": q.value, "minimum": q.minimum} for q in quotas] + [
        {"dimension": d, "balanced": True} for d in balanced_by
    ]
    made = Draw.objects.create(
        event=event,
        seed=seed,
        size=size,
        waiting=waiting,
        filters={k: v for k, v in asdict(filters).items() if v not in (None, [])},
        quotas=asked,
        is_current=False,
        status=DrawStatus.QUEUED,
        progress=0.0,
        made_by=user,
    )
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        obj=made,
        changes=new_values(
            {
                "seed": seed,
                "size": size,
                "waiting": waiting,
                "filters": made.filters or None,
                "quotas": asked or None,
                "status": DrawStatus.QUEUED,
            }
        ),
    )
    transaction.on_commit(lambda: make_draw.enqueue(draw_id=made.pk))
    return made


class _Failed(Exception):
    def __init__(self, failure: DrawFailure) -> None:
        super().__init__(failure.value)
        self.failure = failure


class _Progress:
    """The draw's stage and progress written on its row for its page, each write its own
    commit (the worker runs outside a transaction), at most every PROGRESS_EVERY
    seconds within a stage."""

    def __init__(self, draw_id: int) -> None:
        self.draw_id = draw_id
        self.last = 0.0

    def stage(self, stage: DrawStage, fraction: float) -> None:
        Draw.objects.filter(pk=self.draw_id).update(stage=stage, progress=fraction)
        self.last = time.monotonic()

    def within(self, start: float, end: float) -> Callable[[float], None]:
        def report(done: float) -> None:
            now = time.monotonic()
            if now - self.last >= PROGRESS_EVERY:
                fraction = start + (end - start) * min(max(done, 0.0), 1.0)
                Draw.objects.filter(pk=self.draw_id).update(progress=fraction)
                self.last = now

        return report


def _asked(made: Draw) -> tuple[PoolFilters, list[Quota], list[str]]:
    """The filters and quotas the draw was asked with, as they were recorded."""
    quotas = [
        Quota(q["dimension"], q["value"], q["minimum"])
        for q in made.quotas
        if not q.get("balanced")
    ]
    balanced_by = [q["dimension"] for q in made.quotas if q.get("balanced")]
    return PoolFilters(**made.filters), quotas, balanced_by


def draw_run(draw_id: int) -> Draw:
    """Makes a queued draw, in the background: reads the pool, draws, and writes the
    invitations and the draw's result in one transaction; the draw's page follows its
    progress. A draw that cannot be made is marked failed with its reason and nothing
    else is written. A draw already taken (a task run twice) is left alone."""
    # A draw left running by a worker that died is made again from its start: nothing of
    # it was written (its invitations are written in one transaction at its end).
    takeable = (
        (DrawStatus.QUEUED, DrawStatus.RUNNING) if workers.resumed() else (DrawStatus.QUEUED,)
    )
    claimed = Draw.objects.filter(pk=draw_id, status__in=takeable).update(
        status=DrawStatus.RUNNING, stage=DrawStage.POOL, progress=0.0
    )
    made = Draw.objects.select_related("event", "made_by").get(pk=draw_id)
    if not claimed:
        return made
    progress = _Progress(draw_id)
    filters, quotas, balanced_by = _asked(made)
    try:
        problem = _draw_problem(made.event, made.size, quotas, balanced_by)
        if problem is not None:
            raise _Failed(problem)
        pool = selectors.draw_pool(made.event, filters, progress=progress.within(0.0, 0.7))
        if not pool.candidates:
            raise _Failed(DrawFailure.EMPTY_POOL)
        progress.stage(DrawStage.DRAW, 0.7)
        result = draw(
            pool.candidates,
            size=made.size,
            seed=made.seed,
            quotas=quotas,
            balanced_by=balanced_by,
            waiting=made.waiting,
        )
        progress.stage(DrawStage.INVITATIONS, 0.85)
        _draw_finish(made, result, pool.applications, quotas, balanced_by)
    except _Failed as failed:
        _draw_fail(draw_id, failed.failure)
    except Exception:
        # The draw's page must say it failed, whatever the cause; the worker logs it.
        _draw_fail(draw_id, DrawFailure.ERROR)
        raise
    made.refresh_from_db()
    return made


@transaction.atomic
def _draw_finish(
    made: Draw,
    result: DrawResult,
    applications: dict[int, int],
    quotas: Sequence[Quota],
    balanced_by: Sequence[str],
) -> None:
    user = made.made_by
    event = _locked_event(made.event)
    if Draw.objects.get(pk=made.pk).status != DrawStatus.RUNNING:
        return  # made by a worker that ran it beside this one (queued again, see draws_resume)
    problem = _draw_problem(event, made.size, quotas, balanced_by)
    if problem is not None:
        raise _Failed(problem)
    # The pool was read before the event was locked: someone it holds may have been
    # invited since (by the current draw), and may not be drawn again.
    if Invitation.objects.filter(
        event=event, person_id__in=[*result.chosen, *result.waiting], invited_at__isnull=False
    ).exists():
        raise _Failed(DrawFailure.INVITED_MEANWHILE)
    previous = Draw.objects.select_for_update().filter(event=event, is_current=True).first()
    if previous is not None:
        previous.is_current = False
        previous.save(update_fields=["is_current"])
        audit_record(
            actor=user,
            action=AuditAction.UPDATE,
            obj=previous,
            changes={"is_current": {"old": True, "new": False}},
        )
    made = Draw.objects.select_for_update().get(pk=made.pk)
    made.status = DrawStatus.DONE
    made.stage = ""
    made.progress = 1.0
    made.is_current = True
    made.explanation = _explanation(result)
    made.pool_size = result.pool_size
    made.finished_at = timezone.now()
    made.save(
        update_fields=[
            "status",
            "stage",
            "progress",
            "is_current",
            "explanation",
            "pool_size",
            "finished_at",
        ]
    )
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=made,
        changes={
            "status": {"old": DrawStatus.RUNNING, "new": DrawStatus.DONE},
            "is_current": {"old": False, "new": True},
            "pool_size": {"old": 0, "new": result.pool_size},
        },
    )
    _invitations_for(user, event, made, result, applications)


@transaction.atomic
def _draw_fail(draw_id: int, failure: DrawFailure) -> None:
    made = Draw.objects.select_for_update().select_related("made_by").get(pk=draw_id)
    if made.status == DrawStatus.DONE:
        return  # made meanwhile by a worker that ran it beside this one
    old = made.status
    made.status = DrawStatus.FAILED
    made.failure = failure
    made.stage = ""
    made.finished_at = timezone.now()
    made.save(update_fields=["status", "failure", "stage", "finished_at"])
    audit_record(
        actor=made.made_by,
        action=AuditAction.UPDATE,
        obj=made,
        changes={
            "status": {"old": old, "new": DrawStatus.FAILED},
            "failure": {"old": None, "new": failure.value},
        },
    )


def _invitations_for(
    user: User, event: Event, made: Draw, result: DrawResult, applications: dict[int, int]
) -> None:
    """The draw's invitations, in its order; those of an earlier draw nobody sent are
    taken over when the person is drawn again, and cancelled when not."""
    unsent = {
        i.person_id: i
        for i in Invitation.objects.select_for_update().filter(event=event, invited_at__isnull=True)
    }
    ranked = [(p, InvitationStatus.CHOSEN) for p in result.chosen] + [
        (p, InvitationStatus.WAITING) for p in result.waiting
    ]
    created: list[Invitation] = []
    changed: list[tuple[Invitation, dict[str, Any]]] = []
    for rank, (person_id, status) in enumerate(ranked, start=1):
        values = {
            "status": status,
            "rank": rank,
            "draw": made.pk,
            "application": applications[person_id],
        }
        held = unsent.pop(person_id, None)
        if held is None:
            created.append(
                Invitation(
                    event=event,
                    person_id=person_id,
                    application_id=applications[person_id],
                    draw=made,
                    rank=rank,
                    status=status,
                )
            )
        else:
            changed.append((held, values))
    for held in unsent.values():
        if held.status != InvitationStatus.CANCELLED:
            changed.append((held, {"status": InvitationStatus.CANCELLED, "rank": None}))
    entries = []
    for invitation in Invitation.objects.bulk_create(created):
        entries.append(
            audit_entry(
                actor=user,
                action=AuditAction.CREATE,
                obj=invitation,
                changes=new_values(
                    {
                        "person": invitation.person_id,
                        "status": invitation.status,
                        "rank": invitation.rank,
                        "draw": made.pk,
                    }
                ),
            )
        )
    updated = []
    for invitation, values in changed:
        before = {name: _value(invitation, name) for name in values}
        for name, value in values.items():
            setattr(invitation, f"{name}_id" if name in ("draw", "application") else name, value)
        entries.append(_update_entry(user, invitation, before, values))
        updated.append(invitation)
    Invitation.objects.bulk_update(updated, ["status", "rank", "draw", "application", "version"])
    audit_record_all(entries)


def _value(invitation: Invitation, name: str) -> Any:
    return getattr(invitation, f"{name}_id" if name in ("draw", "application") else name)


def _update_entry(
    user: User, invitation: Invitation, before: dict[str, Any], after: dict[str, Any]
) -> Any:
    """The audit entry of a change made in bulk; the invitation's version moves on."""
    old_version = invitation.version
    invitation.version = old_version + 1
    return audit_entry(
        actor=user,
        action=AuditAction.UPDATE,
        obj=invitation,
        changes={
            **diff(before, after),
            "version": {"old": old_version, "new": old_version + 1},
        },
    )


def draws_resume() -> list[int]:
    """The draws a stopped worker left running, or queued with no task (the worker's
    queue lost), queued again; answers their ids. Safe at any time: a draw writes
    nothing until its last step, in one transaction, and a draw made meanwhile by a
    worker still running it is not written twice."""
    unfinished = list(
        Draw.objects.filter(status__in=DRAW_UNDER_WAY).order_by("pk").values_list("pk", flat=True)
    )
    Draw.objects.filter(pk__in=unfinished, status=DrawStatus.RUNNING).update(
        status=DrawStatus.QUEUED, stage="", progress=0.0
    )
    for pk in unfinished:
        transaction.on_commit(partial(make_draw.enqueue, draw_id=pk))
    return unfinished


# --- sending the invitations ------------------------------------------------------------


def _invitation_text(event: Event):  # type: ignore[no-untyped-def]
    def content(language: str, channel: str) -> Content:
        title = getattr(event, f"title_{language}", "") or event.title
        when = formats.date_format(timezone.localtime(event.starts_at), "DATETIME_FORMAT")
        where = event.venue or (event.village.localized_name if event.village else "")
        return Content(
            subject=_("Invitation: %(title)s") % {"title": title},
            body=_(
                "The Victims Support Section invites you to %(title)s on %(when)s at "
                "%(where)s. Please tell the Section whether you will come."
            )
            % {"title": title, "when": when, "where": where},
        )

    return content


def _invite(user: User, event: Event, invitations: list[Invitation]) -> SendJob:
    """Writes each invitation to its person by their channel and in their language, and
    sends them in the background; the message key is the event's, so a person is never
    sent the same invitation twice."""
    job = job_start(label=_("Invitations: %(event)s") % {"event": event.title}, user=user)
    messages_write(
        job=job,
        kind=MessageKind.INVITATION,
        people=Person.objects.filter(pk__in=[i.person_id for i in invitations]),
        content=_invitation_text(event),
        key=f"invite-{event.pk}",
        news=False,
        event=event,
    )
    job_queue(job)
    now = timezone.now()
    entries = []
    for invitation in invitations:
        before = {"status": invitation.status, "invited_at": None}
        invitation.status = InvitationStatus.INVITED
        invitation.invited_at = now
        entries.append(
            _update_entry(
                user,
                invitation,
                before,
                {"status": InvitationStatus.INVITED, "invited_at": now.isoformat()},
            )
        )
    Invitation.objects.bulk_update(invitations, ["status", "invited_at", "version"])
    audit_record_all(entries)
    return job


@transaction.atomic
def invitations_send(*, user: User, event: Event) -> SendJob:
    """Invites everyone the current draw chose who was not invited yet."""
    policy.require_right(user, Right.MANAGE_EVENTS)
    event = _locked_event(event)
    chosen = list(
        Invitation.objects.select_for_update()
        .filter(event=event, status=InvitationStatus.CHOSEN, draw__is_current=True)
        .order_by("rank", "pk")
    )
    if not chosen:
        raise ValidationError(_("Nobody chosen is waiting to be invited."))
    return _invite(user, event, chosen)


# --- replies and the waiting list -------------------------------------------------------

# Those who hold a place at the event: invited, or coming. The chosen not yet invited
# hold one too, since sending the invitations gives it to them.
HOLDING_A_PLACE = (InvitationStatus.CHOSEN, InvitationStatus.INVITED, InvitationStatus.ACCEPTED)


@dataclass(frozen=True)
class Reply:
    """What recording a reply did besides: whom a decline moved up from the waiting list,
    and whether a person who said they would come after all found their place given away
    and was put first on the waiting list instead."""

    moved_up: Invitation | None = None
    put_on_waiting_list: bool = False


def _waiting(event: Event) -> Any:
    # A person invited once and put back on the waiting list keeps the draw they were
    # invited from; a later draw takes over only invitations nobody sent.
    # The draw is joined on its nullable side: PostgreSQL locks no row there, so only the
    # invitations' rows are locked.
    return Invitation.objects.select_for_update(of=("self",)).filter(
        Q(draw__is_current=True) | Q(invited_at__isnull=False),
        event=event,
        status=InvitationStatus.WAITING,
    )


def _move_up(user: User, event: Event) -> Invitation | None:
    """The first of the waiting list, invited at once in the place of someone who
    declined. One who was invited before, declined and then asked to come after all has
    said they will come: they are recorded as coming, and not sent the invitation again."""
    first = _waiting(event).order_by("rank", "pk").first()
    if first is None:
        return None
    if first.invited_at is None:
        _invite(user, event, [first])
    else:
        audited_update(
            first,
            actor=user,
            values={"status": InvitationStatus.ACCEPTED},
            expected_version=first.version,
        )
    return first


def _has_free_place(event: Event, invitation: Invitation) -> bool:
    """Whether the event has a place nobody holds: the current draw's size (bounded by the
    event's capacity) against those invited, coming or chosen, this invitation apart."""
    current = Draw.objects.filter(event=event, is_current=True).only("size").first()
    places = min(event.capacity, current.size) if current else event.capacity
    held = (
        Invitation.objects.filter(event=event, status__in=HOLDING_A_PLACE)
        .exclude(pk=invitation.pk)
        .count()
    )
    return held < places


def _head_of_waiting_list(user: User, event: Event, invitation: Invitation) -> int:
    """The rank before everyone on the waiting list; ranks start at 0, so when the first
    of the list already stands there the others move down one, audited."""
    others = list(_waiting(event).exclude(pk=invitation.pk).order_by("rank", "pk"))
    ranks = [i.rank for i in others if i.rank is not None]
    if not ranks:
        return invitation.rank if invitation.rank is not None else 0
    if min(ranks) > 0:
        return min(ranks) - 1
    entries = []
    for other in others:
        before = {"rank": other.rank}
        other.rank = (other.rank or 0) + 1
        entries.append(_update_entry(user, other, before, {"rank": other.rank}))
    Invitation.objects.bulk_update(others, ["rank", "version"])
    audit_record_all(entries)
    return 0


def _answerable(invitation: Invitation) -> bool:
    # One put back on the waiting list after changing their mind may change it again.
    return invitation.status in ANSWERABLE or (
        invitation.status == InvitationStatus.WAITING and invitation.invited_at is not None
    )


@transaction.atomic
def invitation_reply(
    *, user: User, invitation: Invitation, accepted: bool, note: str = "", version: int
) -> Reply:
    """Records the person's answer. A decline by someone who held a place moves the first
    of the waiting list up and invites them; that invitation is never taken back. So one
    who declined and then says they will come after all is coming only if a place is still
    free; otherwise they go first on the waiting list."""
    policy.require_right(user, Right.MANAGE_EVENTS)
    event = _locked_event(invitation.event)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not _answerable(invitation):
        raise ValidationError(_("A reply is recorded once the invitation has been sent."))
    held_a_place = invitation.status in HOLDING_A_PLACE
    values: dict[str, Any] = {"replied_at": timezone.now(), "reply_note": note}
    waiting_list = False
    if not accepted:
        values["status"] = InvitationStatus.DECLINED
    elif held_a_place or _has_free_place(event, invitation):
        values["status"] = InvitationStatus.ACCEPTED
    else:
        waiting_list = True
        values["status"] = InvitationStatus.WAITING
        values["rank"] = _head_of_waiting_list(user, event, invitation)
    audited_update(invitation, actor=user, values=values, expected_version=version)
    if accepted or not held_a_place:
        return Reply(put_on_waiting_list=waiting_list)
    return Reply(moved_up=_move_up(user, event))


@dataclass(frozen=True)
class ReplyRefused:
    """An invitation ticked whose reply could not be recorded, and why."""

    invitation_id: int
    why: str


@dataclass(frozen=True)
class Replies:
    recorded: list[int]
    moved_up: list[int]
    refused: list[ReplyRefused]
    # Those who had declined and said they would come after all, their place given away
    # meanwhile: first on the waiting list instead (`invitation_reply`).
    put_on_waiting_list: list[int] = field(default_factory=list)


@transaction.atomic
def invitations_reply(
    *,
    user: User,
    event: Event,
    versions: Mapping[int, int],
    accepted: bool,
    note: str = "",
) -> Replies:
    """The same reply recorded for several invitations of the event, each by the single
    reply's rule (`invitation_reply`: its version checked, a decline moving the waiting
    list up, audited), in the draw's order. One that cannot be recorded (answered
    meanwhile, not yet sent, outside the user's scope) is reported with why and leaves
    the others recorded."""
    policy.require_right(user, Right.MANAGE_EVENTS)
    seen = policy.invitations_in_scope(
        user, Invitation.objects.filter(event=event, pk__in=list(versions))
    )
    found = {invitation.pk: invitation for invitation in seen.select_related("event")}
    recorded: list[int] = []
    moved_up: list[int] = []
    put_on_waiting_list: list[int] = []
    refused = [
        ReplyRefused(pk, _("No such invitation for this event."))
        for pk in versions
        if pk not in found
    ]
    for invitation in sorted(found.values(), key=lambda i: (i.rank is None, i.rank or 0, i.pk)):
        try:
            # Its own savepoint: a refused reply undoes only its own writes.
            with transaction.atomic():
                moved = invitation_reply(
                    user=user,
                    invitation=invitation,
                    accepted=accepted,
                    note=note,
                    version=versions[invitation.pk],
                )
        except StaleEdit:
            refused.append(
                ReplyRefused(
                    invitation.pk,
                    _("Changed by someone else since the list was opened: open it again."),
                )
            )
        except ValidationError as error:
            refused.append(ReplyRefused(invitation.pk, " ".join(error.messages)))
        else:
            recorded.append(invitation.pk)
            if moved.moved_up is not None:
                moved_up.append(moved.moved_up.pk)
            if moved.put_on_waiting_list:
                put_on_waiting_list.append(invitation.pk)
    return Replies(
        recorded=recorded,
        moved_up=moved_up,
        refused=refused,
        put_on_waiting_list=put_on_waiting_list,
    )


@transaction.atomic
def invitation_needs_record(
    *, user: User, invitation: Invitation, accessibility_needs: str, version: int
) -> Invitation:
    """What the person needs to come (a wheelchair, a seat near the door, help to read)."""
    policy.require_right(user, Right.MANAGE_EVENTS)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    audited_update(
        invitation,
        actor=user,
        values={"accessibility_needs": accessibility_needs},
        expected_version=version,
    )
    return invitation


@transaction.atomic
def companion_add(
    *,
    user: User,
    invitation: Invitation,
    name: str,
    relationship: str = "",
    reason: str = "",
    needs_seat: bool = True,
) -> Companion:
    """Someone who comes with an elderly or disabled participant."""
    policy.require_right(user, Right.MANAGE_EVENTS)
    if invitation.status in (InvitationStatus.DECLINED, InvitationStatus.CANCELLED):
        raise ValidationError(_("Nobody comes with a person who will not come."))
    companion = Companion.objects.create(
        invitation=invitation,
        name=name,
        relationship=relationship,
        reason=reason,
        needs_seat=needs_seat,
    )
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        obj=companion,
        changes=new_values(
            {
                "invitation": invitation.pk,
                "name": name,
                "relationship": relationship,
                "reason": reason,
                "needs_seat": needs_seat,
            }
        ),
    )
    return companion

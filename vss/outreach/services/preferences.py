"""A person's way of being reached, and their word to stop: set by the Section's staff
on the person's page, or by the person through the link every message carries."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from vss import policy
from vss.audit.models import AuditAction
from vss.audit.services import (
    audit_record,
    audited_update,
    check_version,
    new_values,
    snapshot,
)
from vss.people.models import Person
from vss.policy import Right

from ..models import ContactPreference, Subscriber
from .sending import new_stop_token

if TYPE_CHECKING:
    from vss.accounts.models import User

# How a stop was asked, kept on the preference: through a message's link, or told to
# the Section's staff, who recorded it.
STOPPED_BY_LINK = "link"
STOPPED_AT_THE_SECTION = "told the Section"


@dataclass(frozen=True)
class ReachData:
    channel: str
    email: str
    postal_address: str
    consents_to_news: bool
    consent_recorded_on: datetime.date | None


def _may_manage(user: User, person: Person) -> None:
    """Changing how a person is reached shows and writes their address: of a protected
    person, only those who may see the identity."""
    policy.require_right(user, Right.MANAGE_CONTACT_PREFERENCES)
    if not policy.can_see_identity(user, person):
        raise PermissionDenied


def _locked(person: Person) -> ContactPreference | None:
    return ContactPreference.objects.select_for_update().filter(person=person).first()


@transaction.atomic
def contact_preference_save(
    *, user: User, person: Person, data: ReachData, version: int
) -> ContactPreference:
    """Sets how the person is reached; `version` is the one the form was opened on (0
    when the person had none), so a save over someone else's is refused."""
    _may_manage(user, person)
    preference = _locked(person)
    values = asdict(data)
    if preference is None:
        if version != 0:
            raise ValidationError(_("This form was sent incomplete. Open the record again."))
        preference = ContactPreference.objects.create(
            person=person, stop_token=new_stop_token(), updated_by=user, **values
        )
        audit_record(
            actor=user,
            action=AuditAction.CREATE,
            obj=preference,
            changes=new_values({**snapshot(preference, values), "person": person.pk}),
        )
        return preference
    audited_update(
        preference,
        actor=user,
        values={**values, "updated_by": user.pk},
        expected_version=version,
        check=preference.full_clean,
    )
    return preference


@transaction.atomic
def contact_preference_stop(*, user: User, person: Person, version: int) -> ContactPreference:
    """The person told the Section they want no more messages: recorded as they asked."""
    _may_manage(user, person)
    preference = _locked(person)
    if preference is None:
        # Someone never written to asks not to be: their stop is kept all the same.
        preference = ContactPreference.objects.create(
            person=person, stop_token=new_stop_token(), updated_by=user
        )
        audit_record(
            actor=user,
            action=AuditAction.CREATE,
            obj=preference,
            changes=new_values({"person": person.pk, "channel": preference.channel}),
        )
    else:
        check_version(preference, version)
    if preference.stopped_at is not None:
        return preference
    audited_update(
        preference,
        actor=user,
        values={
            "stopped_at": timezone.now(),
            "stopped_how": STOPPED_AT_THE_SECTION,
            "updated_by": user.pk,
        },
    )
    return preference


@transaction.atomic
def contact_preference_resume(
    *, user: User, person: Person, reason: str, version: int
) -> ContactPreference:
    """Messages start again to someone who had stopped them, only with the reason on
    record: a stop is the person's word, and undoing it must say why."""
    _may_manage(user, person)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the messages resume.")})
    preference = _locked(person)
    if preference is None or preference.stopped_at is None:
        raise ValidationError(_("This person has not stopped the messages."))
    audited_update(
        preference,
        actor=user,
        values={"stopped_at": None, "stopped_how": "", "updated_by": user.pk},
        related={"resumed_because": ("", reason)},
        expected_version=version,
    )
    return preference


@transaction.atomic
def messages_stop(*, token: str, how: str) -> None:
    """Stops every message but those the person must receive by law (none today) to the
    holder of the token: a person's or a subscriber's. An unknown token answers 404, a
    token already used changes nothing."""
    now = timezone.now()
    preference = ContactPreference.objects.select_for_update().filter(stop_token=token).first()
    if preference is not None:
        if preference.stopped_at is None:
            audited_update(preference, actor=None, values={"stopped_at": now, "stopped_how": how})
        return
    subscriber = Subscriber.objects.select_for_update().filter(stop_token=token).first()
    if subscriber is None:
        raise Http404
    if subscriber.stopped_at is None:
        subscriber.stopped_at = now
        subscriber.save(update_fields=["stopped_at"])
        audit_record(
            actor=None,
            action=AuditAction.UPDATE,
            obj=subscriber,
            changes={"stopped_at": {"old": None, "new": now.isoformat()}},
        )


def preferences_merge(actor: User | None, survivor_id: int, merged_id: int) -> list[dict]:
    """A merge's rule (vss.people.merging) for the one way of being reached of each
    record: the person kept takes the folded record's when it has none, and a stop asked
    under the folded record holds for the person kept. Answers what it changed, for the
    unmerge."""
    rows = {
        p.person_id: p
        for p in ContactPreference.objects.select_for_update().filter(
            person_id__in=[survivor_id, merged_id]
        )
    }
    kept, folded = rows.get(survivor_id), rows.get(merged_id)
    if folded is None:
        return []
    if kept is None:
        audited_update(folded, actor=actor, values={"person": survivor_id})
        return [{"moved": folded.pk}]
    if folded.stopped_at is None or kept.stopped_at is not None:
        return []
    audited_update(
        kept,
        actor=actor,
        values={"stopped_at": folded.stopped_at, "stopped_how": folded.stopped_how},
    )
    return [{"stop_taken": kept.pk, "stopped_at": folded.stopped_at.isoformat()}]


def preferences_unmerge(
    actor: User | None, survivor_id: int, merged_id: int, changed: list[dict]
) -> None:
    """Puts back what `preferences_merge` changed, unless the record kept changed it
    since (a stop asked again, or resumed, stays as it is now)."""
    for change in changed:
        if "moved" in change:
            preference = (
                ContactPreference.objects.select_for_update()
                .filter(pk=change["moved"], person_id=survivor_id)
                .first()
            )
            if preference is not None:
                audited_update(preference, actor=actor, values={"person": merged_id})
            continue
        kept = (
            ContactPreference.objects.select_for_update()
            .filter(pk=change["stop_taken"], person_id=survivor_id)
            .first()
        )
        if (
            kept is not None
            and kept.stopped_at
            and kept.stopped_at.isoformat() == change["stopped_at"]
        ):
            audited_update(kept, actor=actor, values={"stopped_at": None, "stopped_how": ""})

"""Psychosocial support: a partner organisation works on the referrals made to it while
the person's consent holds, and keeps its own record of that work."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from vss.accounts.models import Role

from .rights import Right
from .roles import has_right
from .scope import ScopeFunction, in_scope

if TYPE_CHECKING:
    from vss.accounts.models import User
    from vss.support.models import Referral


def _made_to_own_organisation(user: User, referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    # A withdrawn consent takes the person out of the partner's hands.
    return referrals.filter(partner_id=user.organisation_id, consent__withdrawn_on__isnull=True)


REFERRAL_SCOPE: dict[str, ScopeFunction[Referral]] = {
    Role.PARTNER: _made_to_own_organisation,
}


def referrals_in_scope(user: User, referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    return in_scope(REFERRAL_SCOPE, user, referrals, right=Right.VIEW_SUPPORT)


def _referral_of_own_organisation(user: User, referral: Referral) -> bool:
    return referral.partner_id == user.organisation_id


# Beyond the right: which of the referrals a role may read the health notes of and record
# sessions, notes and closure on (all of them for a role not named).
REFERRAL_WORK: dict[str, Callable[[User, Referral], bool]] = {
    Role.PARTNER: _referral_of_own_organisation,
}


def _may_work_on(user: User, referral: Referral) -> bool:
    rule = REFERRAL_WORK.get(user.role)
    return rule is None or rule(user, referral)


def can_read_health_notes(user: User, referral: Referral) -> bool:
    return has_right(user, Right.READ_HEALTH_NOTES) and _may_work_on(user, referral)


def can_record_support(user: User, referral: Referral) -> bool:
    """Sessions, notes and closure are the partner's own record of its work."""
    return has_right(user, Right.RECORD_SUPPORT) and _may_work_on(user, referral)

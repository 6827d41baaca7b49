"""What support adds to the apps below it, registered from its AppConfig.ready(): the
person page's panel of psychosocial support and contacts, and the consents, referrals
and contacts that follow a person on a merge."""

from collections.abc import Mapping
from typing import Any

from vss import policy
from vss.accounts.models import User
from vss.core.panels import Panel
from vss.people.merging import Followers, MovedRows, register_moved_rows
from vss.people.models import Person
from vss.people.panels import person_panels
from vss.policy import Right

from .models import Consent, Contact, Referral
from .views.person import person_support_context


def may_see_person_support(user: User, person: Person) -> bool:
    """Whoever reads referrals, refers people or logs contacts."""
    return any(
        policy.has_right(user, right)
        for right in (Right.VIEW_SUPPORT, Right.REFER_SUPPORT, Right.LOG_CONTACTS)
    )


def referrals_on_consents_going_back(survivor_id: int, moved: Mapping[str, Any]) -> set[int]:
    """A referral rests on a consent of the person referred: one made after a merge on a
    consent given on the record folded in goes back with it on an unmerge."""
    return set(
        Referral.objects.filter(
            person_id=survivor_id, consent_id__in=moved.get("consents", [])
        ).values_list("pk", flat=True)
    )


def register() -> None:
    person_panels.register(
        Panel(
            name="support",
            template="support/_person_support.html",
            order=10,
            shown=may_see_person_support,
            context=person_support_context,
        )
    )
    # The keys name the rows in the merges on record: they do not change.
    register_moved_rows(MovedRows(key="consents", model=Consent))
    register_moved_rows(
        MovedRows(
            key="referrals",
            model=Referral,
            followers=Followers(
                audit_key="referrals_following_consent", rows=referrals_on_consents_going_back
            ),
        )
    )
    register_moved_rows(MovedRows(key="contacts", model=Contact))

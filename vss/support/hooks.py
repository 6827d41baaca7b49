"""What support adds to the apps below it, registered from its AppConfig.ready(): the
person page's panel of psychosocial support and contacts."""

from vss import policy
from vss.accounts.models import User
from vss.core.panels import Panel
from vss.people.models import Person
from vss.people.panels import person_panels
from vss.policy import Right

from .views.person import person_support_context


def may_see_person_support(user: User, person: Person) -> bool:
    """Whoever reads referrals, refers people or logs contacts."""
    return any(
        policy.has_right(user, right)
        for right in (Right.VIEW_SUPPORT, Right.REFER_SUPPORT, Right.LOG_CONTACTS)
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

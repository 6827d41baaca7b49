"""What the support app adds to a person's page."""

from typing import Any

from vss.accounts.models import User
from vss.people.models import Person

from ..forms import ContactForm
from ..selectors import person_support


def person_support_context(user: User, person: Person) -> dict[str, Any]:
    """For a person the caller has already found in the user's scope."""
    support = person_support(user, person)
    form = ContactForm(actor=user, person=person) if support.can_log_contacts else None
    return {"support": support, "contact_form": form}

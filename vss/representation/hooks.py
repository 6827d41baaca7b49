"""What representation adds to the apps below it, registered from its AppConfig.ready():
Rule 23ter in the application workflow, and the lawyers told of their clients' moves."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vss.applications import hooks as application_hooks
from vss.applications.models import Application
from vss.applications.workflow import NEEDS_LAWYER_AFTER_CLOSING_ORDER

from .clients import tell_lawyers_of_status_change
from .selectors import is_represented, rule_23ter_applies


def rule_23ter_refusal(
    *, application: Application, to_status: str, decided_on: datetime.date
) -> str | None:
    """Rule 23ter: from the Closing Order, a Civil Party goes to the judges only with a lawyer."""
    closing_order = application.case.closing_order_on
    if (
        closing_order is None
        or to_status not in NEEDS_LAWYER_AFTER_CLOSING_ORDER
        or not rule_23ter_applies(application, decided_on)
        or is_represented(application)
    ):
        return None
    return _(
        "Rule 23ter: from the Closing Order of %(case)s (%(date)s) a Civil Party must be "
        "represented by a lawyer. Add a lawyer from the list to this application first."
    ) % {"case": application.case, "date": date_format(closing_order)}


def register() -> None:
    application_hooks.register_status_check(rule_23ter_refusal)
    application_hooks.register_status_listener(tell_lawyers_of_status_change)

"""What accounts registers with the apps below it, from its AppConfig.ready(): its record
type in the audit log and the demo step that makes the organisations and accounts."""

from django.utils.translation import gettext_lazy as _

from vss.audit.registry import register_record_types
from vss.core.demo.steps import demo_steps

from .demo import AccountsDemo


def register() -> None:
    # Sign-ins and accounts come last in the log's filter, after the case work.
    register_record_types(100, ("accounts.user", _("User account")))

    # The organisations and accounts every later step records its rows by.
    demo_steps.register(100, AccountsDemo)

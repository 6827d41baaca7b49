"""What accounts registers with the apps below it, from its AppConfig.ready(): its record
type in the audit log, the menu entry of the accounts page, the receivers that write each
sign-in lockout to the audit log, start a session's idle time and note whether a sign-in
owes a second factor, and the demo step that makes the organisations and
accounts."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _

from vss import policy
from vss.audit.labels import register_label_wordings
from vss.audit.registry import register_change_labels, register_record_types
from vss.core.demo.steps import demo_steps
from vss.core.menu import MenuEntry, register_menu_entry
from vss.policy import Right

from . import audit_labels
from .demo import AccountsDemo
from .lockouts import audit_lockout
from .second_factor import note_second_factor_due
from .sessions import stamp_session


def register() -> None:
    register_label_wordings(*audit_labels.WORDINGS)
    # Sign-ins and accounts come last in the log's filter, after the case work.
    register_record_types(
        100, ("accounts.user", _("User account")), ("accounts.apitoken", _("API token"))
    )
    # What the log says of an account or a token that is not one of its fields.
    register_change_labels(
        "accounts.user",
        {
            "locked_out": _("locked out"),
            "second_factor": _("second factor"),
            "recovery_code": _("recovery code"),
            "recovery_codes_left": _("recovery codes left"),
        },
    )
    register_change_labels(
        "accounts.apitoken", {"refused_because": _("refused because"), "account": _("account")}
    )

    register_menu_entry(
        MenuEntry(
            "accounts:users", _("Accounts"), 130, visible=policy.holds_right(Right.MANAGE_ACCOUNTS)
        )
    )

    user_locked_out.connect(audit_lockout, dispatch_uid="vss.accounts.audit_lockout")
    user_logged_in.connect(stamp_session, dispatch_uid="vss.accounts.stamp_session")
    user_logged_in.connect(
        note_second_factor_due, dispatch_uid="vss.accounts.note_second_factor_due"
    )

    # The organisations and accounts every later step records its rows by.
    demo_steps.register(100, AccountsDemo)

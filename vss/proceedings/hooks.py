"""What proceedings registers with the apps below it, from its AppConfig.ready(): its
record type in the audit log and its menu entry."""

from django.utils.translation import gettext_lazy as _

from vss import policy
from vss.audit.registry import register_record_types
from vss.core.menu import MenuEntry, register_menu_entry
from vss.policy import Right


def register() -> None:
    register_record_types(30, ("proceedings.case", _("Case")))

    register_menu_entry(
        MenuEntry(
            "proceedings:case_list",
            _("Cases"),
            50,
            visible=policy.holds_right(Right.VIEW_APPLICATIONS),
        )
    )

"""What the reports app adds to the apps below it, from its AppConfig.ready(): its entry
in the staff menu. Each report registers itself in `registry.reports` from here."""

from django.utils.translation import gettext_lazy as _

from vss import policy
from vss.core.menu import MenuEntry, register_menu_entry
from vss.policy import Right


def register() -> None:
    register_menu_entry(
        MenuEntry(
            "reports:index", _("Reports"), 127, visible=policy.holds_right(Right.VIEW_STATISTICS)
        )
    )

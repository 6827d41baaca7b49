"""What proceedings registers with the apps below it, from its AppConfig.ready(): its
record type in the audit log, its menu entry and the demo case."""

from django.utils.translation import gettext_lazy as _

from vss import policy
from vss.audit.registry import register_record_types
from vss.core.demo.steps import demo_steps
from vss.core.menu import MenuEntry, register_menu_entry
from vss.policy import Right

from .demo import DemoCaseDemo


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
    # Last: every other step has read the cases it gives applications to.
    demo_steps.register(900, DemoCaseDemo)

"""What the audit log registers with the apps below it, from its AppConfig.ready(): its
menu entry and the export of the log."""

from django.utils.translation import gettext_lazy as _

from vss import policy
from vss.core.menu import MenuEntry, register_menu_entry
from vss.exports.registry import register_list_export
from vss.policy import Right

from . import audit_labels
from .exports import AUDIT_LOG_EXPORT
from .labels import register_label_wordings


def register() -> None:
    register_label_wordings(*audit_labels.WORDINGS)
    register_list_export(AUDIT_LOG_EXPORT)
    register_menu_entry(
        MenuEntry(
            "audit:list", _("Audit log"), 120, visible=policy.holds_right(Right.VIEW_AUDIT_LOG)
        )
    )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "vss.audit"
    label = "audit"

    def ready(self) -> None:
        from vss import policy
        from vss.core.menu import MenuEntry, register_menu_entry
        from vss.policy import Right

        register_menu_entry(
            MenuEntry(
                "audit:list", _("Audit log"), 120, visible=policy.holds_right(Right.VIEW_AUDIT_LOG)
            )
        )

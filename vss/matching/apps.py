from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "vss.matching"
    label = "matching"

    def ready(self) -> None:
        from vss import policy
        from vss.core.menu import MenuEntry, register_menu_entry
        from vss.policy import Right

        register_menu_entry(
            MenuEntry(
                "matching:queue",
                _("Duplicates"),
                70,
                visible=policy.holds_right(Right.REVIEW_DUPLICATES),
            )
        )

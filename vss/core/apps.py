from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "vss.core"
    label = "core"

    def ready(self) -> None:
        from .home import has_home_page
        from .menu import MenuEntry, register_menu_entry

        register_menu_entry(MenuEntry("core:home", _("Work queue"), 10, visible=has_home_page))

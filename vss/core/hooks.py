"""What the core registers in its own menu, from its AppConfig.ready(): the work queue, for
whoever has a section in it."""

from django.utils.translation import gettext_lazy as _

from .home import has_home_page
from .menu import MenuEntry, register_menu_entry


def register() -> None:
    register_menu_entry(MenuEntry("core:home", _("Work queue"), 10, visible=has_home_page))

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "vss.portal"
    label = "portal"
    verbose_name = _("Victims' portal")

    def ready(self) -> None:
        from . import hooks

        hooks.register()

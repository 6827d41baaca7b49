from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "vss.support"
    label = "support"
    verbose_name = _("Psychosocial support and contacts")

    def ready(self) -> None:
        from . import hooks

        hooks.register()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "vss.imports"
    label = "imports"
    verbose_name = _("Imports of forms")

    def ready(self) -> None:
        from . import hooks

        hooks.register()

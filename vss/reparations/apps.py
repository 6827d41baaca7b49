from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReparationsConfig(AppConfig):
    name = "vss.reparations"
    label = "reparations"
    verbose_name = _("Reparations and non-judicial measures")

    def ready(self) -> None:
        from . import hooks

        hooks.register()

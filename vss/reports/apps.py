from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "vss.reports"
    label = "reports"
    verbose_name = _("Reports and figures")

    def ready(self) -> None:
        from . import hooks

        hooks.register()

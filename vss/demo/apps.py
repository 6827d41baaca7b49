from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "vss.demo"
    label = "demo"

    def ready(self) -> None:
        from vss.audit.registry import register_record_types

        # The run of the demo data is one entry of the log, by this name in its filter.
        register_record_types(90, ("demo_data", _("Demo data")))

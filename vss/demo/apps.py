from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "vss.demo"
    label = "demo"

    def ready(self) -> None:
        from vss.audit.registry import register_change_labels, register_record_types

        # The run of the demo data is one entry of the log, by this name in its filter,
        # with what it wrote named in the reader's language.
        register_record_types(90, ("demo_data", _("Demo data")))
        register_change_labels(
            "demo_data",
            {
                "applicants": _("applicants"),
                "applications": _("applications"),
                "seed": _("seed of the random draws"),
                "rows": _("rows written, by table"),
            },
        )

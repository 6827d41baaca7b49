from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepresentationConfig(AppConfig):
    name = "vss.representation"
    label = "representation"
    verbose_name = _("Legal representation")

    def ready(self) -> None:
        from . import hooks

        hooks.register()

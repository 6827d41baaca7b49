from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "vss.applications"
    label = "applications"

    def ready(self) -> None:
        from . import hooks

        hooks.register()

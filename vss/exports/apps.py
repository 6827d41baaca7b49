from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "vss.exports"
    label = "exports"

    def ready(self) -> None:
        from . import hooks

        hooks.register()

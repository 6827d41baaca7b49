from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "vss.core"
    label = "core"

    def ready(self) -> None:
        from . import hooks, workers

        hooks.register()
        workers.connect_signals()

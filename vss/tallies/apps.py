from django.apps import AppConfig


class TalliesConfig(AppConfig):
    name = "vss.tallies"
    label = "tallies"

    def ready(self) -> None:
        from . import hooks

        hooks.register()

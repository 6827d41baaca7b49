from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "vss.matching"
    label = "matching"

    def ready(self) -> None:
        from . import hooks

        hooks.register()

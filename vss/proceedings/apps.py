from django.apps import AppConfig


class ProceedingsConfig(AppConfig):
    name = "vss.proceedings"
    label = "proceedings"

    def ready(self) -> None:
        from . import hooks

        hooks.register()

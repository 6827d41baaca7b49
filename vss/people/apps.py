from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "vss.people"
    label = "people"

    def ready(self) -> None:
        from . import hooks

        hooks.register()

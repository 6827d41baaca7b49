from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "vss.accounts"
    label = "accounts"

    def ready(self) -> None:
        from . import hooks

        hooks.register()

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "vss.accounts"
    label = "accounts"

    def ready(self) -> None:
        from vss.core.demo.steps import demo_steps

        from .demo import AccountsDemo

        # The organisations and accounts every later step records its rows by.
        demo_steps.register(100, AccountsDemo)

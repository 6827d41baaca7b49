from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "vss.accounts"
    label = "accounts"

    def ready(self) -> None:
        from vss.audit.registry import register_record_types
        from vss.core.demo.steps import demo_steps

        from .demo import AccountsDemo

        # Sign-ins and accounts come last in the log's filter, after the case work.
        register_record_types(100, ("accounts.user", _("User account")))

        # The organisations and accounts every later step records its rows by.
        demo_steps.register(100, AccountsDemo)

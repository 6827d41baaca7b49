from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "vss.audit"
    label = "audit"

    def ready(self) -> None:
        from . import hooks

        hooks.register()

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "vss.audit"
    label = "audit"

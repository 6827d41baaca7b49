from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "vss.core"
    label = "core"

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "vss.api"
    label = "api"
    verbose_name = "API"

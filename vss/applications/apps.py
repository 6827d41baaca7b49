from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "vss.applications"
    label = "applications"

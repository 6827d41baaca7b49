from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "vss.demo"
    label = "demo"

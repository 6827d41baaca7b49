from django.apps import AppConfig


class ProceedingsConfig(AppConfig):
    name = "vss.proceedings"
    label = "proceedings"

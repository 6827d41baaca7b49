from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "vss.matching"
    label = "matching"

from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "vss.people"
    label = "people"

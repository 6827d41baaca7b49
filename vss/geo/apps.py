from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "vss.geo"
    label = "geo"

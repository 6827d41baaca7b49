"""The reports' pages under /reports/; each part adds its own paths here."""

from django.urls import include, path

from . import views

app_name = "reports"
urlpatterns: list = [
    path("reports/", include(views.urlpatterns)),
    path("reports/map/", views.province_map, name="map"),
]

"""The reports' pages under /reports/, and the public figures at /figures/; each part adds
its own paths here."""

from django.urls import include, path

from . import annex, public, table_views, views
from .dashboard import views as dashboard

app_name = "reports"
urlpatterns: list = [
    path("reports/", include(views.urlpatterns)),
    path("reports/map/", views.province_map, name="map"),
    *public.urlpatterns,
    path("reports/", include(annex.urlpatterns)),
    path("reports/", include(dashboard.urlpatterns)),
    path("reports/", include(table_views.urlpatterns())),
]

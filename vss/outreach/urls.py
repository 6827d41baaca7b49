"""Each area of outreach lists its own pages beside its views."""

from .views import stop

app_name = "outreach"
urlpatterns = [
    *stop.urlpatterns,
]

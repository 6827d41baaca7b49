"""Each area of outreach lists its own pages beside its views."""

from .views import choosing, focal, stop

app_name = "outreach"
urlpatterns = [
    *stop.urlpatterns,
    *choosing.urlpatterns,
    *focal.urlpatterns,
]

"""Each area of outreach lists its own pages beside its views."""

from .views import calendar, choosing, events, focal, stop

app_name = "outreach"
urlpatterns = [
    *stop.urlpatterns,
    *choosing.urlpatterns,
    *focal.urlpatterns,
    *events.urlpatterns,
    *calendar.urlpatterns,
]

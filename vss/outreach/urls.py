"""Each area of outreach lists its own pages beside its views."""

from .views import (
    attendance,
    calendar,
    choosing,
    events,
    focal,
    logistics,
    messages,
    newsletters,
    preferences,
    sends,
    stop,
    webhooks,
)

app_name = "outreach"
urlpatterns = [
    *stop.urlpatterns,
    *choosing.urlpatterns,
    *focal.urlpatterns,
    *events.urlpatterns,
    *calendar.urlpatterns,
    *preferences.urlpatterns,
    *messages.urlpatterns,
    *webhooks.urlpatterns,
    *newsletters.urlpatterns,
    *sends.urlpatterns,
    *logistics.urlpatterns,
    *attendance.urlpatterns,
]

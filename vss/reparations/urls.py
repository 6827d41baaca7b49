"""Each area of the programme lists its own pages beside its views."""

from .views import consultation, funding, implementation, projects, public

app_name = "reparations"
urlpatterns = [
    *projects.urlpatterns,
    *consultation.urlpatterns,
    *funding.urlpatterns,
    *implementation.urlpatterns,
    *public.urlpatterns,
]

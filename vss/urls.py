from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from vss.accounts.views import set_language
from vss.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("i18n/js/", login_not_required(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path("accounts/", include("vss.accounts.urls")),
    path("audit/", include("vss.audit.urls")),
    path("exports/", include("vss.exports.urls")),
    path("applications/", include("vss.applications.urls")),
    path("people/", include("vss.people.urls")),
    path("geo/", include("vss.geo.urls")),
    path("cases/", include("vss.proceedings.urls")),
    path("duplicates/", include("vss.matching.urls")),
    path("representation/", include("vss.representation.urls")),
    path("notifications/", include("vss.notifications.urls")),
    path("support/", include("vss.support.urls")),
    path("reparations/", include("vss.reparations.urls")),
    path("outreach/", include("vss.outreach.urls")),
    path("imports/", include("vss.imports.urls")),
    path("api/v1/", include("vss.api.urls")),
    path("", include("vss.reports.urls")),
    # The public site's home answers at the root before the work queue: it hands a
    # signed-in user to the work queue, whose name (core:home) still gives the root.
    path("", include("vss.portal.urls")),
    path("", include("vss.core.urls")),
]

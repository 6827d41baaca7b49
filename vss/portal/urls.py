"""The public site answers at the root for anyone not signed in; the paths of each part
(the site's pages, applying, following an application, the newsletter, intake from
devices) are listed here in that order."""

from .views import content, site

app_name = "portal"
urlpatterns: list = [
    # The public site and the staff pages that write its texts.
    *site.urlpatterns,
    *content.urlpatterns,
]

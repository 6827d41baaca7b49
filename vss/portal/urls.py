"""The public site answers at the root for anyone not signed in; the paths of each part
(the site's pages, applying, following an application, the newsletter, intake from
devices) are listed here in that order."""

from django.urls import include, path

from .views import apply, content, follow, intake, newsletter, receipts, site

app_name = "portal"
urlpatterns: list = [
    # The public site and the staff pages that write its texts.
    *site.urlpatterns,
    *content.urlpatterns,
    # Applying online: one step per page; the step's name is all a URL says.
    path("apply/", apply.apply_start, name="apply"),
    path("apply/receipt/", apply.apply_receipt, name="apply_receipt"),
    path("apply/<slug:step>/", apply.apply_step, name="apply_step"),
    # Following an application, and the receipts that open it.
    path("follow/", follow.follow, name="follow"),
    path("receipts/<int:pk>/", receipts.receipt_print, name="receipt_print"),
    # The newsletter, signed up for and confirmed from the message's link.
    path("newsletter/", include(newsletter.urlpatterns)),
    # Intake with no connection: the intermediaries' installable app.
    path("intake/", include(intake.urlpatterns)),
]

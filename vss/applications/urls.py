from django.urls import path

from . import views

app_name = "applications"
urlpatterns = [
    path("", views.application_list, name="list"),
    path("receive/", views.application_receive_batch, name="receive_batch"),
    path("new/", views.form_create, name="form_create"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/transition/", views.application_transition, name="transition"),
    path("<int:pk>/vif.pdf", views.application_vif_pdf, name="vif_pdf"),
    path("<int:pk>/receipt.pdf", views.application_receipt_pdf, name="receipt_pdf"),
    path("forms/<int:pk>/edit/", views.form_edit, name="form_edit"),
    path("forms/<int:pk>/documents/", views.document_upload, name="document_upload"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
]

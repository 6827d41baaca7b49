from django.urls import path

from . import views

app_name = "exports"
urlpatterns = [
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
    path("", views.export_start, name="start"),
]

from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.home, name="home"),
    path("upload/", views.upload, name="upload"),
    path("template/", views.template, name="template"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/import/", views.confirm, name="confirm"),
    path("<int:pk>/report/", views.report, name="report"),
]

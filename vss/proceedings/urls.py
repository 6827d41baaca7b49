from django.urls import path

from . import views

app_name = "proceedings"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("<int:pk>/edit/", views.case_edit, name="case_edit"),
]

from django.urls import path

from . import views

app_name = "geo"
urlpatterns = [path("villages/", views.village_options, name="village_options")]

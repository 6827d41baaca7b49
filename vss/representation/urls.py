from django.urls import path

from .views import clients

app_name = "representation"
urlpatterns = [
    path("my-clients/", clients.my_clients, name="my_clients"),
    path("applications/<int:pk>/notes/", clients.client_note_add, name="client_note_add"),
]

from django.urls import path

from . import views

app_name = "matching"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("runs/", views.run_start, name="run_start"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("candidates/<int:pk>/", views.review, name="review"),
    path("candidates/<int:pk>/merge/", views.merge, name="merge"),
    path("candidates/<int:pk>/different/", views.different, name="different"),
    path("merges/<int:pk>/", views.merge_detail, name="merge_detail"),
    path("merges/<int:pk>/undo/", views.unmerge, name="unmerge"),
    path("live/", views.live_check, name="live_check"),
]

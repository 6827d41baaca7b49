from django.urls import path

from .views import groups

app_name = "representation"
urlpatterns = [
    path("groups/", groups.group_cases, name="group_cases"),
    path("cases/<int:case_pk>/groups/", groups.group_list, name="group_list"),
    path("cases/<int:case_pk>/groups/new/", groups.group_create, name="group_create"),
    path("cases/<int:case_pk>/grouping/", groups.grouping_tool, name="grouping_tool"),
    path("cases/<int:case_pk>/grouping/confirm/", groups.grouping_confirm, name="grouping_confirm"),
    path("cases/<int:case_pk>/consolidated/", groups.consolidated_group, name="consolidated"),
    path("groups/<int:pk>/", groups.group_detail, name="group_detail"),
    path("groups/<int:pk>/edit/", groups.group_edit, name="group_edit"),
    path("groups/<int:pk>/archive/", groups.group_archive, name="group_archive"),
]

from django.urls import path

from .views import clients, groups, lawyers, representation

app_name = "representation"
urlpatterns = [
    path("lawyers/", lawyers.lawyer_list, name="lawyer_list"),
    path("lawyers/new/", lawyers.lawyer_create, name="lawyer_create"),
    path("lawyers/choices/", lawyers.lawyer_choices, name="lawyer_choices"),
    path("lawyers/<int:pk>/", lawyers.lawyer_detail, name="lawyer_detail"),
    path("lawyers/<int:pk>/edit/", lawyers.lawyer_edit, name="lawyer_edit"),
    path("lawyers/<int:pk>/decide/", lawyers.lawyer_decide, name="lawyer_decide"),
    path(
        "lawyers/<int:pk>/documents/", lawyers.lawyer_document_upload, name="lawyer_document_upload"
    ),
    path("lawyers/<int:pk>/account/", lawyers.lawyer_link_account, name="lawyer_link_account"),
    path("lawyers/<int:pk>/caseload/", lawyers.lawyer_caseload, name="lawyer_caseload"),
    path(
        "lawyer-documents/<int:pk>/",
        lawyers.lawyer_document_download,
        name="lawyer_document_download",
    ),
    path("cases/<int:pk>/lead-co-lawyers/", lawyers.case_lead_co_lawyers, name="case_leads"),
    path("cases/<int:pk>/lead-co-lawyers/appoint/", lawyers.lead_appoint, name="lead_appoint"),
    path("lead-co-lawyers/<int:pk>/end/", lawyers.lead_end, name="lead_end"),
    path(
        "applications/<int:pk>/lawyers/",
        representation.representation_add,
        name="representation_add",
    ),
    path("mandates/<int:pk>/end/", representation.representation_end, name="representation_end"),
    path(
        "mandates/<int:pk>/power-of-attorney/",
        representation.power_of_attorney_download,
        name="power_of_attorney_download",
    ),
    path(
        "mandates/<int:pk>/power-of-attorney/attach/",
        representation.power_of_attorney_attach,
        name="power_of_attorney_attach",
    ),
    path(
        "applications/<int:pk>/conflicts/", representation.conflict_declare, name="conflict_declare"
    ),
    path("conflicts/<int:pk>/lift/", representation.conflict_lift, name="conflict_lift"),
    path("without-a-lawyer/", representation.without_lawyer, name="without_lawyer"),
    path(
        "without-a-lawyer/to-group/",
        representation.civil_parties_to_group,
        name="civil_parties_to_group",
    ),
    path("my-clients/", clients.my_clients, name="my_clients"),
    path("applications/<int:pk>/notes/", clients.client_note_add, name="client_note_add"),
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

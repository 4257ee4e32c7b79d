from django.urls import path

from tenant_apps.alumni.records.backoffice import views

urlpatterns = [
    path("", views.RecordListView.as_view(), name="record_list"),
    path("new/", views.RecordFormView.as_view(), name="record_add"),
    path("import/", views.RecordImportView.as_view(), name="record_import"),
    path("import/template/", views.RecordImportTemplateView.as_view(), name="record_import_template"),
    path("<int:pk>/", views.RecordDetailView.as_view(), name="record_detail"),
    path("<int:pk>/edit/", views.RecordFormView.as_view(), name="record_edit"),
    path("members/", views.MemberListView.as_view(), name="member_list"),
    path("members/review/", views.MemberReviewListView.as_view(), name="member_review"),
    path("members/groups/", views.MemberGroupView.as_view(), name="member_groups"),
    path("members/<int:pk>/", views.MemberDetailView.as_view(), name="member_detail"),
    path("duplicates/", views.DuplicateListView.as_view(), name="duplicates"),
    path("merge/<int:a>/<int:b>/", views.MergeView.as_view(), name="merge"),
    path("merges/", views.MergeLogView.as_view(), name="merge_log"),
    path("aliases/", views.AliasView.as_view(), name="aliases"),
    path("fields/", views.CustomFieldView.as_view(), name="custom_fields"),
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
]

from django.urls import path

from tenant_apps.alumni.records.api import views

urlpatterns = [
    path("records/", views.RecordListAPI.as_view(), name="record-list"),
    path("records/<int:pk>/", views.RecordDetailAPI.as_view(), name="record-detail"),
    path("records/<int:pk>/deceased/", views.RecordDeceasedAPI.as_view(), name="record-deceased"),
    path("members/", views.MemberListAPI.as_view(), name="member-list"),
    path("members/<int:pk>/candidates/", views.MemberCandidatesAPI.as_view(), name="member-candidates"),
    path("members/<int:pk>/review/", views.MemberReviewAPI.as_view(), name="member-review"),
    path("candidates/<int:pk>/confirm/", views.CandidateConfirmAPI.as_view(), name="candidate-confirm"),
    path("candidates/<int:pk>/reject/", views.CandidateRejectAPI.as_view(), name="candidate-reject"),
    path("duplicates/", views.DuplicateListAPI.as_view(), name="duplicate-list"),
    path("merges/", views.MergeAPI.as_view(), name="merge-list"),
    path("merges/preview/", views.MergePreviewAPI.as_view(), name="merge-preview"),
    path("merges/<int:pk>/reverse/", views.MergeReverseAPI.as_view(), name="merge-reverse"),
    path("aliases/", views.AliasListAPI.as_view(), name="alias-list"),
    path("statistics/", views.StatisticsAPI.as_view(), name="statistics"),
]

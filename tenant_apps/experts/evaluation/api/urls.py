from django.urls import path

from tenant_apps.experts.evaluation.api import views

urlpatterns = [
    path("indicator-sets/", views.IndicatorSetListAPI.as_view(), name="indicator_set_list"),
    path("indicator-sets/<int:pk>/", views.IndicatorSetDetailAPI.as_view(), name="indicator_set_detail"),
    path("indicator-sets/<int:pk>/activate/", views.IndicatorSetActivateAPI.as_view(), name="indicator_set_activate"),
    path("projects/<int:pk>/", views.ProjectSheetAPI.as_view(), name="project_sheet"),
    path("draws/<int:pk>/round/", views.DrawRoundAPI.as_view(), name="draw_round"),
    path("members/<int:pk>/evaluation/", views.MemberEvaluationAPI.as_view(), name="member_evaluation"),
    path("experts/", views.ExpertOverviewAPI.as_view(), name="expert_list"),
    path("experts/<int:pk>/", views.ExpertHistoryAPI.as_view(), name="expert_history"),
    path("rules/", views.RuleListAPI.as_view(), name="rule_list"),
    path("rules/<int:pk>/", views.RuleDetailAPI.as_view(), name="rule_detail"),
    path("flags/", views.FlagListAPI.as_view(), name="flag_list"),
    path("flags/recheck/", views.FlagRecheckAPI.as_view(), name="flag_recheck"),
    path("flags/<int:pk>/review/", views.FlagReviewAPI.as_view(), name="flag_review"),
]

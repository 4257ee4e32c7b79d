from django.urls import path

from tenant_apps.experts.evaluation.backoffice import views

urlpatterns = [
    # Menu entries highlight by URL prefix, so no page lives at the root itself.
    path("projects/", views.ProjectListView.as_view(), name="project_list"),
    path("projects/<int:pk>/", views.ProjectScoringView.as_view(), name="project_scores"),
    path("experts/", views.ExpertOverviewView.as_view(), name="expert_list"),
    path("experts/<int:pk>/", views.ExpertHistoryView.as_view(), name="expert_history"),
    path("indicators/", views.IndicatorSetListView.as_view(), name="indicator_sets"),
    path("indicators/new/", views.IndicatorSetFormView.as_view(), name="indicator_set_add"),
    path("indicators/<int:pk>/", views.IndicatorSetFormView.as_view(), name="indicator_set_edit"),
    path("rules/", views.RuleListView.as_view(), name="rules"),
    path("rules/<int:pk>/", views.RuleFormView.as_view(), name="rule_edit"),
    path("flags/", views.FlagListView.as_view(), name="flags"),
]

from django.urls import path

from tenant_apps.employment.recommend.backoffice import views

urlpatterns = [
    path("", views.IntentionStatisticsView.as_view(), name="statistics"),
    path("export/", views.IntentionExportView.as_view(), name="export"),
    path("recompute/", views.RecomputeView.as_view(), name="recompute"),
]

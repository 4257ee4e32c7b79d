from django.urls import path

from tenant_apps.employment.recommend.api import views

urlpatterns = [
    path("mine/", views.MyRecommendationsAPI.as_view(), name="recommend-mine"),
    path("intention/", views.IntentionAPI.as_view(), name="recommend-intention"),
    path("preferences/", views.PreferencesAPI.as_view(), name="recommend-preferences"),
    path("statistics/", views.IntentionStatisticsAPI.as_view(), name="recommend-statistics"),
    path("recompute/", views.RecomputeAPI.as_view(), name="recommend-recompute"),
]

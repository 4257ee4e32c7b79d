from django.urls import path

from tenant_apps.employment.recommend.h5 import views

urlpatterns = [
    path("", views.RecommendationListView.as_view(), name="list"),
    path("intention/", views.IntentionView.as_view(), name="intention"),
    path("preferences/", views.PreferencesView.as_view(), name="preferences"),
]

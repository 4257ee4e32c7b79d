from django.urls import path

from tenant_apps.employment.statistics.api import views

urlpatterns = [
    path("", views.StatisticsAPI.as_view(), name="statistics"),
]

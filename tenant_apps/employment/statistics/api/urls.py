from django.urls import path

from tenant_apps.employment.statistics.api import student_views, views

urlpatterns = [
    path("", views.StatisticsAPI.as_view(), name="statistics"),
    path("students/", student_views.StudentStatisticsAPI.as_view(), name="statistics-students"),
]

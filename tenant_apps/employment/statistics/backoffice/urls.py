from django.urls import path

from tenant_apps.employment.statistics.backoffice import student_views, views

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("export/", views.ExportView.as_view(), name="export"),
    path("students/", student_views.StudentStatisticsView.as_view(), name="students"),
    path("students/export/", student_views.StudentStatisticsExportView.as_view(), name="students_export"),
]

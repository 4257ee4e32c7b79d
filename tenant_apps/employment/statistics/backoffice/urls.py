from django.urls import path

from tenant_apps.employment.statistics.backoffice import views

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("export/", views.ExportView.as_view(), name="export"),
]

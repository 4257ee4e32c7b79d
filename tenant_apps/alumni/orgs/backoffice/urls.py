from django.urls import path

from tenant_apps.alumni.orgs.backoffice import views

urlpatterns = [
    path("", views.OrgListView.as_view(), name="org_list"),
    path("new/", views.OrgFormView.as_view(), name="org_add"),
    path("exports/", views.ExportListView.as_view(), name="exports"),
    path("exports/<int:pk>/download/", views.ExportDownloadView.as_view(), name="export_download"),
    path("<int:pk>/", views.OrgDetailView.as_view(), name="org_detail"),
    path("<int:pk>/edit/", views.OrgFormView.as_view(), name="org_edit"),
]

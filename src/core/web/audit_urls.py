from django.urls import path

from core.web import audit_views as views

app_name = "audit"
urlpatterns = [
    path("", views.AuditEventListView.as_view(), name="list"),
    path("export/", views.AuditEventExportView.as_view(), name="export"),
    path("<int:pk>/", views.AuditEventDetailView.as_view(), name="detail"),
]

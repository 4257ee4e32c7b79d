from django.urls import path

from core.api.reveal import PersonalDataRevealAPI
from core.api.views import AuditEventListView, TenantInfoView

urlpatterns = [
    path("tenant/", TenantInfoView.as_view(), name="tenant"),
    path("audit-events/", AuditEventListView.as_view(), name="audit_event_list"),
    path("reveal/", PersonalDataRevealAPI.as_view(), name="personal_data_reveal"),
]

"""Mounted in the tenant back office (config.urls_tenants, under /admin-ui/impersonate/): where
vendor staff arrive from the console and leave again."""

from django.urls import path

from shared_apps.console import tenant_views

urlpatterns = [
    # "logout" in the path keeps it reachable for read-only tenants (core.tenancy exempts it).
    path("logout/", tenant_views.impersonation_end_view, name="impersonation_end"),
    path("ended/", tenant_views.impersonation_ended_view, name="impersonation_ended"),
    path("<str:token>/", tenant_views.impersonation_enter_view, name="impersonation_enter"),
]

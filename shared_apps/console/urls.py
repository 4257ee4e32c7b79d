from django.urls import path

from shared_apps.console import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("tenants/", views.TenantListView.as_view(), name="tenant_list"),
    path("tenants/<slug:slug>/", views.TenantDetailView.as_view(), name="tenant_detail"),
    path("tenants/<slug:slug>/suspend/", views.TenantSuspendView.as_view(), name="tenant_suspend"),
    path("tenants/<slug:slug>/resume/", views.TenantResumeView.as_view(), name="tenant_resume"),
    path("tenants/<slug:slug>/modules/", views.TenantModulesView.as_view(), name="tenant_modules"),
    path("audit/", views.AuditListView.as_view(), name="audit_list"),
]

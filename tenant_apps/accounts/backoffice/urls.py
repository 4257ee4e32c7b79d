from django.urls import include, path

from tenant_apps.accounts.backoffice import views

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("heartbeat/", views.heartbeat_view, name="heartbeat"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("security/", include("tenant_apps.accounts.backoffice.security_urls")),
    path("users/import/", include("tenant_apps.accounts.backoffice.import_urls")),
    # users/, groups/, org-units/ pages: see management_urls
    path("", include("tenant_apps.accounts.backoffice.management_urls")),
]

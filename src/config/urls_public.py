"""The public site (bare base domain and www.): onboarding and billing webhooks."""

from django.urls import include, path

from core.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("billing/", include("shared_apps.billing.urls")),
    path("", include("shared_apps.provisioning.urls")),
]

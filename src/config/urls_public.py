"""The public site (bare base domain and www.): onboarding and billing webhooks."""

from django.urls import include, path

from core.health import healthz
from core.web.views import favicon

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("billing/", include("shared_apps.billing.urls")),
    path("", include("shared_apps.provisioning.urls")),
]

handler400 = "core.web.errors.handler400"
handler403 = "core.web.errors.handler403"
handler404 = "core.web.errors.handler404"
handler500 = "core.web.errors.handler500"

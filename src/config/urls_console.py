"""console.<base>: the vendor staff console (public schema)."""

from django.urls import include, path

from core.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", include(("shared_apps.console.urls", "console"))),
]

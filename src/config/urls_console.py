"""console.<base>: the vendor staff console (public schema)."""

from django.urls import include, path

from core.health import healthz
from core.web.views import favicon

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("", include(("shared_apps.console.urls", "console"))),
    path("crawler/", include(("shared_apps.crawler.urls", "crawler"))),
    path("workdays/", include(("shared_apps.workdays.urls", "workdays"))),
]

handler400 = "core.web.errors.handler400"
handler403 = "core.web.errors.handler403"
handler404 = "core.web.errors.handler404"
handler500 = "core.web.errors.handler500"

"""The OpenAPI schema and Swagger UI of a tenant's API, served offline.

Swagger UI's assets come from drf-spectacular-sidecar (our /static/), and its start-up code
is fetched as a separate script (the "split" view) so that the page works under our CSP,
which refuses inline scripts without a nonce.
"""

from __future__ import annotations

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

SCHEMA_URLCONF = "config.urls_api_schema"


class APISchemaView(SpectacularAPIView):
    urlconf = SCHEMA_URLCONF


class APIDocsView(SpectacularSwaggerSplitView):
    url_name = "api-schema"
    title = "接口文档"

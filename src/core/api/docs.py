"""The OpenAPI schema and Swagger UI of a tenant's API, served offline.

Swagger UI's assets come from drf-spectacular-sidecar (our /static/), and its start-up code
is fetched as a separate script (the "split" view) so that the page works under our CSP,
which refuses inline scripts without a nonce.
"""

from __future__ import annotations

import threading

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.response import Response

SCHEMA_URLCONF = "config.urls_api_schema"


class APISchemaView(SpectacularAPIView):
    """The schema is the same for every tenant and request (one URL conf, served public), and
    building it walks every endpoint (seconds for the whole API): built once per process."""

    urlconf = SCHEMA_URLCONF
    _built: dict = {}
    _lock = threading.Lock()

    def _get_schema_response(self, request):
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (version, self.serve_public)
        with self._lock:
            if key not in self._built:
                generator = self.generator_class(urlconf=self.urlconf, api_version=version, patterns=self.patterns)
                self._built[key] = generator.get_schema(request=request, public=self.serve_public)
        return Response(data=self._built[key], headers={"Content-Disposition": f'inline; filename="{self._get_filename(request, version)}"'})


class APIDocsView(SpectacularSwaggerSplitView):
    url_name = "api-schema"
    title = "接口文档"

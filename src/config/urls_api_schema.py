"""The API alone, for drf-spectacular (the schema documents /api/v1/ only)."""

from django.urls import include, path

from config.urls_tenants import api_patterns

urlpatterns = [path("api/v1/", include((api_patterns, "api")))]

"""One source for the absolute links a tenant sends out (SMS, e-mail, QR codes on receipts):
scheme + the tenant's primary domain + port + path. Requests, tasks and commands build the same
URL, so a link in an SMS sent by the worker opens in development too (http://bureau.localhost:8000/…)
and in production (https://bureau.example.cn/…)."""

from __future__ import annotations

import os

from django.conf import settings
from django.db import connection
from django_tenants.utils import get_public_schema_name, get_tenant_domain_model


def public_base_url(tenant=None) -> str:
    """`scheme://host[:port]` of the tenant (the current connection's tenant by default)."""
    tenant = tenant if tenant is not None else getattr(connection, "tenant", None)
    host = _primary_domain(tenant) or settings.BASE_DOMAIN
    scheme = getattr(settings, "PUBLIC_URL_SCHEME", "") or ("http" if settings.DEBUG else "https")
    port = getattr(settings, "PUBLIC_URL_PORT", "") or (os.environ.get("PORT", "8000") if settings.DEBUG else "")
    default_port = {"http": "80", "https": "443"}.get(scheme)
    return f"{scheme}://{host}" + (f":{port}" if port and port != default_port else "")


def _primary_domain(tenant) -> str | None:
    if tenant is not None and hasattr(tenant, "get_primary_domain"):
        primary = tenant.get_primary_domain()
        if primary is not None:
            return primary.domain
    # schema_context() leaves a FakeTenant on the connection: find the domain by schema name.
    schema = getattr(tenant, "schema_name", None) or getattr(connection, "schema_name", None)
    if not schema or schema == get_public_schema_name():
        return None
    domain = get_tenant_domain_model().objects.filter(tenant__schema_name=schema).order_by("-is_primary", "id").first()
    return domain.domain if domain is not None else None


def tenant_url(path: str, tenant=None) -> str:
    return public_base_url(tenant) + (path if path.startswith("/") else f"/{path}")

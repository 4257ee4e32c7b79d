"""Per-tenant template overrides from `tenants/<schema>/templates/` (ARCHITECTURE.md "Layout").

Django's cached loader keeps one compiled copy of each template. Keying that cache by schema,
as django-tenants' own cached loader does, would keep a copy per tenant: a thousand tenants,
a thousand copies of every page. Almost no tenant has overrides, so only the schemas that
have a `tenants/<schema>/templates/` folder get their own cache entries; everyone else
shares one.
"""

from __future__ import annotations

import functools
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.template.loaders.cached import Loader as CachedLoader
from django.template.loaders.filesystem import Loader as FilesystemLoader


@functools.cache
def _override_root() -> Path:
    return Path(settings.TENANT_OVERRIDES_DIR)


@functools.cache
def schemas_with_overrides() -> frozenset[str]:
    root = _override_root()
    if not root.is_dir():
        return frozenset()
    return frozenset(p.name for p in root.iterdir() if not p.name.startswith("_") and (p / "templates").is_dir())


def _current_schema() -> str | None:
    schema = getattr(connection, "schema_name", None)
    return schema if schema in schemas_with_overrides() else None


class TenantOverrideLoader(FilesystemLoader):
    """Looks only in the current tenant's override folder, when it has one."""

    def get_dirs(self):
        schema = _current_schema()
        return [_override_root() / schema / "templates"] if schema else []


class TenantAwareCachedLoader(CachedLoader):
    """The cached loader, with a per-schema key only for schemas that override templates."""

    def cache_key(self, template_name, skip=None):
        key = super().cache_key(template_name, skip)
        schema = _current_schema()
        return f"{schema}:{key}" if schema else key

    def reset(self):
        super().reset()
        schemas_with_overrides.cache_clear()
        _override_root.cache_clear()

"""ALLOWED_HOSTS that also admit the tenants' own proven domains (P1).

Django checks the Host header against ALLOWED_HOSTS in `request.get_host()`, before any tenant
is resolved. The platform's hosts are fixed patterns (BASE_DOMAIN and its sub-domains); a
school's own domain (jy.example.edu.cn) becomes valid once it has a row in the domain table,
which only a verified DNS proof creates (shared_apps.domains). The list iterates the fixed
patterns first, so the usual hosts never reach the database; other hosts are looked up in a
per-process set that is reloaded when the tenancy generation changes (core.tenancy).
A host that fails the check gets django-tenants' bare 404.

Nothing here touches the database at import time, and a failed look-up admits nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

logger = logging.getLogger(__name__)

_custom: dict[str, object] = {"hosts": None, "loaded_at": float("-inf")}
# However the generation check goes, reload at least this often.
_MAX_AGE_SECONDS = 60.0


def forget_custom_hosts() -> None:
    _custom["hosts"] = None


def _custom_hosts(base_suffixes: tuple[str, ...]) -> frozenset[str]:
    from core import tenancy

    now = time.monotonic()
    tenancy._drop_cache_if_tenants_changed(now)
    hosts = _custom["hosts"]
    if hosts is None or now - _custom["loaded_at"] > _MAX_AGE_SECONDS:
        try:
            from django.db import connection
            from django_tenants.utils import get_tenant_domain_model

            if connection.in_atomic_block and connection.needs_rollback:
                return frozenset()
            names = get_tenant_domain_model().objects.values_list("domain", flat=True)
            hosts = frozenset(name.lower() for name in names if not name.lower().endswith(base_suffixes))
        except Exception:  # no table yet (first migrate), database down: admit nothing extra
            logger.debug("custom hosts not loaded", exc_info=True)
            return frozenset()
        _custom["hosts"], _custom["loaded_at"] = hosts, now
    return hosts  # type: ignore[return-value]


class TenantAllowedHosts(list):
    """`ALLOWED_HOSTS = TenantAllowedHosts([BASE_DOMAIN, "." + BASE_DOMAIN, ...])`."""

    def __iter__(self) -> Iterator[str]:
        fixed = list(super().__iter__())
        yield from fixed
        suffixes = tuple(pattern for pattern in fixed if pattern.startswith(".")) + tuple(f".{p}" for p in fixed if not p.startswith("."))
        yield from sorted(_custom_hosts(suffixes or (".invalid",)))

    def __add__(self, other):  # keep the type when settings extend the list
        return TenantAllowedHosts([*list.__iter__(self), *other])

    def __reduce__(self):
        return (TenantAllowedHosts, (list(list.__iter__(self)),))

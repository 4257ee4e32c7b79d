"""Tenant resolution, status and module gates. Works with any tenant model that has
`schema_name`, `status` and `modules` (the provisioning app's Tenant)."""

from __future__ import annotations

import logging
import time
from threading import Lock

from django.conf import settings
from django.db import connection, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import get_public_schema_name

MODULES = ("employment", "alumni", "experts")
MODULE_LABELS = {"employment": "就业", "alumni": "校友", "experts": "专家库"}

_cache: dict[str, tuple[float, object]] = {}
_cache_lock = Lock()
# The fleet-wide "tenants changed" counter in Redis, and what this process last saw of it.
_generation: dict[str, object] = {"value": None, "checked_at": float("-inf")}
logger = logging.getLogger(__name__)


def make_cache_key(key: str, key_prefix: str, version: int) -> str:
    """Cache keys always carry the schema they were written in."""
    return f"{key_prefix}:{current_schema_name()}:{version}:{key}"


def current_schema_name() -> str:
    return getattr(connection, "schema_name", get_public_schema_name())


def forget_cached_tenants() -> None:
    from core.hosts import forget_custom_hosts

    with _cache_lock:
        _cache.clear()
    forget_custom_hosts()


def _generation_key() -> str:
    return f"{settings.CACHES['default'].get('KEY_PREFIX', '')}:tenancy:generation"


def _redis():
    from django_redis import get_redis_connection

    return get_redis_connection("default")


def tenants_changed() -> None:
    """A tenant or domain row changed: this process forgets its host cache now, every other
    process within TENANT_CACHE_CHECK_SECONDS (they poll one Redis counter, not the database)."""
    def announce() -> None:
        forget_cached_tenants()
        try:
            _redis().incr(_generation_key())
        except Exception:  # Redis down: the entries still expire after TENANT_CACHE_SECONDS
            logger.warning("could not announce a tenant change; host caches expire by age", exc_info=True)

    # After the commit: announced earlier, another process could reload the old row and keep it.
    transaction.on_commit(announce)


def _drop_cache_if_tenants_changed(now: float) -> None:
    if now - _generation["checked_at"] < settings.TENANT_CACHE_CHECK_SECONDS:
        return
    _generation["checked_at"] = now
    try:
        value = _redis().get(_generation_key())
    except Exception:
        return
    if value != _generation["value"]:
        forget_cached_tenants()
        _generation["value"] = value


class CachedTenantMiddleware(TenantMainMiddleware):
    """django-tenants' middleware with the host -> tenant lookup kept in process memory.

    The stock middleware queries the domain table on every request; at a few hundred
    requests per second that is a third of the cost of a small API call (REFERENCE.md).
    Entries live TENANT_CACHE_SECONDS (long: with 1,000 tenants a short life means a lookup
    on a good share of requests); a change to a tenant or domain reaches every process within
    TENANT_CACHE_CHECK_SECONDS through `tenants_changed`.
    """

    def get_tenant(self, domain_model, hostname):
        ttl = settings.TENANT_CACHE_SECONDS
        now = time.monotonic()
        if ttl:
            _drop_cache_if_tenants_changed(now)
            hit = _cache.get(hostname)
            if hit and hit[0] > now:
                return hit[1]
        tenant = super().get_tenant(domain_model, hostname)
        if ttl:
            with _cache_lock:
                _cache[hostname] = (now + ttl, tenant)
        return tenant

    def process_request(self, request):
        response = super().process_request(request)
        if response is None and is_public(request) and request.get_host().split(":")[0].startswith("console."):
            request.urlconf = settings.CONSOLE_URLCONF
        return response


def is_public(request: HttpRequest) -> bool:
    tenant = getattr(request, "tenant", None)
    return tenant is None or tenant.schema_name == get_public_schema_name()


def module_enabled(request: HttpRequest, module: str) -> bool:
    tenant = getattr(request, "tenant", None)
    return bool(tenant is not None and module in (getattr(tenant, "modules", None) or []))


SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
# Paths that keep working whatever the tenant's status: health checks, static files, and
# provider callbacks (WeChat events, voice answers) that record what happened outside.
STATUS_EXEMPT_PREFIXES = ("/static/", "/healthz", "/media/", "/api/v1/wechat/callback/", "/api/v1/messaging/voice/callback/")
# Writes a read-only (unpaid) tenant still needs in order to pay: opening Stripe's customer portal.
READ_ONLY_WRITABLE_PATHS = ("/admin-ui/billing/portal/", "/api/v1/billing/portal-session/")


class TenantStatusMiddleware:
    """`read_only` tenants may read but not write; `suspended` tenants see a notice page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_public(request) or request.path.startswith(STATUS_EXEMPT_PREFIXES):
            return self.get_response(request)
        status = getattr(request.tenant, "effective_status", None) or getattr(request.tenant, "status", "active")
        wants_json = request.path.startswith("/api/")
        if status == "suspended":
            return _status_response(request, wants_json, 403, "tenant_suspended", "本单位账号已暂停服务，数据已保留。请联系平台客服恢复服务。", "core/tenant_suspended.html")
        if status == "provisioning":
            return _status_response(request, wants_json, 503, "tenant_provisioning", "站点正在开通中，请稍候刷新。", "core/tenant_suspended.html")
        if status == "read_only" and request.method not in SAFE_METHODS and not _is_login(request) and request.path not in READ_ONLY_WRITABLE_PATHS:
            return _status_response(request, wants_json, 403, "tenant_read_only", "本单位账号当前为只读状态（欠费或到期），暂不能修改数据。续费后即可恢复。", "core/tenant_read_only.html")
        return self.get_response(request)


def _is_login(request: HttpRequest) -> bool:
    return request.path.rstrip("/").endswith(("/login", "/logout", "/heartbeat"))


def _status_response(request, wants_json, status, code, message, template):
    if wants_json:
        from django.http import JsonResponse

        return JsonResponse({"code": code, "message": message, "fields": {}}, status=status)
    return render(request, template, {"message": message, "code": code}, status=status)


class ModuleGateMiddleware:
    """A switched-off module does not exist for the tenant: its URLs answer 404.

    Module URLs are included under a namespace equal to the module name (employment,
    alumni, experts), in the back office, the H5 and the API alike.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or is_public(request):
            return None
        for namespace in match.namespaces:
            # "experts" and its sub-apps ("experts_panels") belong to the experts module.
            module = namespace.split("_", 1)[0]
            if module in MODULES and not module_enabled(request, module):
                raise Http404("module disabled")
        return None


# Tenant -> when this process last wrote its last_activity_at (monotonic seconds).
_activity_written: dict[int, float] = {}
ACTIVITY_WRITE_SECONDS = 300.0


class TenantActivityMiddleware:
    """Keeps `Tenant.last_activity_at` (shown in the vendor console, P5): the time of the last
    request by a signed-in user, to within five minutes. Each process writes at most once per
    tenant per ACTIVITY_WRITE_SECONDS, so a busy tenant costs one UPDATE every few minutes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        tenant = getattr(request, "tenant", None)
        if tenant is None or is_public(request) or not hasattr(tenant, "last_activity_at"):
            return response
        now = time.monotonic()
        if now - _activity_written.get(tenant.pk, float("-inf")) < ACTIVITY_WRITE_SECONDS:
            return response
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return response
        _activity_written[tenant.pk] = now
        from django.utils import timezone

        try:
            type(tenant).objects.filter(pk=tenant.pk).update(last_activity_at=timezone.now())
        except Exception:  # a statistic must never break the request it rode on
            logger.warning("could not record tenant activity", exc_info=True)
        return response

"""Tenant status (read_only, suspended), module switches and the host -> tenant cache."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.tenancy import MODULES, forget_cached_tenants
from core.web.menus import registered
from shared_apps.provisioning.models import Tenant

pytestmark = pytest.mark.django_db


def _set(tenant, **fields):
    Tenant.objects.filter(pk=tenant.pk).update(**fields)


# --- read_only --------------------------------------------------------------------------------


def test_read_only_blocks_api_writes_with_json_code(admin_client_a, tenant_a):
    _set(tenant_a, status="read_only")
    response = admin_client_a.post("/api/v1/users/", data={}, content_type="application/json")
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "tenant_read_only"
    assert "只读" in body["message"]
    assert body["fields"] == {}


def test_read_only_still_reads(admin_client_a, tenant_a):
    _set(tenant_a, status="read_only")
    assert admin_client_a.get("/api/v1/tenant/").status_code == 200
    assert admin_client_a.get("/admin-ui/").status_code == 200


def test_read_only_blocks_back_office_writes_with_chinese_page(admin_client_a, tenant_a):
    _set(tenant_a, status="read_only")
    response = admin_client_a.post("/admin-ui/password/", data={})
    assert response.status_code == 403
    assert "只读" in response.content.decode()


def test_read_only_still_lets_people_sign_in(client_a, tenant_a, admin_credentials):
    _set(tenant_a, status="read_only")
    username, password = admin_credentials
    response = client_a.post("/admin-ui/login/", {"username": username, "password": password})
    assert response.status_code == 302


def test_offline_payment_overrides_read_only(admin_client_a, tenant_a):
    import datetime

    _set(tenant_a, status="read_only", paid_offline_until=datetime.date.today() + datetime.timedelta(days=30))
    response = admin_client_a.post("/api/v1/users/", data={}, content_type="application/json")
    assert response.json().get("code") != "tenant_read_only"


# --- suspended --------------------------------------------------------------------------------


def test_suspended_shows_notice_everywhere(admin_client_a, tenant_a):
    _set(tenant_a, status="suspended")
    for url in ("/admin-ui/", "/admin-ui/login/", "/h5/"):
        response = admin_client_a.get(url)
        assert response.status_code == 403, url
        assert "暂停服务" in response.content.decode(), url
    response = admin_client_a.get("/api/v1/tenant/")
    assert response.status_code == 403
    assert response.json()["code"] == "tenant_suspended"
    assert admin_client_a.get("/healthz").status_code in (200, 503)


def test_suspension_of_one_tenant_leaves_others_alone(admin_client_b, tenant_a):
    _set(tenant_a, status="suspended")
    assert admin_client_b.get("/admin-ui/").status_code == 200


# --- module switches ------------------------------------------------------------------------------


def _module_routes(module: str):
    from tests.architecture.urlwalk import walk

    return [r for r in walk("config.urls_tenants") if f":{module}:" in f":{r.name}:"]


@pytest.mark.parametrize("module", MODULES)
def test_module_off_answers_404_everywhere(admin_client_a, tenant_a, module):
    routes = _module_routes(module)
    if not routes:
        pytest.skip(f"{module} has no routes yet")
    _set(tenant_a, modules=[m for m in MODULES if m != module])
    for route in routes:
        response = admin_client_a.get(route.url)
        assert response.status_code == 404, f"{route.url} ({route.name}) -> {response.status_code}"
        if route.url.startswith("/api/"):
            assert response.json()["code"] == "not_found"
    # the prefixes themselves
    for prefix in (f"/admin-ui/{module}/", f"/h5/{module}/", f"/api/v1/{module}/"):
        assert admin_client_a.get(prefix).status_code == 404


@pytest.mark.parametrize("module", MODULES)
def test_module_off_is_absent_from_menus(admin_client_a, tenant_a, module):
    items = [i for i in registered("backoffice") + registered("h5") if i.module == module]
    if not items:
        pytest.skip(f"{module} registers no menu items yet")
    _set(tenant_a, modules=[m for m in MODULES if m != module])
    html = admin_client_a.get("/admin-ui/").content.decode() + admin_client_a.get("/h5/").content.decode()
    for item in items:
        assert f'data-menu="{item.key}"' not in html, item.key
    assert f'data-module="{module}"' not in html


def test_module_on_is_reachable(admin_client_a):
    for module in MODULES:
        routes = [r for r in _module_routes(module) if not r.has_object and r.url.startswith("/admin-ui/")]
        for route in routes[:3]:
            assert admin_client_a.get(route.url).status_code != 404, route.url


# --- host -> tenant cache ---------------------------------------------------------------------


def test_host_lookup_is_cached(client_a, settings):
    settings.TENANT_CACHE_SECONDS = 60
    forget_cached_tenants()
    try:
        client_a.get("/healthz")
        with CaptureQueriesContext(connection) as queries:
            client_a.get("/healthz")
        assert not [q for q in queries.captured_queries if "provisioning_domain" in q["sql"]]
    finally:
        forget_cached_tenants()


def test_host_lookup_not_cached_when_disabled(client_a, settings):
    settings.TENANT_CACHE_SECONDS = 0
    forget_cached_tenants()
    client_a.get("/healthz")
    with CaptureQueriesContext(connection) as queries:
        client_a.get("/healthz")
    assert [q for q in queries.captured_queries if "provisioning_domain" in q["sql"]]


def _lookups(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get("/healthz")
    return len([q for q in queries.captured_queries if "provisioning_domain" in q["sql"]])


def test_a_change_announced_by_another_process_empties_this_cache(client_a, settings):
    from django_redis import get_redis_connection

    from core.tenancy import _generation_key

    settings.TENANT_CACHE_SECONDS = 600
    settings.TENANT_CACHE_CHECK_SECONDS = 0
    forget_cached_tenants()
    try:
        client_a.get("/healthz")
        assert _lookups(client_a) == 0  # served from memory
        get_redis_connection("default").incr(_generation_key())  # what tenants_changed() does elsewhere
        assert _lookups(client_a) == 1  # reloaded once ...
        assert _lookups(client_a) == 0  # ... and cached again
    finally:
        forget_cached_tenants()


def test_a_status_change_reaches_cached_processes_after_commit(admin_client_a, tenant_a, settings, django_capture_on_commit_callbacks):
    from shared_apps.provisioning.services import tenant_status_set

    settings.TENANT_CACHE_SECONDS = 600
    settings.TENANT_CACHE_CHECK_SECONDS = 0
    forget_cached_tenants()
    try:
        assert admin_client_a.get("/admin-ui/").status_code == 200
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            tenant_status_set(tenant=Tenant.objects.get(pk=tenant_a.pk), status="suspended")
        assert callbacks, "the announcement waits for the commit"
        response = admin_client_a.get("/admin-ui/")
        assert response.status_code == 403 and "暂停" in response.content.decode()
    finally:
        forget_cached_tenants()

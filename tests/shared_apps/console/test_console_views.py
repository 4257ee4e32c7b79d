"""The vendor console: staff-only sign-in, tenant list / detail, audited actions."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django_tenants.utils import schema_context

from core.models import AuditEvent
from shared_apps.provisioning.models import Tenant
from tests.shared_apps.console.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _tenant(slug):
    return Tenant.objects.get(schema_name=slug)


# --- sign-in -------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(console):
    for url in (
        "/", "/tenants/", "/tenants/alpha/", "/tenants/alpha/suspend/", "/tenants/alpha/modules/", "/tenants/alpha/plan/",
        "/tenants/alpha/offline-payment/", "/tenants/alpha/impersonate/", "/signups/failed/", "/signups/1/retry/",
        "/health/", "/health/pool/refill/", "/staff/", "/staff/1/second-factor/reset/", "/audit/",
    ):
        response = console.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/"), url


def test_staff_signs_in_and_sees_dashboard(staff_console):
    response = staff_console.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "租户总数" in html
    assert 'data-menu="console_tenants"' in html and 'data-menu="console_audit"' in html
    assert AuditEvent.objects.filter(action="console.login", actor_label="客服小王").exists()


def test_non_staff_public_user_is_refused(console):
    get_user_model().objects.create_user(username="not-staff", password=PASSWORD, is_staff=False)
    response = console.post("/login/", {"username": "not-staff", "password": PASSWORD})
    assert response.status_code == 403
    assert "不是平台员工" in response.content.decode()
    assert console.get("/").status_code == 302


def test_tenant_admin_cannot_sign_in(console, admin_credentials):
    username, password = admin_credentials  # exists in every tenant schema, not in public
    response = console.post("/login/", {"username": username, "password": password})
    assert response.status_code == 403
    assert console.get("/tenants/").status_code == 302


def test_tenant_session_does_not_open_console(admin_client_a, console):
    console.cookies = admin_client_a.cookies
    assert console.get("/tenants/").status_code == 302


def test_console_is_not_served_on_tenant_hosts(admin_client_a):
    assert admin_client_a.get("/tenants/").status_code == 404


def test_lockout_after_repeated_failures(console, staff):
    from django.core.cache import cache

    cache.clear()
    for _ in range(settings.LOGIN_MAX_FAILURES_PER_ACCOUNT):
        assert console.post("/login/", {"username": staff.username, "password": "wrong"}).status_code == 403
    response = console.post("/login/", {"username": staff.username, "password": PASSWORD})
    assert response.status_code == 403
    assert "次数过多" in response.content.decode()
    cache.clear()


def test_logout(staff_console):
    assert staff_console.post("/logout/").status_code == 302
    assert staff_console.get("/").status_code == 302


# --- tenants ---------------------------------------------------------------------------------------


def test_tenant_list_search_and_filters(staff_console):
    html = staff_console.get("/tenants/").content.decode()
    for slug in ("alpha", "beta", "bureau"):
        assert f'data-tenant="{slug}"' in html
    assert 'data-tenant="public"' not in html
    html = staff_console.get("/tenants/?q=阿尔法").content.decode()
    assert 'data-tenant="alpha"' in html and 'data-tenant="beta"' not in html
    html = staff_console.get("/tenants/?q=bet").content.decode()
    assert 'data-tenant="beta"' in html and 'data-tenant="alpha"' not in html
    html = staff_console.get("/tenants/?type=bureau").content.decode()
    assert 'data-tenant="bureau"' in html and 'data-tenant="alpha"' not in html
    Tenant.objects.filter(schema_name="beta").update(status="read_only", plan="premium")
    html = staff_console.get("/tenants/?status=read_only").content.decode()
    assert 'data-tenant="beta"' in html and 'data-tenant="alpha"' not in html
    html = staff_console.get("/tenants/?plan=premium").content.decode()
    assert 'data-tenant="beta"' in html and 'data-tenant="alpha"' not in html
    Tenant.objects.filter(schema_name="alpha").update(modules=["alumni"])
    html = staff_console.get("/tenants/?module=employment").content.decode()
    assert 'data-tenant="beta"' in html and 'data-tenant="alpha"' not in html


def test_tenant_list_paginates(staff_console):
    response = staff_console.get("/tenants/")
    assert response.context["paginator"].per_page == 20
    assert "共" in response.content.decode()


def test_tenant_detail(staff_console):
    response = staff_console.get("/tenants/alpha/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "阿尔法大学" in html and f"alpha.{settings.BASE_DOMAIN}" in html
    assert "就业" in html and "正常" in html
    assert isinstance(response.context["usage"], list)
    assert staff_console.get("/tenants/nosuch/").status_code == 404
    assert staff_console.get("/tenants/public/").status_code == 404


def test_dashboard_counts(staff_console):
    response = staff_console.get("/")
    counts = response.context["counts"]
    assert counts["total"] == Tenant.objects.exclude(schema_name="public").count()
    assert dict((v, n) for v, _, n in counts["by_type"])["bureau"] >= 1


def test_suspend_requires_confirmation_and_reason(staff_console):
    page = staff_console.get("/tenants/alpha/suspend/")
    assert page.status_code == 200 and "确认暂停" in page.content.decode()
    response = staff_console.post("/tenants/alpha/suspend/", {"reason": ""})
    assert response.status_code == 400
    assert _tenant("alpha").status == "active"


def test_suspend_and_resume_are_audited_in_both_places(staff_console, client_a):
    response = staff_console.post("/tenants/alpha/suspend/", {"reason": "合同到期未续约"})
    assert response.status_code == 302
    assert _tenant("alpha").status == "suspended"
    public_event = AuditEvent.objects.get(action="console.tenant_suspend")
    assert public_event.actor_label == "客服小王"
    assert public_event.after == {"status": "suspended", "reason": "合同到期未续约"}
    with schema_context("alpha"):
        tenant_event = AuditEvent.objects.get(action="console.tenant_suspend")
        assert tenant_event.actor_label == "平台客服 客服小王"
        assert tenant_event.actor_id is None
        assert tenant_event.after["reason"] == "合同到期未续约"
    with schema_context("beta"):
        assert not AuditEvent.objects.filter(action="console.tenant_suspend").exists()
    # the tenant's sites now show the notice
    assert client_a.get("/admin-ui/login/").status_code == 403

    response = staff_console.post("/tenants/alpha/resume/", {"reason": "已续约"})
    assert response.status_code == 302
    assert _tenant("alpha").status == "active"
    assert AuditEvent.objects.filter(action="console.tenant_resume").exists()
    with schema_context("alpha"):
        assert AuditEvent.objects.filter(action="console.tenant_resume").exists()
    audit_page = staff_console.get("/audit/").content.decode()
    assert 'data-action="console.tenant_suspend"' in audit_page and "合同到期未续约" in audit_page


def test_switch_modules(staff_console, admin_client_a):
    response = staff_console.post("/tenants/alpha/modules/", {"modules": ["alumni", "experts"], "reason": "客户退订就业模块"})
    assert response.status_code == 302
    assert _tenant("alpha").modules == ["alumni", "experts"]
    event = AuditEvent.objects.get(action="console.tenant_modules")
    assert event.before["modules"] == ["employment", "alumni", "experts"]
    assert event.after["modules"] == ["alumni", "experts"]
    with schema_context("alpha"):
        assert AuditEvent.objects.filter(action="console.tenant_modules").exists()
    assert admin_client_a.get("/api/v1/employment/").status_code == 404


def test_bureau_cannot_get_university_modules(staff_console):
    response = staff_console.post("/tenants/bureau/modules/", {"modules": ["employment", "experts"], "reason": "试试"})
    assert response.status_code == 400
    assert _tenant("bureau").modules == ["experts"]
    assert not AuditEvent.objects.filter(action="console.tenant_modules").exists()


def test_staff_console_pages_render(staff_console):
    for url in (
        "/", "/tenants/", "/tenants/beta/", "/tenants/beta/modules/", "/tenants/beta/suspend/", "/tenants/beta/resume/",
        "/tenants/beta/plan/", "/tenants/beta/offline-payment/", "/tenants/beta/impersonate/", "/signups/failed/",
        "/health/", "/health/pool/refill/", "/staff/", "/audit/",
    ):
        assert staff_console.get(url).status_code == 200, url

"""Impersonation end to end through the test client: the console issues a one-time token,
the tenant host redeems it, the session carries the impersonator into every audit row and
ends after at most 30 minutes."""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django_tenants.utils import schema_context

from core.impersonation import SESSION_KEY
from core.models import AuditEvent
from shared_apps.console.models import ImpersonationGrant
from tests.shared_apps.console.conftest import HostClient

pytestmark = pytest.mark.django_db

REASON = "协助排查导入失败"


def _start(staff_console, user, slug="alpha", **extra):
    data = {"target": user.pk, "minutes": 30, "reason": REASON, **extra}
    return staff_console.post(f"/tenants/{slug}/impersonate/", data)


def _token_path(response, slug="alpha"):
    # A page that moves on at once (meta refresh): CSP form-action forbids a cross-host 302.
    assert response.status_code == 200, response.content.decode()[:800]
    html = response.content.decode()
    target = re.search(r'data-impersonation-url="([^"]+)"', html).group(1)
    assert f'<meta http-equiv="refresh" content="0;url={target}">' in html
    url = urlsplit(target)
    assert url.scheme == "http" and url.hostname == f"{slug}.{settings.BASE_DOMAIN}"
    assert url.path.startswith("/admin-ui/impersonate/")
    return url.path


def _tenant_client(slug):
    return HostClient(slug)


def test_impersonation_end_to_end(staff_console, admin_a):
    page = staff_console.get("/tenants/alpha/impersonate/")
    assert page.status_code == 200
    assert f'value="{admin_a.pk}"' in page.content.decode()

    path = _token_path(_start(staff_console, admin_a))
    grant = ImpersonationGrant.objects.get()
    assert grant.reason == REASON and grant.target_user_id == admin_a.pk and grant.redeemed_at is None
    assert AuditEvent.objects.filter(action="console.impersonation_start", actor_label="客服小王", object_id=str(grant.tenant_id)).exists()
    with schema_context("alpha"):
        started = AuditEvent.objects.get(action="console.impersonation_start")
        assert started.actor_label == "平台客服 客服小王" and started.after["reason"] == REASON

    tenant = _tenant_client("alpha")
    response = tenant.get(path)
    assert response.status_code == 302 and response["Location"] == "/admin-ui/"
    dashboard = tenant.get("/admin-ui/")
    html = dashboard.content.decode()
    assert dashboard.status_code == 200
    assert "平台客服 客服小王 正在代为操作本后台" in html
    assert "结束代为登录" in html and 'action="/admin-ui/impersonate/logout/"' in html
    assert dashboard.wsgi_request.user.pk == admin_a.pk

    # Every audit row written during the session names the impersonator.
    response = tenant.post("/admin-ui/org-units/new/", {"name": "代操作测试学院", "kind": "college", "sort_order": 0})
    assert response.status_code == 302, response.content.decode()[:500]
    with schema_context("alpha"):
        entered = AuditEvent.objects.get(action="impersonation.start")
        assert entered.impersonator_label == "客服小王" and entered.actor_id == admin_a.pk
        created = AuditEvent.objects.filter(object_label="代操作测试学院").get()
        assert created.impersonator_label == "客服小王"
        last_login = get_user_model().objects.get(pk=admin_a.pk).last_login
    assert last_login == admin_a.last_login  # entering as the user is not the user's login

    grant.refresh_from_db()
    assert grant.redeemed_at is not None
    assert 29 * 60 < (grant.expires_at - grant.redeemed_at).total_seconds() <= 30 * 60

    # The end button: back to the console, the grant closed, both logs written.
    response = tenant.post("/admin-ui/impersonate/logout/")
    assert response.status_code == 302 and response["Location"] == "/admin-ui/impersonate/ended/"
    ended_page = tenant.get("/admin-ui/impersonate/ended/").content.decode()
    assert "已结束代为登录" in ended_page
    assert f'href="http://console.{settings.BASE_DOMAIN}/tenants/alpha/"' in ended_page
    assert tenant.get("/admin-ui/").status_code == 302
    grant.refresh_from_db()
    assert grant.ended_at is not None
    assert AuditEvent.objects.filter(action="console.impersonation_end", actor_label="客服小王").exists()
    with schema_context("alpha"):
        ended = AuditEvent.objects.get(action="impersonation.end")
        assert ended.impersonator_label == "客服小王" and ended.after["cause"] == "ended"
    detail = staff_console.get("/tenants/alpha/").content.decode()
    assert 'data-section="impersonations"' in detail and REASON in detail


def test_token_is_single_use(staff_console, admin_a):
    path = _token_path(_start(staff_console, admin_a))
    assert _tenant_client("alpha").get(path).status_code == 302
    second = _tenant_client("alpha").get(path)
    assert second.status_code == 403
    assert "已使用过" in second.content.decode()


def test_token_of_another_tenant_is_refused(staff_console, admin_a):
    path = _token_path(_start(staff_console, admin_a))
    other = _tenant_client("beta")
    response = other.get(path)
    assert response.status_code == 403 and "不属于本单位" in response.content.decode()
    assert other.get("/admin-ui/").status_code == 302  # not signed in on beta
    with schema_context("beta"):
        assert not AuditEvent.objects.filter(action="impersonation.start").exists()
    # the token is still good where it belongs
    assert _tenant_client("alpha").get(path).status_code == 302


def test_forged_or_stale_token_is_refused(staff_console, admin_a, monkeypatch):
    tenant = _tenant_client("alpha")
    assert tenant.get("/admin-ui/impersonate/not-a-token/").status_code == 403
    path = _token_path(_start(staff_console, admin_a))
    tampered = path.rstrip("/")[:-3] + "abc/"
    assert tenant.get(tampered).status_code == 403
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    response = tenant.get(path)
    assert response.status_code == 403 and "已过期" in response.content.decode()
    assert ImpersonationGrant.objects.get().redeemed_at is None


def test_session_ends_after_its_time(staff_console, admin_a):
    path = _token_path(_start(staff_console, admin_a))
    tenant = _tenant_client("alpha")
    tenant.get(path)
    assert tenant.get("/admin-ui/").status_code == 200
    with schema_context("alpha"):
        session = tenant.session
        marker = session[SESSION_KEY]
        assert marker["expires_at"] - time.time() <= 30 * 60
        assert session.get_expiry_age() <= 30 * 60
        marker["expires_at"] = time.time() - 1  # 30 minutes later
        session[SESSION_KEY] = marker
        session.save()
    response = tenant.get("/admin-ui/users/")
    assert response.status_code == 302 and response["Location"] == "/admin-ui/impersonate/ended/"
    ended_page = tenant.get("/admin-ui/impersonate/ended/")
    assert "代为登录已到时" in ended_page.content.decode()
    assert f"http://console.{settings.BASE_DOMAIN}/tenants/alpha/" in ended_page.content.decode()
    assert tenant.get("/admin-ui/").status_code == 302
    assert tenant.get("/admin-ui/impersonate/ended/")["Location"] == "/admin-ui/login/"  # only once
    with schema_context("alpha"):
        ended = AuditEvent.objects.get(action="impersonation.end")
        assert ended.after["cause"] == "expired" and ended.impersonator_label == "客服小王"


def test_api_answers_401_when_expired(staff_console, admin_a):
    tenant = _tenant_client("alpha")
    tenant.get(_token_path(_start(staff_console, admin_a)))
    with schema_context("alpha"):
        session = tenant.session
        session[SESSION_KEY] = {**session[SESSION_KEY], "expires_at": time.time() - 1}
        session.save()
    response = tenant.get("/api/v1/me/")
    assert response.status_code == 401 and response.json()["code"] == "impersonation_expired"


def test_vendor_staff_cannot_be_targeted(staff_console):
    with schema_context("alpha"):
        vendor = get_user_model().objects.create_user(username="vendor-in-alpha", password="x-pass-12345", kind="vendor", is_staff=True, is_superuser=True)
    assert f'value="{vendor.pk}"' not in staff_console.get("/tenants/alpha/impersonate/").content.decode()
    response = _start(staff_console, vendor)
    assert response.status_code == 403
    assert "不能代为登录平台客服账号" in response.content.decode()
    assert not ImpersonationGrant.objects.exists()
    assert not AuditEvent.objects.filter(action="console.impersonation_start").exists()


def test_only_active_backoffice_users(staff_console):
    with schema_context("alpha"):
        student = get_user_model().objects.create_user(username="student-imp", password="x-pass-12345", kind="student")
        inactive = get_user_model().objects.create_user(username="gone-imp", password="x-pass-12345", kind="staff", is_active=False)
    for user in (student, inactive):
        assert _start(staff_console, user).status_code == 403
    assert not ImpersonationGrant.objects.exists()


def test_target_must_belong_to_the_tenant(staff_console, admin_b):
    with schema_context("alpha"):
        assert not get_user_model().objects.filter(pk=admin_b.pk + 100000).exists()
    assert _start(staff_console, type("U", (), {"pk": admin_b.pk + 100000})()).status_code == 403


def test_reason_and_duration_are_required(staff_console, admin_a):
    assert _start(staff_console, admin_a, reason="").status_code == 400
    assert _start(staff_console, admin_a, reason="   ").status_code == 400
    assert _start(staff_console, admin_a, minutes=31).status_code == 400
    assert _start(staff_console, admin_a, minutes=0).status_code == 400
    assert not ImpersonationGrant.objects.exists()


def test_shorter_session_when_asked(staff_console, admin_a):
    tenant = _tenant_client("alpha")
    tenant.get(_token_path(_start(staff_console, admin_a, minutes=5)))
    grant = ImpersonationGrant.objects.get()
    assert 4 * 60 < (grant.expires_at - grant.redeemed_at).total_seconds() <= 5 * 60


def test_suspended_tenant_cannot_be_entered(staff_console, admin_a):
    from shared_apps.provisioning.models import Tenant

    Tenant.objects.filter(schema_name="alpha").update(status="suspended")
    assert _start(staff_console, admin_a).status_code == 403


def test_only_staff_with_second_factor_can_start(console, staff, admin_a):
    from tests.shared_apps.console.conftest import PASSWORD

    console.post("/login/", {"username": staff.username, "password": PASSWORD})
    response = console.post("/tenants/alpha/impersonate/", {"target": admin_a.pk, "minutes": 30, "reason": REASON})
    assert response.status_code == 302 and response["Location"].startswith("/login/second-factor/")
    assert not ImpersonationGrant.objects.exists()


def test_tenant_admin_cannot_use_the_console_page(admin_client_a):
    assert admin_client_a.get("/tenants/alpha/impersonate/").status_code == 404


def test_end_without_impersonation_is_a_no_op(admin_client_a):
    response = admin_client_a.post("/admin-ui/impersonate/logout/")
    assert response.status_code == 302 and response["Location"] == "/admin-ui/login/"
    with schema_context("alpha"):
        assert not AuditEvent.objects.filter(action="impersonation.end").exists()

"""Error pages (issue 19, item 1): each area answers 403/404/500/CSRF failure with its own
Chinese page in its layout, /api/ keeps its JSON body, and nothing shows URL patterns, even with
DEBUG on as in `scripts/run`."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.test import Client, override_settings
from django_tenants.utils import schema_context

pytestmark = pytest.mark.django_db


def _public_client() -> Client:
    return Client(HTTP_HOST=settings.BASE_DOMAIN)


def _assert_page(response, status: int, title: str) -> str:
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert title in page
    assert "URLconf" not in page and "urlpatterns" not in page.lower() and "Traceback" not in page
    assert 'lang="zh-CN"' in page
    return page


def test_backoffice_404_in_layout_with_menu(admin_client_a):
    page = _assert_page(admin_client_a.get("/admin-ui/no-such-page/"), 404, "页面不存在")
    assert 'class="sidebar"' in page  # the signed-in user keeps the navigation
    assert "返回首页" in page and 'href="/admin-ui/"' in page


def test_missing_record_is_a_chinese_404(admin_client_a):
    page = _assert_page(admin_client_a.get("/admin-ui/experts/99999999/"), 404, "页面不存在")
    assert "Page not found" not in page


def test_backoffice_404_for_anonymous_is_the_standalone_page(client_a):
    page = _assert_page(client_a.get("/admin-ui/no-such-page/"), 404, "页面不存在")
    assert 'class="sidebar"' not in page
    assert "core/backoffice.css" in page


def test_backoffice_403_names_the_missing_permission_politely(client_a, tenant_a):
    from tenant_apps.accounts.models import User

    with schema_context("alpha"):
        clerk = User.objects.create_user(username="no-rights", password="Pass-word-1")
    client_a.login_as(clerk)
    page = _assert_page(client_a.get("/admin-ui/experts/"), 403, "没有访问权限")
    assert "联系本单位管理员" in page


def test_h5_404_uses_the_h5_layout(client_a):
    page = _assert_page(client_a.get("/h5/no-such-page/"), 404, "页面不存在")
    assert "weui" in page and 'href="/h5/"' in page


def test_api_404_stays_json(admin_client_a):
    response = admin_client_a.get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_console_and_public_404(db):
    console = Client(HTTP_HOST=f"console.{settings.BASE_DOMAIN}")
    _assert_page(console.get("/no-such-page/"), 404, "页面不存在")
    page = _assert_page(_public_client().get("/no-such-page/"), 404, "页面不存在")
    assert "site-footer" in page  # the public layout, with its footer


def test_csrf_failure_page(tenant_a):
    client = Client(HTTP_HOST=f"alpha.{settings.BASE_DOMAIN}", enforce_csrf_checks=True)
    page = _assert_page(client.post("/admin-ui/login/", {"username": "x", "password": "y"}), 403, "页面已过期")
    assert "刷新" in page


def test_500_page_renders_without_the_request_context(rf, tenant_a):
    from core.web.errors import handler500

    request = rf.get("/admin-ui/some/page/", HTTP_HOST=f"alpha.{settings.BASE_DOMAIN}")
    request.tenant = tenant_a
    request.request_id = "abc123def456"
    response = handler500(request)
    page = _assert_page(response, 500, "系统出错了")
    assert "abc123def456" in page
    h5 = rf.get("/h5/x/")
    h5.tenant = tenant_a
    assert "weui" in handler500(h5).content.decode()
    api = rf.get("/api/v1/x/")
    assert handler500(api)["Content-Type"].startswith("application/json")


@override_settings(DEBUG=True)
def test_debug_mode_does_not_list_url_patterns(admin_client_a, client_a):
    for client, path in ((admin_client_a, "/admin-ui/no-such-page/"), (admin_client_a, "/admin-ui/experts/99999999/"), (client_a, "/h5/nothing/")):
        page = _assert_page(client.get(path), 404, "页面不存在")
        assert "admin-ui/ experts/" not in page
    # APPEND_SLASH still redirects in debug mode
    assert admin_client_a.get("/admin-ui/experts")["Location"].endswith("/admin-ui/experts/")
    assert admin_client_a.get("/api/v1/nothing/").json()["code"] == "not_found"


def test_permission_denied_in_debug_mode(client_a, tenant_a):
    from tenant_apps.accounts.models import User

    with schema_context("alpha"):
        clerk = User.objects.create_user(username="no-rights-2", password="Pass-word-1")
        clerk.user_permissions.add(*Permission.objects.none())
    client_a.login_as(clerk)
    with override_settings(DEBUG=True):
        _assert_page(client_a.get("/admin-ui/experts/"), 403, "没有访问权限")

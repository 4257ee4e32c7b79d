"""Login-monitoring pages (P11): permissions, filters, statistics, IP blocks, activity; tenant isolation."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from django_tenants.utils import schema_context

from core.models import AuditEvent
from tenant_apps.accounts.models import ActivityDay, IPBlock, LoginLog, User

pytestmark = pytest.mark.django_db

PAGES = ["login_log_list", "login_stats", "activity_stats", "ip_block_list", "ip_block_add"]
PERMISSION_OF = {
    "login_log_list": "accounts.view_login_monitoring",
    "login_stats": "accounts.view_login_monitoring",
    "activity_stats": "accounts.view_login_monitoring",
    "ip_block_list": "accounts.manage_ip_blocks",
    "ip_block_add": "accounts.manage_ip_blocks",
}
URL_OF = {
    "login_log_list": "/admin-ui/security/logins/",
    "login_stats": "/admin-ui/security/logins/stats/",
    "activity_stats": "/admin-ui/security/activity/",
    "ip_block_list": "/admin-ui/security/ip-blocks/",
    "ip_block_add": "/admin-ui/security/ip-blocks/add/",
}


def staff_with(schema: str, *perms: str, **fields) -> User:
    """A back-office user of `schema` holding exactly `perms` through one group."""
    with schema_context(schema):
        group = Group.objects.create(name=f"g-{uuid.uuid4().hex[:8]}")
        for perm in perms:
            app_label, codename = perm.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        user = User.objects.create_user(username=f"u-{uuid.uuid4().hex[:8]}", password="pw-Secret-123", kind="staff", **fields)
        user.groups.add(group)
        return user


def test_url_names_resolve():
    from django.urls import reverse

    for name, url in URL_OF.items():
        assert reverse(f"backoffice:{name}") == url
    assert reverse("backoffice:ip_block_lift", args=[3]) == "/admin-ui/security/ip-blocks/3/lift/"


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_is_sent_to_login(client_a, page):
    response = client_a.get(URL_OF[page])
    assert response.status_code == 302
    assert "/admin-ui/login/" in response["Location"]


@pytest.mark.parametrize("page", PAGES)
def test_permission_matrix(client_a, page):
    without = staff_with("alpha", "accounts.view_user")
    assert client_a.login_as(without).get(URL_OF[page]).status_code == 403
    holder = staff_with("alpha", PERMISSION_OF[page])
    assert client_a.login_as(holder).get(URL_OF[page]).status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_session_of_another_tenant_is_not_accepted(admin_client_b, tenant_a, page):
    # The beta admin's session cookie, sent to alpha's host: alpha has no such session.
    from django.conf import settings

    response = admin_client_b.get(URL_OF[page], HTTP_HOST=f"alpha.{settings.BASE_DOMAIN}")
    assert response.status_code == 302
    assert "/admin-ui/login/" in response["Location"]


def _log(schema: str, **fields) -> LoginLog:
    with schema_context(schema):
        defaults = {"identifier": "someone", "result": "success", "ip": "198.51.100.1", "device": "desktop", "platform": "Windows", "browser": "Chrome", "channel": "backoffice"}
        return LoginLog.objects.create(**{**defaults, **fields})


def test_login_log_list_filters(admin_client_a):
    marker = uuid.uuid4().hex[:8]
    _log("alpha", identifier=f"ok-{marker}", result="success", ip="198.51.100.7", channel="h5", wechat_openid="o-openid-1", device="mobile", platform="iOS", browser="微信")
    _log("alpha", identifier=f"bad-{marker}", result="bad_credentials", ip="198.51.100.8")
    old = _log("alpha", identifier=f"old-{marker}", result="bad_credentials", ip="198.51.100.8")
    with schema_context("alpha"):
        LoginLog.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=40))

    page = admin_client_a.get("/admin-ui/security/logins/", {"account": marker}).content.decode()
    assert f"ok-{marker}" in page and f"bad-{marker}" in page and f"old-{marker}" in page
    assert "o-openid-1" in page and "iOS" in page and "微信" in page and "手机" in page and "移动端 H5" in page

    page = admin_client_a.get("/admin-ui/security/logins/", {"account": marker, "result": "success"}).content.decode()
    assert f"ok-{marker}" in page and f"bad-{marker}" not in page

    page = admin_client_a.get("/admin-ui/security/logins/", {"account": marker, "ip": "198.51.100.8"}).content.decode()
    assert f"ok-{marker}" not in page and f"bad-{marker}" in page

    page = admin_client_a.get("/admin-ui/security/logins/", {"account": marker, "channel": "h5"}).content.decode()
    assert f"ok-{marker}" in page and f"bad-{marker}" not in page

    since = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    page = admin_client_a.get("/admin-ui/security/logins/", {"account": marker, "date_from": since}).content.decode()
    assert f"old-{marker}" not in page and f"bad-{marker}" in page
    until = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    page = admin_client_a.get("/admin-ui/security/logins/", {"account": marker, "date_to": until}).content.decode()
    assert f"old-{marker}" in page and f"bad-{marker}" not in page

    # A malformed IP filter matches nothing instead of failing.
    assert admin_client_a.get("/admin-ui/security/logins/", {"ip": "not-an-ip"}).status_code == 200


def test_login_log_list_paginates_and_keeps_filters(admin_client_a):
    marker = uuid.uuid4().hex[:8]
    with schema_context("alpha"):
        LoginLog.objects.bulk_create([LoginLog(identifier=f"p-{marker}-{i}", result="success") for i in range(55)])
    page = admin_client_a.get("/admin-ui/security/logins/", {"account": marker}).content.decode()
    assert "第 1 / 2 页" in page
    assert f"?account={marker}&amp;page=2" in page
    second = admin_client_a.get("/admin-ui/security/logins/", {"account": marker, "page": 2}).content.decode()
    assert second.count(f"p-{marker}-") == 5


def test_login_log_list_is_per_tenant(admin_client_a):
    marker = uuid.uuid4().hex[:8]
    _log("beta", identifier=f"beta-{marker}")
    page = admin_client_a.get("/admin-ui/security/logins/", {"account": marker}).content.decode()
    assert f"beta-{marker}" not in page


def test_login_stats_counts_and_charts(admin_client_a):
    with schema_context("alpha"):
        LoginLog.objects.all().delete()
    for _ in range(3):
        _log("alpha", result="success", device="mobile", platform="Android", browser="微信")
    _log("alpha", result="bad_credentials", device="desktop", platform="Windows", browser="Chrome")
    _log("beta", result="bad_credentials", device="tablet", platform="iOS", browser="Safari")
    response = admin_client_a.get("/admin-ui/security/logins/stats/")
    assert response.status_code == 200
    stats = response.context["stats"]
    assert (stats["success"], stats["failed"]) == (3, 1)
    assert {row["label"]: (row["success"], row["failed"]) for row in stats["by_device"]} == {"手机": (3, 0), "电脑": (0, 1)}
    assert {row["label"] for row in stats["by_platform"]} == {"Android", "Windows"}
    assert len(stats["by_hour"]) == 24 and sum(r["total"] for r in stats["by_hour"]) == 4
    assert len(stats["by_day"]) == 30 and stats["by_day"][-1]["total"] == 4
    page = response.content.decode()
    assert "<svg" in page and "<script" not in page.split("<main")[1].split("</main>")[0]
    assert f'data-day="{timezone.localdate():%Y-%m-%d}"' in page
    assert admin_client_a.get("/admin-ui/security/logins/stats/", {"days": "7"}).context["stats"]["days"] == 7
    assert admin_client_a.get("/admin-ui/security/logins/stats/", {"days": "9999"}).context["stats"]["days"] == 30


def test_ip_block_add_list_and_lift(admin_client_a, admin_a):
    response = admin_client_a.post("/admin-ui/security/ip-blocks/add/", {"ip": "203.0.113.9", "reason": "扫描", "hours": "2"})
    assert response.status_code == 302
    with schema_context("alpha"):
        block = IPBlock.objects.get(ip="203.0.113.9")
        assert not block.is_automatic and block.reason == "扫描"
        assert block.expires_at > timezone.now() + datetime.timedelta(minutes=110)
        assert AuditEvent.objects.filter(action="ip_block.add", object_id=str(block.pk), actor_id=admin_a.pk).exists()
    page = admin_client_a.get("/admin-ui/security/ip-blocks/").content.decode()
    assert "203.0.113.9" in page and 'hx-confirm="确定解除 203.0.113.9 的封禁吗？"' in page

    confirm = admin_client_a.get(f"/admin-ui/security/ip-blocks/{block.pk}/lift/")
    assert confirm.status_code == 200 and "确定解除" in confirm.content.decode()
    response = admin_client_a.post(f"/admin-ui/security/ip-blocks/{block.pk}/lift/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response.content == b""
    with schema_context("alpha"):
        assert not IPBlock.objects.filter(pk=block.pk).exists()
        lifted = AuditEvent.objects.get(action="ip_block.lift", object_id=str(block.pk))
        assert lifted.before["ip"] == "203.0.113.9"


def test_ip_block_add_without_hours_is_permanent(admin_client_a):
    admin_client_a.post("/admin-ui/security/ip-blocks/add/", {"ip": "2001:db8::1", "reason": ""})
    with schema_context("alpha"):
        block = IPBlock.objects.get(ip="2001:db8::1")
        assert block.expires_at is None and block.reason == "管理员手动封禁"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"ip": "999.1.1.1"}, "IP 地址格式不正确"),
        ({"ip": "203.0.113.10", "hours": "abc"}, "封禁时长应为整数"),
        ({"ip": "203.0.113.10", "hours": "0"}, "封禁时长应在"),
        ({"ip": "127.0.0.1"}, "不能封禁您当前使用的 IP"),
    ],
)
def test_ip_block_add_rejects_bad_input(admin_client_a, data, message):
    response = admin_client_a.post("/admin-ui/security/ip-blocks/add/", data)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_expired_blocks_are_not_listed(admin_client_a):
    with schema_context("alpha"):
        IPBlock.objects.create(ip="203.0.113.50", reason="old", expires_at=timezone.now() - datetime.timedelta(hours=1))
    assert "203.0.113.50" not in admin_client_a.get("/admin-ui/security/ip-blocks/").content.decode()


def test_ip_block_of_another_tenant_cannot_be_seen_or_lifted(admin_client_a):
    with schema_context("beta"):
        block = IPBlock.objects.create(ip="203.0.113.77", reason="beta only")
    assert "203.0.113.77" not in admin_client_a.get("/admin-ui/security/ip-blocks/").content.decode()
    assert admin_client_a.get(f"/admin-ui/security/ip-blocks/{block.pk}/lift/").status_code == 404
    assert admin_client_a.post(f"/admin-ui/security/ip-blocks/{block.pk}/lift/").status_code == 404
    with schema_context("beta"):
        assert IPBlock.objects.filter(pk=block.pk).exists()


def test_ip_block_writes_need_the_permission(client_a):
    viewer = staff_with("alpha", "accounts.view_login_monitoring")
    with schema_context("alpha"):
        block = IPBlock.objects.create(ip="203.0.113.88", reason="x")
    client_a.login_as(viewer)
    assert client_a.post("/admin-ui/security/ip-blocks/add/", {"ip": "203.0.113.89"}).status_code == 403
    assert client_a.post(f"/admin-ui/security/ip-blocks/{block.pk}/lift/").status_code == 403
    with schema_context("alpha"):
        assert IPBlock.objects.filter(pk=block.pk).exists()
        assert not IPBlock.objects.filter(ip="203.0.113.89").exists()


def test_activity_stats(admin_client_a):
    today = timezone.localdate()
    busy = staff_with("alpha", display_name="忙碌的人")
    calm = staff_with("alpha", display_name="清闲的人")
    other_tenant = staff_with("beta", display_name="别校的人")
    with schema_context("alpha"):
        ActivityDay.objects.all().delete()
        ActivityDay.objects.create(user=busy, day=today, active_seconds=3 * 3600, heartbeats=180)
        ActivityDay.objects.create(user=busy, day=today - datetime.timedelta(days=1), active_seconds=3600, heartbeats=60)
        ActivityDay.objects.create(user=calm, day=today, active_seconds=600, heartbeats=10)
        ActivityDay.objects.create(user=calm, day=today - datetime.timedelta(days=90), active_seconds=9999, heartbeats=10)
    with schema_context("beta"):
        ActivityDay.objects.create(user=other_tenant, day=today, active_seconds=99 * 3600)

    response = admin_client_a.get("/admin-ui/security/activity/")
    stats = response.context["stats"]
    assert stats["total_seconds"] == 4 * 3600 + 600
    assert stats["active_users"] == 2
    assert [row["user__display_name"] for row in stats["top_users"]] == ["忙碌的人", "清闲的人"]
    assert stats["top_users"][0]["duration"] == "4 小时 0 分"
    page = response.content.decode()
    assert "别校的人" not in page and "忙碌的人" in page

    narrow = admin_client_a.get("/admin-ui/security/activity/", {"date_from": today.isoformat(), "date_to": today.isoformat()})
    assert narrow.context["stats"]["total_seconds"] == 3 * 3600 + 600
    assert len(narrow.context["stats"]["days"]) == 1
    detail = admin_client_a.get("/admin-ui/security/activity/", {"account": "清闲"}).context["object_list"]
    assert [row.user_id for row in detail] == [calm.pk]
    # Reversed and absurd ranges are repaired, not errors.
    swapped = admin_client_a.get("/admin-ui/security/activity/", {"date_from": today.isoformat(), "date_to": (today - datetime.timedelta(days=1)).isoformat()})
    assert swapped.status_code == 200 and len(swapped.context["stats"]["days"]) == 2
    huge = admin_client_a.get("/admin-ui/security/activity/", {"date_from": "2000-01-01"})
    assert len(huge.context["stats"]["days"]) == 366


def test_menu_shows_security_section_to_holders_only(client_a):
    holder = staff_with("alpha", "accounts.view_login_monitoring")
    page = client_a.login_as(holder).get("/admin-ui/security/logins/").content.decode()
    assert "安全与审计" in page and 'data-menu="login_monitor"' in page and 'data-menu="ip_blocks"' not in page

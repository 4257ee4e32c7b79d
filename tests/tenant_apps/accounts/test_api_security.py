"""Login security in the API (P19): logs, statistics, IP blocks, activity — permission per
method, and each tenant sees only its own."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from core.models import AuditEvent
from tenant_apps.accounts.models import ActivityDay, IPBlock, LoginLog, User
from tests.tenant_apps.accounts.test_security_pages import staff_with

pytestmark = pytest.mark.django_db

API = "/api/v1/security/"
MONITORING = "accounts.view_login_monitoring"
IP_BLOCKS = "accounts.manage_ip_blocks"
READS = {"logins/": MONITORING, "logins/stats/": MONITORING, "activity/": MONITORING, "ip-blocks/": IP_BLOCKS}


def test_login_log_stats_and_activity(admin_client_a, admin_a):
    with schema_context("alpha"):
        LoginLog.objects.create(user=admin_a, identifier="admin", result="success", ip="203.0.113.7", device="desktop", platform="Windows",
                                browser="Chrome", channel="backoffice")
        LoginLog.objects.create(identifier="138****0000", result="bad_credentials", ip="203.0.113.8", device="mobile", channel="h5")
        ActivityDay.objects.create(user=admin_a, day=timezone.localdate(), active_seconds=3720, heartbeats=62)
    logs = admin_client_a.get(API + "logins/").json()
    assert logs["count"] >= 2 and {"identifier", "result", "ip", "channel_label"} <= set(logs["results"][0])
    failed = admin_client_a.get(API + "logins/", {"result": "bad_credentials"}).json()["results"]
    assert [row["identifier"] for row in failed] == ["138****0000"]  # stored masked, shown masked
    assert admin_client_a.get(API + "logins/", {"ip": "not-an-ip"}).json()["count"] == 0
    assert admin_client_a.get(API + "logins/", {"date_from": "nonsense", "page": "1"}).status_code == 200
    stats = admin_client_a.get(API + "logins/stats/", {"days": 7}).json()
    assert stats["days"] == 7 and stats["success"] >= 1 and stats["failed"] >= 1 and len(stats["by_day"]) == 7 and len(stats["by_hour"]) == 24
    assert admin_client_a.get(API + "logins/stats/", {"days": "99999"}).json()["days"] == 30
    activity = admin_client_a.get(API + "activity/").json()
    assert activity["results"][0]["duration"] and activity["results"][0]["active_seconds"] == 3720


def test_ip_blocks_create_list_lift(admin_client_a):
    created = admin_client_a.post(API + "ip-blocks/", {"ip": "198.51.100.23", "reason": "撞库", "hours": 2}, content_type="application/json")
    assert created.status_code == 201 and created.json()["ip"] == "198.51.100.23" and created.json()["expires_at"]
    bad = admin_client_a.post(API + "ip-blocks/", {"ip": "999.1.1.1", "reason": "x"}, content_type="application/json")
    assert bad.status_code == 400
    listed = admin_client_a.get(API + "ip-blocks/").json()
    assert "198.51.100.23" in [row["ip"] for row in listed["results"]]
    lifted = admin_client_a.post(API + f"ip-blocks/{created.json()['id']}/lift/")
    assert lifted.status_code == 204
    with schema_context("alpha"):
        assert not IPBlock.objects.filter(ip="198.51.100.23").exists()
        assert AuditEvent.objects.filter(action__in=["ip_block.add", "ip_block.lift"], object_label="198.51.100.23").count() == 2


def test_permission_per_method(client_a):
    nobody = staff_with("alpha")
    monitor = staff_with("alpha", MONITORING)
    blocker = staff_with("alpha", IP_BLOCKS)
    client_a.login_as(nobody)
    for path in READS:
        assert client_a.get(API + path).status_code == 403, path
    assert client_a.post(API + "ip-blocks/", {"ip": "198.51.100.9", "reason": "x"}, content_type="application/json").status_code == 403
    client_a.login_as(monitor)
    for path, perm in READS.items():
        assert client_a.get(API + path).status_code == (200 if perm == MONITORING else 403), path
    client_a.login_as(blocker)
    assert client_a.get(API + "ip-blocks/").status_code == 200 and client_a.get(API + "logins/").status_code == 403


def test_other_tenant_sees_nothing(admin_client_b):
    with schema_context("alpha"):
        block = IPBlock.objects.create(ip="198.51.100.77", reason="alpha only", is_automatic=False)
        LoginLog.objects.create(identifier="alpha-only-login", result="success", channel="backoffice")
        ActivityDay.objects.create(user=User.objects.create_user(username="alpha-active", password="pw-Secret-123"), day=datetime.date.today())
    assert admin_client_b.post(API + f"ip-blocks/{block.pk}/lift/").status_code == 404
    assert "198.51.100.77" not in admin_client_b.get(API + "ip-blocks/").content.decode()
    assert "alpha-only-login" not in admin_client_b.get(API + "logins/", {"account": "alpha-only"}).content.decode()
    assert "alpha-active" not in admin_client_b.get(API + "activity/").content.decode()
    with schema_context("alpha"):
        assert IPBlock.objects.filter(pk=block.pk).exists()

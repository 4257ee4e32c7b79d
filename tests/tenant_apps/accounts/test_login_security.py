"""Login guards (P11) against the real Redis cache: per-account lockout, per-IP block list,
login log with device parsing, and the audit rows they leave."""

from __future__ import annotations

import uuid

import pytest
from django.core.cache import cache
from django.test import override_settings
from django_tenants.utils import schema_context

from core.models import AuditEvent
from tenant_apps.accounts.models import IPBlock, LoginLog, User
from tenant_apps.accounts.security import _account_key, _ip_key, parse_user_agent

pytestmark = pytest.mark.django_db

PASSWORD = "pw-Secret-123"
WECHAT_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Mobile/15E148 MicroMessenger/8.0.40"
)


def _user(schema: str) -> User:
    with schema_context(schema):
        return User.objects.create_user(username=f"login-{uuid.uuid4().hex[:8]}", password=PASSWORD, kind="staff")


def _ip() -> str:
    return f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250 + 1}"


def _login(client, username: str, password: str, ip: str, **extra):
    return client.post("/admin-ui/login/", {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


@override_settings(LOGIN_MAX_FAILURES_PER_ACCOUNT=3, LOGIN_MAX_FAILURES_PER_IP=100)
def test_account_locks_after_failures_counted_in_redis(client_a):
    user = _user("alpha")
    ip = _ip()
    for attempt in (1, 2):
        assert _login(client_a, user.username, "wrong", ip).status_code == 400
        with schema_context("alpha"):
            assert cache.get(_account_key(user.pk)) == attempt
            assert 0 < cache.ttl(_account_key(user.pk)) <= 15 * 60  # the window expires in Redis
    assert _login(client_a, user.username, "wrong", ip).status_code == 400
    # Locked now: even the right password is refused, and says so.
    response = _login(client_a, user.username, PASSWORD, ip)
    assert response.status_code == 429
    assert "账号已锁定" in response.content.decode()
    with schema_context("alpha"):
        user.refresh_from_db()
        assert user.locked_until is not None
        assert cache.get(_account_key(user.pk)) is None
        assert list(LoginLog.objects.filter(user=user).values_list("result", flat=True).order_by("id")) == ["bad_credentials"] * 3 + ["locked"]
        lock = AuditEvent.objects.get(action="user.lock", object_id=str(user.pk))
        assert lock.actor_label == "系统" and lock.after["failures"] == 3


@override_settings(LOGIN_MAX_FAILURES_PER_ACCOUNT=3)
def test_success_resets_the_account_counter(client_a):
    user = _user("alpha")
    ip = _ip()
    _login(client_a, user.username, "wrong", ip)
    _login(client_a, user.username, "wrong", ip)
    assert _login(client_a, user.username, PASSWORD, ip).status_code == 302
    with schema_context("alpha"):
        assert cache.get(_account_key(user.pk)) is None
    client_a.post("/admin-ui/logout/")
    _login(client_a, user.username, "wrong", ip)
    _login(client_a, user.username, "wrong", ip)
    assert _login(client_a, user.username, PASSWORD, ip).status_code == 302


@override_settings(LOGIN_MAX_FAILURES_PER_ACCOUNT=100, LOGIN_MAX_FAILURES_PER_IP=4)
def test_ip_is_blocked_after_failures_and_can_be_lifted(client_a, admin_a):
    user = _user("alpha")
    ip = _ip()
    for _ in range(4):
        _login(client_a, f"nobody-{uuid.uuid4().hex[:6]}", "wrong", ip)  # unknown accounts count too
    with schema_context("alpha"):
        block = IPBlock.objects.get(ip=ip)
        assert block.is_automatic and block.expires_at is not None
        assert AuditEvent.objects.filter(action="ip_block.auto", object_id=str(block.pk)).exists()
        assert cache.get(_ip_key(ip)) is None
    response = _login(client_a, user.username, PASSWORD, ip)
    assert response.status_code == 403
    assert "IP" in response.content.decode()
    # Another IP is not affected.
    assert _login(client_a, user.username, PASSWORD, _ip()).status_code == 302
    client_a.login_as(admin_a).post(f"/admin-ui/security/ip-blocks/{block.pk}/lift/")
    client_a.post("/admin-ui/logout/")
    assert _login(client_a, user.username, PASSWORD, ip).status_code == 302


@override_settings(LOGIN_MAX_FAILURES_PER_ACCOUNT=100, LOGIN_MAX_FAILURES_PER_IP=3)
def test_ip_counters_are_per_tenant(client_a, client_b):
    ip = _ip()
    for _ in range(2):
        _login(client_a, "nobody", "wrong", ip)
        _login(client_b, "nobody", "wrong", ip)
    with schema_context("alpha"):
        assert cache.get(_ip_key(ip)) == 2
        assert not IPBlock.objects.filter(ip=ip).exists()
    with schema_context("beta"):
        assert cache.get(_ip_key(ip)) == 2
    _login(client_a, "nobody", "wrong", ip)
    with schema_context("alpha"):
        assert IPBlock.objects.filter(ip=ip).exists()
    with schema_context("beta"):
        assert not IPBlock.objects.filter(ip=ip).exists()
    beta_user = _user("beta")
    assert _login(client_b, beta_user.username, PASSWORD, ip).status_code == 302


def test_login_is_logged_with_device_and_audited(client_a):
    user = _user("alpha")
    ip = _ip()
    assert _login(client_a, user.username, PASSWORD, ip, HTTP_USER_AGENT=WECHAT_IPHONE).status_code == 302
    with schema_context("alpha"):
        log = LoginLog.objects.get(user=user)
        assert (log.result, log.ip, log.device, log.platform, log.browser, log.channel) == ("success", ip, "mobile", "iOS", "微信", "backoffice")
        event = AuditEvent.objects.get(action="user.login", actor_id=user.pk)
        assert event.ip == ip
        assert event.before == {"last_login": None}
        assert event.after["channel"] == "backoffice" and event.after["last_login"]


@pytest.mark.parametrize(
    ("agent", "expected"),
    [
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0", ("desktop", "Windows", "Edge")),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15", ("desktop", "macOS", "Safari")),
        ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36", ("mobile", "Android", "Chrome")),
        ("Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1", ("tablet", "iOS", "Safari")),
        ("", ("desktop", "其他", "其他")),
    ],
)
def test_parse_user_agent(agent, expected):
    assert parse_user_agent(agent) == expected

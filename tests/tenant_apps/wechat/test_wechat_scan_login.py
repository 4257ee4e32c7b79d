"""Back-office WeChat scan login and binding (seed 000 §4; issue 12 item 10): the official
account's temporary QR (created at the local fake WeChat server), signed scan events posted to
the tenant's callback, the browser's status poll that logs it in once."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.tenant_apps.wechat.conftest import ALPHA, BETA, event_xml, signed_params

CALLBACK = "/api/v1/wechat/callback/"
LOGIN = "/admin-ui/login/"
OPENID = "o-staff-alpha-1"


def _scan(client, *, token: str, openid: str, scene: str, subscribe: bool = False):
    """WeChat's push of a scan: SCAN for a follower, subscribe with qrscene_ for a new one."""
    body = event_xml(openid=openid, event="subscribe" if subscribe else "SCAN", EventKey=f"qrscene_{scene}" if subscribe else scene, Ticket="T")
    return client.post(f"{CALLBACK}?{urlencode(signed_params(token))}", data=body.encode(), content_type="text/xml")


def _status_url(page) -> str:
    found = re.search(r'data-status-url="([^"]+)"', page.content.decode())
    assert found, page.content.decode()[:2000]
    return found.group(1)


def _session(status_url: str):
    from tenant_apps.wechat.models import ScanSession

    pk = int(status_url.rstrip("/").rsplit("/", 1)[1])
    with schema_context("alpha"):
        return ScanSession.objects.get(pk=pk)


def _set_mode(schema: str, mode: str) -> None:
    from tenant_apps.accounts.models import SecuritySettings

    with schema_context(schema):
        SecuritySettings.objects.update_or_create(singleton=1, defaults={"wechat_scan_login": mode})


def _staff(schema: str, username: str, openid: str = ""):
    from tenant_apps.accounts.models import User

    with schema_context(schema):
        return User.objects.create_user(username=username, password="pw-12345678", kind="staff", wechat_openid=openid)


def _logged_in(client) -> bool:
    return client.get("/admin-ui/").status_code == 200


@pytest.fixture
def scan_login_a(account_a, fake_wechat):
    _set_mode("alpha", "instead_of_password")
    return fake_wechat


def test_login_page_shows_the_official_accounts_temporary_qr(client_a, scan_login_a):
    page = client_a.get(LOGIN)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "wechat/scanlogin.js" in html and "或用已绑定的微信扫码登录" in html
    created = scan_login_a.calls("/cgi-bin/qrcode/create")
    assert len(created) == 1
    body = created[0].body
    assert body["action_name"] == "QR_STR_SCENE" and body["expire_seconds"] == 300
    session = _session(_status_url(page))
    assert body["action_info"]["scene"]["scene_str"] == session.scene and session.scene.startswith("bo_")
    assert session.status == "pending" and session.qr_content.startswith("http://weixin.qq.com/q/")


def test_login_page_has_no_qr_when_the_setting_is_off(client_a, account_a, fake_wechat):
    page = client_a.get(LOGIN)
    assert "data-scan-qr" not in page.content.decode()
    assert fake_wechat.calls("/cgi-bin/qrcode/create") == []


def test_a_scan_by_bound_staff_logs_the_browser_in_once_and_is_logged_with_the_openid(client_a, scan_login_a):
    from tenant_apps.accounts.models import LoginLog

    staff = _staff("alpha", "scan-staff", OPENID)
    page = client_a.get(LOGIN)
    status_url = _status_url(page)
    session = _session(status_url)
    assert client_a.post(status_url).json()["state"] == "pending"
    assert not _logged_in(client_a)

    reply = _scan(client_a, token=ALPHA["token"], openid=OPENID, scene=session.scene)
    assert reply.status_code == 200 and "已确认登录账号 scan-staff" in reply.content.decode()
    done = client_a.post(status_url)
    assert done.json() == {"state": "done", "redirect": "/admin-ui/"}
    assert _logged_in(client_a)
    with schema_context("alpha"):
        log = LoginLog.objects.filter(user=staff, channel="wechat_scan").get()
        assert log.result == "success" and log.wechat_openid == OPENID

    # The used session never logs in again: not by polling, not by a replayed scan event.
    client_a.post("/admin-ui/logout/")
    assert client_a.post(status_url).status_code == 404
    replay = _scan(client_a, token=ALPHA["token"], openid=OPENID, scene=session.scene)
    assert "已使用" in replay.content.decode() or replay.content == b"success"
    assert not _logged_in(client_a)
    with schema_context("alpha"):
        assert LoginLog.objects.filter(user=staff, channel="wechat_scan").count() == 1


def test_a_new_follower_scanning_counts_too(client_a, scan_login_a):
    _staff("alpha", "scan-new-follower", "o-new-follower")
    status_url = _status_url(client_a.get(LOGIN))
    _scan(client_a, token=ALPHA["token"], openid="o-new-follower", scene=_session(status_url).scene, subscribe=True)
    assert client_a.post(status_url).json()["state"] == "done"


def test_an_expired_scene_is_refused(client_a, scan_login_a):
    from tenant_apps.wechat.models import ScanSession

    _staff("alpha", "scan-late", "o-late")
    status_url = _status_url(client_a.get(LOGIN))
    session = _session(status_url)
    with schema_context("alpha"):
        ScanSession.objects.filter(pk=session.pk).update(expires_at=timezone.now() - timezone.timedelta(seconds=1))
    reply = _scan(client_a, token=ALPHA["token"], openid="o-late", scene=session.scene)
    assert "已过期" in reply.content.decode()
    answer = client_a.post(status_url)
    assert answer.status_code == 403 and answer.json()["state"] == "refused"
    assert not _logged_in(client_a)


def test_an_unbound_wechat_and_a_student_cannot_log_in(client_a, scan_login_a):
    from tenant_apps.accounts.models import LoginLog, User

    with schema_context("alpha"):
        User.objects.create_user(username="scan-student", password="pw-12345678", kind="student", wechat_openid="o-student")
    for openid in ("o-nobody", "o-student"):
        status_url = _status_url(client_a.get(LOGIN))
        reply = _scan(client_a, token=ALPHA["token"], openid=openid, scene=_session(status_url).scene)
        assert "未绑定管理后台账号" in reply.content.decode()
        assert client_a.post(status_url).json()["state"] == "refused"
        assert not _logged_in(client_a)
    with schema_context("alpha"):
        assert LoginLog.objects.filter(channel="wechat_scan", result="bad_credentials", wechat_openid="o-nobody").exists()


def test_another_tenants_openid_or_callback_cannot_log_in(client_a, client_b, scan_login_a, account_b):
    _staff("beta", "beta-staff", "o-beta-staff")  # bound in beta only
    status_url = _status_url(client_a.get(LOGIN))
    session = _session(status_url)
    # beta's staff scanning alpha's QR: unknown in alpha.
    _scan(client_a, token=ALPHA["token"], openid="o-beta-staff", scene=session.scene)
    assert client_a.post(status_url).json()["state"] == "refused"

    status_url = _status_url(client_a.get(LOGIN))
    session = _session(status_url)
    _staff("alpha", "alpha-staff-2", "o-alpha-2")
    # alpha's scene pushed to beta's callback (signed by beta): beta has no such scene.
    reply = _scan(client_b, token=BETA["token"], openid="o-alpha-2", scene=session.scene)
    assert reply.status_code == 200 and "已确认" not in reply.content.decode()
    assert client_a.post(status_url).json()["state"] == "pending"
    # ... and a push to alpha's callback signed with beta's token is refused outright.
    assert _scan(client_a, token=BETA["token"], openid="o-alpha-2", scene=session.scene).status_code == 403
    assert client_a.post(status_url).json()["state"] == "pending"
    # Another browser cannot poll (and so cannot use) this browser's session.
    other = type(client_a)(client_a.tenant)
    assert other.post(status_url).status_code == 404


def test_second_factor_asks_the_bound_wechat_after_the_password(client_a, account_a, fake_wechat):
    from tenant_apps.accounts.models import LoginLog

    _set_mode("alpha", "second_factor")
    staff = _staff("alpha", "two-factor", "o-two-factor")
    page = client_a.post(LOGIN, {"username": "two-factor", "password": "pw-12345678"})
    assert page.status_code == 200 and "绑定的微信扫码确认登录" in page.content.decode()
    assert not _logged_in(client_a)
    status_url = _status_url(page)
    session = _session(status_url)
    assert session.purpose == "second_factor" and session.user_id == staff.pk
    # Someone else's WeChat cannot confirm.
    assert "不是该账号绑定的微信" in _scan(client_a, token=ALPHA["token"], openid="o-someone-else", scene=session.scene).content.decode()
    assert client_a.post(status_url).json()["state"] == "refused"
    assert not _logged_in(client_a)
    # A new password attempt, the right WeChat: in.
    page = client_a.post(LOGIN, {"username": "two-factor", "password": "pw-12345678", "next": "/admin-ui/password/"})
    status_url = _status_url(page)
    _scan(client_a, token=ALPHA["token"], openid="o-two-factor", scene=_session(status_url).scene)
    assert client_a.post(status_url).json() == {"state": "done", "redirect": "/admin-ui/password/"}
    assert _logged_in(client_a)
    with schema_context("alpha"):
        assert LoginLog.objects.filter(user=staff, channel="wechat_scan", result="success", wechat_openid="o-two-factor").count() == 1


def test_second_factor_without_a_bound_wechat_logs_in_with_a_reminder(client_a, account_a, fake_wechat):
    _set_mode("alpha", "second_factor")
    _staff("alpha", "not-bound-yet")
    response = client_a.post(LOGIN, {"username": "not-bound-yet", "password": "pw-12345678"}, follow=True)
    assert response.status_code == 200 and "请在“微信绑定”中绑定您的微信" in response.content.decode()


def test_staff_bind_their_wechat_from_the_binding_page(client_a, account_a, fake_wechat):
    from tenant_apps.accounts.models import User

    staff = _staff("alpha", "binder")
    client_a.login_as(staff)
    page = client_a.get("/admin-ui/wechat/binding/")
    assert page.status_code == 200 and "显示绑定二维码" in page.content.decode()
    page = client_a.post("/admin-ui/wechat/binding/", {"action": "start"})
    status_url = _status_url(page)
    session = _session(status_url)
    assert session.purpose == "bind" and session.user_id == staff.pk
    reply = _scan(client_a, token=ALPHA["token"], openid="o-binder", scene=session.scene)
    assert "已将本微信绑定到账号 binder" in reply.content.decode()
    assert client_a.post(status_url).json() == {"state": "done", "redirect": "/admin-ui/wechat/binding/"}
    with schema_context("alpha"):
        assert User.objects.get(pk=staff.pk).wechat_openid == "o-binder"
    # A WeChat bound to someone else cannot be bound again.
    other = _staff("alpha", "binder-2")
    client_a.login_as(other)
    status_url = _status_url(client_a.post("/admin-ui/wechat/binding/", {"action": "start"}))
    assert "已绑定其他账号" in _scan(client_a, token=ALPHA["token"], openid="o-binder", scene=_session(status_url).scene).content.decode()
    # Unbinding (hx-confirm on the page).
    client_a.login_as(staff)
    assert 'hx-confirm="' in client_a.get("/admin-ui/wechat/binding/").content.decode()
    client_a.post("/admin-ui/wechat/binding/", {"action": "unbind"})
    with schema_context("alpha"):
        assert User.objects.get(pk=staff.pk).wechat_openid == ""


def test_security_settings_page_and_api(admin_client_a, client_a, account_a, tenant_b):
    from tenant_apps.accounts.models import SecuritySettings

    page = admin_client_a.get("/admin-ui/security/settings/")
    assert page.status_code == 200 and "管理后台微信扫码登录" in page.content.decode()
    # The second factor needs the acting admin's own WeChat bound first.
    refused = admin_client_a.post("/admin-ui/security/settings/", {"wechat_scan_login": "second_factor"})
    assert refused.status_code == 400 and "请先在“微信绑定”中绑定您自己的微信" in refused.content.decode()
    assert admin_client_a.post("/admin-ui/security/settings/", {"wechat_scan_login": "instead_of_password"}).status_code == 302
    api = admin_client_a.get("/api/v1/security/settings/")
    assert api.status_code == 200 and api.json()["wechat_scan_login"] == "instead_of_password"
    assert admin_client_a.put("/api/v1/security/settings/", {"wechat_scan_login": "off"}, content_type="application/json").json()["wechat_scan_login"] == "off"
    with schema_context("beta"):  # beta's setting untouched
        assert not SecuritySettings.objects.exists()

    plain = _staff("alpha", "no-settings-right")
    client_a.login_as(plain)
    assert client_a.get("/admin-ui/security/settings/").status_code == 403
    assert client_a.get("/api/v1/security/settings/").status_code == 403
    assert client_a.put("/api/v1/security/settings/", {"wechat_scan_login": "off"}, content_type="application/json").status_code == 403


def test_scan_login_cannot_be_switched_on_without_an_official_account(admin_client_a):
    refused = admin_client_a.post("/admin-ui/security/settings/", {"wechat_scan_login": "instead_of_password"})
    assert refused.status_code == 400 and "请先在“公众号设置”中配置服务号" in refused.content.decode()


def test_the_scene_and_the_secret_are_not_guessable(client_a, scan_login_a):
    first, second = (_session(_status_url(client_a.get(LOGIN))) for _ in range(2))
    assert first.scene != second.scene and len(first.scene) >= 40
    assert len(first.browser_hash) == 64  # the browser's secret is kept only as a hash


def test_binding_api_shows_and_removes_only_the_callers_own_binding(client_a, client_b, tenant_b):
    from tenant_apps.accounts.models import User

    staff = _staff("alpha", "api-bound", "o-api-bound")
    other = _staff("beta", "api-bound-beta", "o-api-bound-beta")
    assert client_a.get("/api/v1/wechat/binding/").status_code in (401, 403)
    client_a.login_as(staff)
    assert client_a.get("/api/v1/wechat/binding/").json() == {"is_bound": True, "scan_login_mode": "off"}
    assert client_a.delete("/api/v1/wechat/binding/").json()["is_bound"] is False
    with schema_context("alpha"):
        assert User.objects.get(pk=staff.pk).wechat_openid == ""
    with schema_context("beta"):
        assert User.objects.get(pk=other.pk).wechat_openid == "o-api-bound-beta"
    # alpha's session cookie is no key to beta.
    client_b.cookies.update(client_a.cookies)
    assert client_b.get("/api/v1/wechat/binding/").status_code in (401, 403)
    assert client_b.delete("/api/v1/wechat/binding/").status_code in (401, 403)


def test_old_scan_sessions_are_purged_by_the_daily_task(client_a, scan_login_a):
    from tenant_apps.wechat.models import ScanSession
    from tenant_apps.wechat.tasks import purge_scan_sessions

    old, recent = (_session(_status_url(client_a.get(LOGIN))) for _ in range(2))
    with schema_context("alpha"):
        ScanSession.objects.filter(pk=old.pk).update(created_at=timezone.now() - timezone.timedelta(days=8))
        assert purge_scan_sessions() == 1
        assert list(ScanSession.objects.values_list("pk", flat=True)) == [recent.pk]


def test_a_crawler_cannot_spend_the_wechat_quota_on_login_qr_codes(client_a, scan_login_a):
    from tenant_apps.wechat.services import SCAN_QR_PER_IP

    for _ in range(SCAN_QR_PER_IP):
        assert "data-scan-qr" in client_a.get(LOGIN).content.decode()
    page = client_a.get(LOGIN)
    assert page.status_code == 200 and "二维码请求过于频繁" in page.content.decode()
    assert len(scan_login_a.calls("/cgi-bin/qrcode/create")) == SCAN_QR_PER_IP

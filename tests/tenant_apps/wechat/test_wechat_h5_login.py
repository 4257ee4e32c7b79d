"""WeChat H5 login end to end through the test client and the fake WeChat: OAuth redirect,
callback with code, identity binding, automatic login the second time, unbinding, reset."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django_tenants.utils import schema_context

from tenant_apps.accounts.models import LoginLog, User
from tenant_apps.wechat.models import WeChatAccount
from tests.conftest import TenantClient
from tests.tenant_apps.accounts.test_users_factories import PASSWORD, make_person, unique
from tests.tenant_apps.wechat.conftest import ALPHA

WECHAT_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.47"


@pytest.fixture
def wx_client(tenant_a):
    return TenantClient(tenant_a, HTTP_USER_AGENT=WECHAT_UA)


def _start(client, next_url="/h5/me/") -> dict[str, str]:
    response = client.get("/h5/wechat/login/", {"next": next_url})
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("https://open.weixin.qq.com/connect/oauth2/authorize?")
    assert location.endswith("#wechat_redirect")
    query = {k: v[0] for k, v in parse_qs(urlsplit(location.split("#")[0]).query).items()}
    assert query["appid"] == ALPHA["app_id"]
    assert query["redirect_uri"] == "http://alpha.localhost/h5/wechat/callback/"
    return query


def _come_back(client, fake, *, openid: str, query: dict, code: str | None = None, **userinfo):
    code = code or unique("code")
    fake.add_oauth_code(code, openid, query["scope"], **userinfo)
    return client.get("/h5/wechat/callback/", {"code": code, "state": query["state"]})


def _signed_in_user_id(client) -> str | None:
    with schema_context(client.tenant.schema_name):  # sessions live in the tenant schema
        return client.session.get("_auth_user_id")


def test_first_visit_binds_by_student_number_and_name_then_logs_in_automatically(wx_client, tenant_a, fake_wechat, account_a):
    student = make_person("alpha", username=unique("2024"), display_name="张三", kind="student")

    query = _start(wx_client)
    assert query["scope"] == "snsapi_base"
    response = _come_back(wx_client, fake_wechat, openid="o-zhang", query=query)
    assert response.status_code == 302 and response["Location"] == "/h5/wechat/bind/"
    assert _signed_in_user_id(wx_client) is None
    assert fake_wechat.calls("/sns/oauth2/access_token")[0].params["code"]

    page = wx_client.get("/h5/wechat/bind/")
    assert page.status_code == 200 and "学号" in page.content.decode() and "姓名" in page.content.decode()
    wrong = wx_client.post("/h5/wechat/bind/", {"method": "student", "student_number": student.username, "name": "李四"})
    assert wrong.status_code == 400 and "学号或姓名不正确" in wrong.content.decode()
    response = wx_client.post("/h5/wechat/bind/", {"method": "student", "student_number": student.username, "name": "张三"})
    assert response.status_code == 302 and response["Location"] == "/h5/me/"
    assert _signed_in_user_id(wx_client) == str(student.pk)
    with schema_context("alpha"):
        assert User.objects.get(pk=student.pk).wechat_openid == "o-zhang"
        log = LoginLog.objects.filter(user_id=student.pk).latest("created_at")
        assert log.wechat_openid == "o-zhang" and log.result == "success" and log.channel == "wechat" and log.browser == "微信"

    # Second visit, new session: signed in without any identity step.
    again = TenantClient(tenant_a, HTTP_USER_AGENT=WECHAT_UA)
    query = _start(again, next_url="/h5/")
    response = _come_back(again, fake_wechat, openid="o-zhang", query=query)
    assert response.status_code == 302 and response["Location"] == "/h5/"
    assert _signed_in_user_id(again) == str(student.pk)


def test_state_mismatch_is_refused(wx_client, fake_wechat, account_a):
    query = _start(wx_client)
    response = _come_back(wx_client, fake_wechat, openid="o-x", query={**query, "state": "forged"})
    assert response.status_code == 400
    assert _signed_in_user_id(wx_client) is None


def test_outside_wechat_goes_to_password_login(client_a, account_a):
    response = client_a.get("/h5/wechat/login/", {"next": "/h5/me/"})
    assert response.status_code == 302 and response["Location"].startswith("/h5/login/")


def test_not_configured_goes_to_password_login(wx_client):
    response = wx_client.get("/h5/wechat/login/")
    assert response.status_code == 302 and response["Location"].startswith("/h5/login/")


def test_userinfo_scope_when_the_tenant_wants_it(wx_client, fake_wechat, account_a):
    with schema_context("alpha"):
        WeChatAccount.objects.update(uses_userinfo_scope=True)
    query = _start(wx_client)
    response = _come_back(wx_client, fake_wechat, openid="o-new", query=query)
    # Unknown openid: authorise again, this time with snsapi_userinfo.
    assert response.status_code == 302
    second = {k: v[0] for k, v in parse_qs(urlsplit(response["Location"].split("#")[0]).query).items()}
    assert second["scope"] == "snsapi_userinfo" and second["state"] != query["state"]
    response = _come_back(wx_client, fake_wechat, openid="o-new", query=second, nickname="小明", headimgurl="https://wx.qlogo.cn/x.png")
    assert response["Location"] == "/h5/wechat/bind/"
    assert len(fake_wechat.calls("/sns/userinfo")) == 1
    assert "小明" in wx_client.get("/h5/wechat/bind/").content.decode()


def test_binding_by_student_number_and_password(wx_client, fake_wechat, account_a):
    with schema_context("alpha"):
        WeChatAccount.objects.update(student_binding_mode="number_password")
    student = make_person("alpha", username=unique("2023"), display_name="王五", kind="student")
    _come_back(wx_client, fake_wechat, openid="o-wang", query=_start(wx_client))
    page = wx_client.get("/h5/wechat/bind/").content.decode()
    assert "密码" in page and 'name="name"' not in page
    wrong = wx_client.post("/h5/wechat/bind/", {"method": "student", "student_number": student.username, "password": "not-it-123"})
    assert wrong.status_code == 400
    response = wx_client.post("/h5/wechat/bind/", {"method": "student", "student_number": student.username, "password": PASSWORD})
    assert response.status_code == 302 and _signed_in_user_id(wx_client) == str(student.pk)


def test_student_without_password_sets_one_when_binding(wx_client, fake_wechat, account_a):
    with schema_context("alpha"):
        WeChatAccount.objects.update(student_binding_mode="number_password")
        student = User.objects.create_user(username=unique("2022"), display_name="赵六", kind="student")
        student.set_unusable_password()
        student.save()
    _come_back(wx_client, fake_wechat, openid="o-zhao", query=_start(wx_client))
    response = wx_client.post("/h5/wechat/bind/", {"method": "student", "student_number": student.username, "password": "Fresh-pass-2025"})
    assert response.status_code == 302
    with schema_context("alpha"):
        assert User.objects.get(pk=student.pk).check_password("Fresh-pass-2025")


def _latest_code(target_fragment: str) -> str:
    from tenant_apps.messaging.models import OutboxEntry

    with schema_context("alpha"):
        entry = OutboxEntry.objects.order_by("-pk").first()
        assert entry is not None
        return re.search(r"\b(\d{6})\b", entry.body).group(1)


def test_alumnus_binds_by_phone_and_sms_code(wx_client, fake_wechat, account_a):
    alumnus = make_person("alpha", username=unique("alum"), display_name="校友甲", kind="alumnus", phone="13800138123")
    _come_back(wx_client, fake_wechat, openid="o-alum", query=_start(wx_client))
    notice = wx_client.post("/h5/wechat/bind/code/", {"phone": "13800138123"})
    assert notice.status_code == 200 and "验证码已发送" in notice.content.decode()
    bad = wx_client.post("/h5/wechat/bind/", {"method": "phone", "phone": "13800138123", "code": "000000"})
    assert bad.status_code == 400
    code = _latest_code("13800138123")
    response = wx_client.post("/h5/wechat/bind/", {"method": "phone", "phone": "13800138123", "code": code})
    assert response.status_code == 302 and _signed_in_user_id(wx_client) == str(alumnus.pk)


def test_unknown_phone_gets_the_same_answer_and_no_sms(wx_client, fake_wechat, account_a):
    from tenant_apps.messaging.models import OutboxEntry

    _come_back(wx_client, fake_wechat, openid="o-unknown", query=_start(wx_client))
    with schema_context("alpha"):
        before = OutboxEntry.objects.count()
    notice = wx_client.post("/h5/wechat/bind/code/", {"phone": "13900000000"})
    assert notice.status_code == 200 and "验证码已发送" in notice.content.decode()
    with schema_context("alpha"):
        assert OutboxEntry.objects.count() == before


def test_openid_bound_elsewhere_cannot_bind_again(wx_client, fake_wechat, account_a):
    make_person("alpha", username=unique("s"), display_name="甲", kind="student", wechat_openid="o-taken")
    other = make_person("alpha", username=unique("s"), display_name="乙", kind="student")
    with schema_context("alpha"):
        from tenant_apps.wechat.services import wechat_bind

        with pytest.raises(Exception, match="已绑定其他账号"):
            wechat_bind(user=other, openid="o-taken", method="number_name")


def test_unbind_needs_confirmation_then_logs_out(tenant_a, fake_wechat, account_a):
    student = make_person("alpha", username=unique("s"), display_name="丙", kind="student", wechat_openid="o-bing")
    client = TenantClient(tenant_a, HTTP_USER_AGENT=WECHAT_UA).login_as(student)
    page = client.get("/h5/wechat/account/")
    assert page.status_code == 200 and "已绑定微信" in page.content.decode()
    confirm = client.get("/h5/wechat/unbind/")
    assert confirm.status_code == 200 and "确定解除" in confirm.content.decode()
    response = client.post("/h5/wechat/unbind/")
    assert response.status_code == 200
    with schema_context("alpha"):
        assert User.objects.get(pk=student.pk).wechat_openid == ""
    assert _signed_in_user_id(client) is None
    # Next time in WeChat the identity step comes back.
    query = _start(client)
    assert _come_back(client, fake_wechat, openid="o-bing", query=query)["Location"] == "/h5/wechat/bind/"


def test_binding_pages_need_the_oauth_step(wx_client, account_a):
    assert wx_client.get("/h5/wechat/bind/")["Location"] == "/h5/wechat/login/"
    assert wx_client.post("/h5/wechat/bind/code/", {"phone": "13800138000"}).status_code == 400


def test_binding_page_needs_login(client_a):
    response = client_a.get("/h5/wechat/account/")
    assert response.status_code == 302 and "/h5/login/" in response["Location"]


def test_password_reset_by_email_code(client_a, account_a):
    person = make_person("alpha", username=unique("s"), display_name="丁", kind="student", email=f"{unique('d')}@example.cn")
    response = client_a.post("/h5/wechat/password-reset/", {"action": "send", "target": person.email})
    assert response.status_code == 200 and "验证码已发送" in response.content.decode()
    code = _latest_code(person.email)
    weak = client_a.post("/h5/wechat/password-reset/", {"action": "reset", "target": person.email, "code": code, "new_password": "123"})
    assert weak.status_code == 400
    response = client_a.post("/h5/wechat/password-reset/", {"action": "reset", "target": person.email, "code": code, "new_password": "Brand-new-2025"})
    assert response.status_code == 200 and "密码已重置" in response.content.decode()
    with schema_context("alpha"):
        assert User.objects.get(pk=person.pk).check_password("Brand-new-2025")
    login = client_a.post("/h5/login/", {"username": person.username, "password": "Brand-new-2025"})
    assert login.status_code == 302


def test_password_reset_code_is_per_tenant(client_a, client_b, account_a):
    person = make_person("alpha", username=unique("s"), kind="student", email=f"{unique('e')}@example.cn")
    client_a.post("/h5/wechat/password-reset/", {"action": "send", "target": person.email})
    code = _latest_code(person.email)
    # The same e-mail and code on beta's site change nothing (no such account there).
    response = client_b.post("/h5/wechat/password-reset/", {"action": "reset", "target": person.email, "code": code, "new_password": "Brand-new-2025"})
    assert response.status_code == 400
    with schema_context("alpha"):
        assert User.objects.get(pk=person.pk).check_password(PASSWORD)

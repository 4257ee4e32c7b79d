"""Back-office pages (settings, menu editor, followers), the JS-SDK endpoint, the messaging
provider: permissions and tenant isolation."""

from __future__ import annotations

import hashlib

import pytest
from django.core.cache import cache
from django.db import connection
from django_tenants.utils import schema_context

from core.errors import ApplicationError
from core.models import AuditEvent
from tenant_apps.wechat.models import Follower, WeChatAccount
from tenant_apps.wechat.services import menu_clean
from tests.conftest import TenantClient
from tests.tenant_apps.accounts.test_users_factories import make_person, make_staff, unique
from tests.tenant_apps.wechat.conftest import ALPHA

SETTINGS, MENU, FOLLOWERS = "/admin-ui/wechat/account/", "/admin-ui/wechat/menu/", "/admin-ui/wechat/followers/"


def _settings_form(**overrides) -> dict:
    data = {
        "name": "阿尔法就业", "app_id": ALPHA["app_id"], "app_secret": ALPHA["app_secret"], "token": "", "aes_key": ALPHA["aes_key"],
        "student_binding_mode": "number_name", "subscribe_reply": "欢迎关注",
    }
    data.update(overrides)
    return data


def test_settings_save_encrypts_the_secret_and_never_shows_it(admin_client_a):
    response = admin_client_a.post(SETTINGS, _settings_form())
    assert response.status_code == 302
    with schema_context("alpha"):
        account = WeChatAccount.objects.get()
        assert account.app_secret == ALPHA["app_secret"] and len(account.token) == 32  # token generated
        with connection.cursor() as cursor:
            cursor.execute("SELECT app_secret, aes_key FROM wechat_wechataccount")
            raw_secret, raw_key = cursor.fetchone()
        assert ALPHA["app_secret"] not in raw_secret and ALPHA["aes_key"] not in raw_key
        event = AuditEvent.objects.filter(action="wechat_account.create").latest("id")
        assert ALPHA["app_secret"] not in str(event.after) and "app_secret" not in (event.after or {})
    page = admin_client_a.get(SETTINGS).content.decode()
    assert ALPHA["app_secret"] not in page and ALPHA["aes_key"] not in page
    assert ALPHA["app_secret"][-4:] in page  # a hint that it is set
    assert "http://alpha.localhost/api/v1/wechat/callback/" in page

    # Blank secret keeps the stored one.
    admin_client_a.post(SETTINGS, _settings_form(app_secret="", name="新名称", token=account.token))
    with schema_context("alpha"):
        account = WeChatAccount.objects.get()
        assert account.name == "新名称" and account.app_secret == ALPHA["app_secret"]


def test_settings_validation(admin_client_a):
    response = admin_client_a.post(SETTINGS, _settings_form(app_id="not-an-id", aes_key="short"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "AppID 格式不正确" in page and "43 位" in page


def test_menu_save_and_publish_through_the_api(admin_client_a, account_a, fake_wechat):
    data = {
        "b1_name": "就业", "b1_type": "click", "b1_value": "",
        "b1_1_name": "招聘会", "b1_1_type": "view", "b1_1_value": "https://alpha.example.cn/h5/",
        "b1_2_name": "联系我们", "b1_2_type": "click", "b1_2_value": "电话 010-12345678",
        "b2_name": "我的", "b2_type": "view", "b2_value": "https://alpha.example.cn/h5/me/",
        "action": "publish",
    }
    response = admin_client_a.post(MENU, data)
    assert response.status_code == 302
    published = fake_wechat.calls("/cgi-bin/menu/create")[0].body
    assert published == {"button": [
        {"name": "就业", "sub_button": [
            {"name": "招聘会", "type": "view", "url": "https://alpha.example.cn/h5/"},
            {"name": "联系我们", "type": "click", "key": "MENU_1_2"},
        ]},
        {"name": "我的", "type": "view", "url": "https://alpha.example.cn/h5/me/"},
    ]}
    with schema_context("alpha"):
        account = WeChatAccount.objects.get()
        assert account.menu_published_at is not None
        assert account.menu[0]["sub_button"][1]["reply"] == "电话 010-12345678"  # kept with us
    assert "联系我们" in admin_client_a.get(MENU).content.decode()


def test_menu_publish_failure_is_shown(admin_client_a, account_a, fake_wechat):
    fake_wechat.app_secret = "something-else"  # WeChat refuses our credentials
    response = admin_client_a.post(MENU, {"b1_name": "就业", "b1_type": "click", "b1_value": "好", "action": "publish"})
    assert response.status_code == 502 and "40125" in response.content.decode()


def test_menu_rules():
    with pytest.raises(ApplicationError) as caught:
        menu_clean([
            {"name": "一个特别特别长的菜单名称", "type": "click", "reply": "x", "sub_button": []},
            {"name": "网页", "type": "view", "url": "ftp://x", "sub_button": []},
            {"name": "回复", "type": "click", "reply": "", "sub_button": []},
        ])
    assert set(caught.value.fields) == {"button_1", "button_2", "button_3"}
    with pytest.raises(ApplicationError):
        menu_clean([{"name": f"菜单{i}", "type": "click", "reply": "x", "sub_button": []} for i in range(4)])
    with pytest.raises(ApplicationError):
        menu_clean([{"name": "多", "sub_button": [{"name": f"子{i}", "type": "click", "reply": "x"} for i in range(6)]}])


def test_followers_page_lists_only_this_tenant(admin_client_a, admin_client_b):
    with schema_context("alpha"):
        Follower.objects.create(openid="o-alpha-follower")
    assert "o-alpha-follower" in admin_client_a.get(FOLLOWERS).content.decode()
    assert "o-alpha-follower" not in admin_client_b.get(FOLLOWERS).content.decode()


def test_settings_are_per_tenant(admin_client_a, admin_client_b, account_a):
    assert ALPHA["app_id"] in admin_client_a.get(SETTINGS).content.decode()
    assert ALPHA["app_id"] not in admin_client_b.get(SETTINGS).content.decode()
    admin_client_b.post(SETTINGS, _settings_form(app_id="wx9999999999999999", app_secret="b" * 32))
    with schema_context("alpha"):
        assert WeChatAccount.objects.get().app_id == ALPHA["app_id"]


@pytest.mark.parametrize("url", [SETTINGS, MENU, FOLLOWERS])
def test_staff_without_permission_is_refused(tenant_a, url):
    client = TenantClient(tenant_a).login_as(make_staff("alpha"))
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code in (403, 405)


@pytest.mark.parametrize("url", [SETTINGS, MENU, FOLLOWERS])
def test_anonymous_is_sent_to_login(client_a, url):
    response = client_a.get(url)
    assert response.status_code == 302 and "/admin-ui/login/" in response["Location"]


def test_students_never_reach_the_back_office(tenant_a):
    client = TenantClient(tenant_a).login_as(make_person("alpha", username=unique("s")))
    assert client.get(SETTINGS).status_code == 302


def test_permission_grants_access_and_menu(tenant_a, account_a):
    manager = TenantClient(tenant_a).login_as(make_staff("alpha", "wechat.change_wechataccount"))
    page = manager.get(SETTINGS)
    assert page.status_code == 200 and 'data-menu="wechat_settings"' in page.content.decode()
    assert 'data-menu="wechat_followers"' not in page.content.decode()
    assert manager.get(MENU).status_code == 200
    assert manager.get(FOLLOWERS).status_code == 403
    viewer = TenantClient(tenant_a).login_as(make_staff("alpha", "wechat.view_follower"))
    assert viewer.get(FOLLOWERS).status_code == 200
    assert viewer.get(SETTINGS).status_code == 403


# --- JS-SDK signature -------------------------------------------------------------------------

JSSDK = "/api/v1/wechat/jssdk-signature/"


def test_jssdk_signature_for_a_signed_in_user(tenant_a, account_a, fake_wechat):
    client = TenantClient(tenant_a).login_as(make_person("alpha", username=unique("s")))
    response = client.get(JSSDK, {"url": "http://alpha.localhost/h5/checkin/?id=3#scan"})
    assert response.status_code == 200
    body = response.json()
    assert body["app_id"] == ALPHA["app_id"] and len(body["signature"]) == 40 and body["nonce_str"]
    assert len(fake_wechat.calls("/cgi-bin/ticket/getticket")) == 1
    with schema_context("alpha"):
        ticket = cache.get(f"wechat:alpha:{ALPHA['app_id']}:{ALPHA['app_id']}_jsapi_ticket")
    # WeChat's rule: sha1 of the sorted key=value pairs, URL without the #fragment.
    plain = f"jsapi_ticket={ticket}&noncestr={body['nonce_str']}&timestamp={body['timestamp']}&url=http://alpha.localhost/h5/checkin/?id=3"
    assert hashlib.sha1(plain.encode()).hexdigest() == body["signature"]


def test_jssdk_refuses_other_sites(tenant_a, account_a, fake_wechat):
    client = TenantClient(tenant_a).login_as(make_person("alpha", username=unique("s")))
    response = client.get(JSSDK, {"url": "https://evil.example.com/"})
    assert response.status_code == 400 and response.json()["code"] == "wechat_invalid_url"
    response = client.get(JSSDK, {"url": "http://beta.localhost/h5/"})
    assert response.status_code == 400


def test_jssdk_needs_login_and_configuration(client_a, tenant_b):
    assert client_a.get(JSSDK, {"url": "http://alpha.localhost/h5/"}).status_code in (401, 403)
    client = TenantClient(tenant_b).login_as(make_person("beta", username=unique("s")))
    response = client.get(JSSDK, {"url": "http://beta.localhost/h5/"})
    assert response.status_code == 404 and response.json()["code"] == "wechat_not_configured"

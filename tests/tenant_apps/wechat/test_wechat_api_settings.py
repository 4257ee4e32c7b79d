"""The official account's settings in the API (P19): secrets are write-only and masked, a
blank secret keeps the stored one, permission per method, tenant isolation."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from tenant_apps.wechat.models import WeChatAccount
from tests.tenant_apps.accounts.test_users_factories import make_staff
from tests.tenant_apps.wechat.conftest import ALPHA, BETA

pytestmark = pytest.mark.django_db

URL = "/api/v1/wechat/account/"


def _body(**overrides) -> dict:
    data = {"name": "阿尔法就业", "app_id": ALPHA["app_id"], "app_secret": ALPHA["app_secret"], "aes_key": ALPHA["aes_key"],
            "student_binding_mode": "number_name", "subscribe_reply": "欢迎关注"}
    data.update(overrides)
    return data


def test_read_and_write_settings_without_ever_returning_secrets(admin_client_a):
    empty = admin_client_a.get(URL).json()
    assert empty["app_id"] == "" and empty["is_configured"] is False and empty["callback_url"].endswith("/api/v1/wechat/callback/")
    saved = admin_client_a.put(URL, _body(), content_type="application/json")
    assert saved.status_code == 200, saved.content
    data = saved.json()
    assert "app_secret" not in data and "aes_key" not in data
    assert data["app_secret_hint"].startswith("已设置") and ALPHA["app_secret"] not in saved.content.decode()
    assert len(data["token"]) == 32 and data["is_configured"] is True
    # A blank secret keeps the stored one.
    again = admin_client_a.put(URL, _body(app_secret="", aes_key="", subscribe_reply="新的欢迎语"), content_type="application/json")
    assert again.status_code == 200 and again.json()["subscribe_reply"] == "新的欢迎语"
    with schema_context("alpha"):
        account = WeChatAccount.objects.get()
        assert account.app_secret == ALPHA["app_secret"] and account.aes_key == ALPHA["aes_key"]


def test_invalid_values_are_refused_in_chinese(admin_client_a):
    bad = admin_client_a.put(URL, _body(app_id="not-an-app-id"), content_type="application/json")
    assert bad.status_code == 400 and "AppID" in bad.content.decode()
    unknown = admin_client_a.put(URL, _body(student_h5_entries=["no_such_entry"]), content_type="application/json")
    assert unknown.status_code == 400


def test_permission(client_a):
    client_a.login_as(make_staff("alpha", "wechat.view_follower"))
    assert client_a.get(URL).status_code == 403
    assert client_a.put(URL, _body(), content_type="application/json").status_code == 403
    client_a.login_as(make_staff("alpha", "wechat.change_wechataccount"))
    assert client_a.get(URL).status_code == 200


def test_other_tenant_neither_sees_nor_changes_it(admin_client_a, admin_client_b):
    assert admin_client_a.put(URL, _body(), content_type="application/json").status_code == 200
    theirs = admin_client_b.get(URL).json()
    assert theirs["app_id"] == "" and theirs["app_secret_hint"] == ""
    assert admin_client_b.put(URL, _body(app_id=BETA["app_id"], app_secret=BETA["app_secret"], aes_key=BETA["aes_key"]),
                              content_type="application/json").status_code == 200
    with schema_context("alpha"):
        assert WeChatAccount.objects.get().app_id == ALPHA["app_id"]

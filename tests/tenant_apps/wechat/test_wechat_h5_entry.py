"""How people enter the H5: inside WeChat the password login page hands over to the official
account's OAuth (when the tenant has one); outside WeChat it stays. And "what students may see":
the tenant's choice of H5 entries hides the others from students (a core menu filter)."""

from __future__ import annotations

import re

import pytest
from django_tenants.utils import schema_context

from core.web.menus import registered
from tenant_apps.wechat.models import WeChatAccount
from tests.conftest import TenantClient
from tests.tenant_apps.accounts.test_users_factories import make_person
from tests.tenant_apps.wechat.test_wechat_backoffice import _settings_form
from tests.tenant_apps.wechat.test_wechat_h5_login import WECHAT_UA

pytestmark = pytest.mark.django_db


@pytest.fixture
def wx_client(tenant_a):
    return TenantClient(tenant_a, HTTP_USER_AGENT=WECHAT_UA)


def test_inside_wechat_the_login_page_goes_to_wechat_login(wx_client, account_a, fake_wechat):
    response = wx_client.get("/h5/login/", {"next": "/h5/me/"})
    assert response.status_code == 302 and response["Location"] == "/h5/wechat/login/?next=%2Fh5%2Fme%2F"
    assert wx_client.get("/h5/login/")["Location"] == "/h5/wechat/login/"
    # A page that needs login, opened from the official account's menu, ends at WeChat's OAuth.
    step = wx_client.get("/h5/me/")
    while step.status_code == 302 and step["Location"].startswith("/"):
        step = wx_client.get(step["Location"])
    assert step.status_code == 302 and step["Location"].startswith("https://open.weixin.qq.com/connect/oauth2/authorize?")


def test_outside_wechat_the_password_form_stays(client_a, account_a):
    response = client_a.get("/h5/login/", {"next": "/h5/me/"})
    assert response.status_code == 200 and 'name="password"' in response.content.decode()


def test_inside_wechat_without_an_account_the_password_form_stays(wx_client, tenant_b):
    assert wx_client.get("/h5/login/").status_code == 200
    with schema_context("alpha"):
        WeChatAccount.objects.create(name="未完成设置", app_id="wx1111aaaa2222bbbb")  # no secret yet
    assert wx_client.get("/h5/login/").status_code == 200
    beta_in_wechat = TenantClient(tenant_b, HTTP_USER_AGENT=WECHAT_UA)
    assert beta_in_wechat.get("/h5/login/").status_code == 200  # alpha's account is not beta's


def test_way_out_to_the_password_form_cannot_loop(wx_client, account_a):
    page = wx_client.get("/h5/login/", {"via": "password"})
    assert page.status_code == 200 and 'name="password"' in page.content.decode()
    # The WeChat error page (e.g. authorisation refused) links to exactly that.
    error = wx_client.get("/h5/wechat/callback/", {"state": "nothing-pending"}).content.decode()
    assert 'href="/h5/login/?via=password"' in error


def _menu_keys(client) -> set[str]:
    return set(re.findall(r'data-menu="([^"]+)"', client.get("/h5/").content.decode()))


@pytest.fixture
def people(tenant_a):
    return {
        "student": make_person("alpha", kind="student", display_name="学生甲"),
        "alumnus": make_person("alpha", kind="alumnus", display_name="校友乙"),
    }


def test_students_see_only_the_entries_the_tenant_allows(tenant_a, account_a, people):
    every = {item.key for item in registered("h5")}
    assert {"h5_letters", "h5_wechat_binding"} <= every
    student = TenantClient(tenant_a).login_as(people["student"])
    alumnus = TenantClient(tenant_a).login_as(people["alumnus"])
    before = _menu_keys(student)
    assert {"h5_letters", "h5_wechat_binding"} <= before  # no limit set: everything

    with schema_context("alpha"):
        WeChatAccount.objects.update(student_h5_entries=["h5_letters"])
    assert _menu_keys(student) == {"h5_letters"}
    assert "h5_wechat_binding" in _menu_keys(alumnus)  # only students are limited
    assert _menu_keys(alumnus) == before


def test_limit_is_per_tenant(tenant_a, tenant_b, account_a, account_b, people):
    with schema_context("beta"):
        WeChatAccount.objects.update(student_h5_entries=["h5_letters"])
        beta_student = make_person("beta", kind="student", display_name="贝塔学生")
    assert "h5_wechat_binding" in _menu_keys(TenantClient(tenant_a).login_as(people["student"]))
    assert _menu_keys(TenantClient(tenant_b).login_as(beta_student)) == {"h5_letters"}


def test_settings_page_saves_what_students_may_see(admin_client_a, account_a, tenant_a, people):
    page = admin_client_a.get("/admin-ui/wechat/account/").content.decode()
    assert 'value="h5_letters"' in page and 'value="h5_wechat_binding"' in page
    response = admin_client_a.post("/admin-ui/wechat/account/", _settings_form(student_h5_entries=["h5_wechat_binding"]))
    assert response.status_code == 302
    assert _menu_keys(TenantClient(tenant_a).login_as(people["student"])) == {"h5_wechat_binding"}

"""P16: the sidebar shows only the entries whose permission the user holds."""

from __future__ import annotations

import pytest

from tests.tenant_apps.accounts.test_users_factories import make_staff

pytestmark = pytest.mark.django_db


def menu_keys(page: str) -> set[str]:
    return {chunk.split('"')[0] for chunk in page.split('data-menu="')[1:]}


def test_admin_sees_all_account_entries(admin_client_a):
    keys = menu_keys(admin_client_a.get("/admin-ui/").content.decode())
    assert {"users", "groups", "org_units"} <= keys


def test_view_user_only_sees_users(client_a):
    page = client_a.login_as(make_staff("alpha", "accounts.view_user")).get("/admin-ui/").content.decode()
    assert "users" in menu_keys(page)
    assert {"groups", "org_units", "ip_blocks"}.isdisjoint(menu_keys(page))
    assert "用户管理" in page and "用户组与权限" not in page and "组织机构" not in page


def test_no_permission_no_entries(client_a):
    page = client_a.login_as(make_staff("alpha")).get("/admin-ui/").content.decode()
    assert {"users", "groups", "org_units"}.isdisjoint(menu_keys(page))


def test_each_entry_links_to_a_page_the_user_may_open(client_a):
    user = make_staff("alpha", "accounts.view_user", "auth.view_group", "accounts.view_orgunit")
    client = client_a.login_as(user)
    page = client.get("/admin-ui/").content.decode()
    for link in ("/admin-ui/users/", "/admin-ui/groups/", "/admin-ui/org-units/"):
        assert f'href="{link}"' in page
        assert client.get(link).status_code == 200

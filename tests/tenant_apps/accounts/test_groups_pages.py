"""Back-office group pages: permissions grouped by app, switched-off modules hidden, built-ins
kept, delete with confirmation."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django_tenants.utils import schema_context

from shared_apps.provisioning.models import Tenant
from tests.tenant_apps.accounts.test_users_factories import make_group, make_staff

pytestmark = pytest.mark.django_db

GROUPS = "/admin-ui/groups/"


def permission_id(schema: str, code: str) -> int:
    app_label, codename = code.split(".")
    with schema_context(schema):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename).pk


def test_list_shows_groups_with_member_count(admin_client_a):
    page = admin_client_a.get(GROUPS).content.decode()
    assert "系统管理员" in page and "院系管理员" in page and "内置" in page


def test_create_group_with_permissions(admin_client_a):
    page = admin_client_a.get(GROUPS + "new/").content.decode()
    assert 'data-code="accounts.view_user"' in page and "查看用户" in page
    assert "账号与权限" in page  # section per app
    assert 'data-code="sessions.' not in page and 'data-code="authtoken.' not in page
    response = admin_client_a.post(GROUPS + "new/", {
        "name": "兼职辅导员", "description": "看本院学生", "data_scope": "unit_and_below", "permissions": [permission_id("alpha", "accounts.view_user")],
    })
    assert response.status_code == 302
    with schema_context("alpha"):
        group = Group.objects.get(name="兼职辅导员")
        assert [p.codename for p in group.permissions.all()] == ["view_user"]
        assert group.profile.data_scope == "unit_and_below"


def test_duplicate_name_is_shown_on_the_field(admin_client_a):
    response = admin_client_a.post(GROUPS + "new/", {"name": "系统管理员", "data_scope": "all"})
    assert response.status_code == 409
    assert 'data-field="name">已有同名用户组。' in response.content.decode()


def test_switched_off_module_permissions_are_hidden_and_kept(admin_client_a, tenant_a):
    with schema_context("alpha"):
        content_type, _ = ContentType.objects.get_or_create(app_label="employment", model="testjob")
        Permission.objects.get_or_create(content_type=content_type, codename="view_testjob", defaults={"name": "查看测试岗位"})
    assert 'data-code="employment.view_testjob"' in admin_client_a.get(GROUPS + "new/").content.decode()
    Tenant.objects.filter(pk=tenant_a.pk).update(modules=["alumni"])
    page = admin_client_a.get(GROUPS + "new/").content.decode()
    assert 'data-code="employment.' not in page
    group = make_group("alpha", "employment.view_testjob", "accounts.view_user")
    response = admin_client_a.post(f"{GROUPS}{group.pk}/edit/", {"name": group.name, "data_scope": "all", "permissions": []})
    assert response.status_code == 302
    with schema_context("alpha"):
        labels = set(group.permissions.values_list("content_type__app_label", flat=True))
    assert labels == {"employment"}  # the hidden one survives, the visible one was unticked


def test_builtin_group_cannot_be_deleted(admin_client_a):
    with schema_context("alpha"):
        builtin = Group.objects.get(name="系统管理员")
    assert "不能删除" in admin_client_a.get(f"{GROUPS}{builtin.pk}/delete/").content.decode()
    response = admin_client_a.post(f"{GROUPS}{builtin.pk}/delete/", follow=True)
    assert "系统内置用户组不能删除。" in response.content.decode()
    with schema_context("alpha"):
        assert Group.objects.filter(pk=builtin.pk).exists()


def test_delete_asks_then_deletes(admin_client_a):
    group = make_group("alpha", name="临时组")
    page = admin_client_a.get(f"{GROUPS}{group.pk}/delete/").content.decode()
    assert "确定删除用户组“临时组”" in page
    response = admin_client_a.post(f"{GROUPS}{group.pk}/delete/")
    assert response.status_code == 302
    with schema_context("alpha"):
        assert not Group.objects.filter(pk=group.pk).exists()


def test_group_manager_only_sees_permissions_they_hold(client_a):
    manager = make_staff("alpha", "auth.view_group", "auth.add_group", "accounts.view_user")
    page = client_a.login_as(manager).get(GROUPS + "new/").content.decode()
    assert 'data-code="accounts.view_user"' in page and 'data-code="accounts.delete_user"' not in page


@pytest.mark.parametrize(("method", "path"), [("get", ""), ("get", "new/"), ("get", "{pk}/edit/"), ("post", "{pk}/edit/"), ("get", "{pk}/delete/"), ("post", "{pk}/delete/")])
def test_group_pages_need_permissions(client_a, method, path):
    group = make_group("alpha")
    client = client_a.login_as(make_staff("alpha", "accounts.view_user"))
    assert getattr(client, method)(GROUPS + path.format(pk=group.pk)).status_code == 403


def test_beta_group_is_not_reachable_from_alpha(admin_client_a):
    with schema_context("beta"):
        beta_group = Group.objects.create(id=990_002, name="贝塔专属")
    assert admin_client_a.get(f"{GROUPS}{beta_group.pk}/edit/").status_code == 404
    assert admin_client_a.post(f"{GROUPS}{beta_group.pk}/delete/").status_code == 404
    with schema_context("beta"):
        assert Group.objects.filter(pk=beta_group.pk).exists()

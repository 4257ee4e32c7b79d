"""User, group and org unit services: uniqueness, self-protection, password reset, escalation."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from core.errors import ApplicationError
from core.models import AuditEvent
from tenant_apps.accounts import services
from tenant_apps.accounts.enums import DataScope
from tenant_apps.accounts.models import User
from tests.tenant_apps.accounts.test_users_factories import (
    PASSWORD,
    make_group,
    make_person,
    make_staff,
    make_tree,
)

pytestmark = pytest.mark.django_db


def create(actor, **fields):
    defaults = {"username": "li.si", "display_name": "李四", "password": PASSWORD}
    return services.user_create(actor=actor, **{**defaults, **fields})


def test_create_writes_user_and_audit(in_tenant_a, admin_a):
    user = create(admin_a, phone="138 0000 1234", email="LiSi@Example.cn")
    assert user.phone == "13800001234"
    assert user.check_password(PASSWORD)
    assert AuditEvent.objects.filter(action="user.create", object_id=str(user.pk)).exists()


@pytest.mark.parametrize(
    ("field", "first", "second", "message"),
    [
        ("username", "wang", "wang", "该用户名已存在。"),
        ("email", "wang@example.cn", "WANG@example.cn", "该邮箱已被其他账号使用。"),
        ("phone", "13900001111", "139-0000-1111", "该手机号已被其他账号使用。"),
    ],
)
def test_create_refuses_duplicates_with_a_message_on_the_field(in_tenant_a, admin_a, field, first, second, message):
    create(admin_a, **{"username": "first-one", field: first})
    with pytest.raises(ApplicationError) as caught:
        create(admin_a, **{"username": "second-one", field: second})
    assert caught.value.status == 409
    assert caught.value.fields[field] == [message]


def test_update_refuses_another_users_phone(in_tenant_a, admin_a):
    make_person("alpha", phone="13700007777")
    user = create(admin_a)
    with pytest.raises(ApplicationError) as caught:
        services.user_update(actor=admin_a, user=user, data={"phone": "13700007777"})
    assert caught.value.fields["phone"] == ["该手机号已被其他账号使用。"]
    # Keeping one's own phone is not a duplicate.
    services.user_update(actor=admin_a, user=user, data={"phone": "13700008888"})
    services.user_update(actor=admin_a, user=user, data={"phone": "13700008888", "display_name": "李四四"})


def test_bad_phone_and_weak_password_are_explained(in_tenant_a, admin_a):
    with pytest.raises(ApplicationError) as caught:
        create(admin_a, phone="12345")
    assert caught.value.fields["phone"] == ["请输入 11 位手机号。"]
    with pytest.raises(ApplicationError) as caught:
        create(admin_a, password="12345678")
    assert "password" in caught.value.fields
    assert not User.objects.filter(username="li.si").exists()


def test_disable_self_is_refused(in_tenant_a, admin_a):
    with pytest.raises(ApplicationError) as caught:
        services.user_set_active(actor=admin_a, user=admin_a, is_active=False)
    assert caught.value.code == "cannot_disable_self"
    assert caught.value.message == "不能停用自己的账号。"


def test_disable_and_enable(in_tenant_a, admin_a):
    user = create(admin_a)
    services.user_set_active(actor=admin_a, user=user, is_active=False)
    assert not User.objects.get(pk=user.pk).is_active
    services.user_set_active(actor=admin_a, user=user, is_active=True)
    assert User.objects.get(pk=user.pk).is_active
    assert AuditEvent.objects.filter(action="user.disable", object_id=str(user.pk)).exists()


def test_reset_password_generates_a_new_one_and_requires_a_change(in_tenant_a, admin_a):
    user = create(admin_a)
    password = services.user_reset_password(actor=admin_a, user=user)
    user.refresh_from_db()
    assert len(password) == 12
    assert user.check_password(password) and not user.check_password(PASSWORD)
    assert user.must_change_password
    event = AuditEvent.objects.get(action="user.reset_password", object_id=str(user.pk))
    assert password not in str(event.after) and password not in str(event.before)


def test_non_superuser_cannot_touch_a_superuser(in_tenant_a, admin_a):
    manager = make_staff("alpha", "accounts.change_user", "accounts.reset_password")
    with pytest.raises(ApplicationError) as caught:
        services.user_reset_password(actor=manager, user=admin_a)
    assert caught.value.status == 403
    with pytest.raises(ApplicationError):
        services.user_set_active(actor=manager, user=admin_a, is_active=False)


def test_college_admin_cannot_grant_a_wider_group_or_unit(in_tenant_a):
    tree = make_tree("alpha")
    college_admin = make_staff("alpha", "accounts.view_user", "accounts.add_user", scope=DataScope.UNIT_AND_BELOW, org_unit=tree["cs"])
    system_admins = Group.objects.get(name="系统管理员")
    with pytest.raises(ApplicationError) as caught:
        create(college_admin, org_unit=tree["se"], groups=[system_admins])
    assert "groups" in caught.value.fields
    with pytest.raises(ApplicationError) as caught:
        create(college_admin, org_unit=tree["lang"])
    assert "org_unit" in caught.value.fields
    modest = make_group("alpha", "accounts.view_user", scope=DataScope.UNIT)
    user = create(college_admin, org_unit=tree["se_class"], groups=[modest])
    assert list(user.groups.all()) == [modest]


def test_group_builtin_cannot_be_deleted(in_tenant_a, admin_a):
    with pytest.raises(ApplicationError) as caught:
        services.group_delete(actor=admin_a, group=Group.objects.get(name="系统管理员"))
    assert caught.value.code == "builtin_group"


def test_group_save_refuses_permissions_the_actor_lacks(in_tenant_a):
    manager = make_staff("alpha", "auth.add_group", "auth.view_group", "accounts.view_user")
    from django.contrib.auth.models import Permission

    view_user = Permission.objects.get(codename="view_user")
    delete_user = Permission.objects.get(codename="delete_user")
    group = services.group_save(actor=manager, name="查看组", permissions=[view_user])
    assert list(group.permissions.all()) == [view_user]
    with pytest.raises(ApplicationError) as caught:
        services.group_save(actor=manager, name="删除组", permissions=[delete_user])
    assert caught.value.status == 403


def test_org_unit_delete_explains_children_and_members(in_tenant_a, admin_a):
    tree = make_tree("alpha")
    with pytest.raises(ApplicationError) as caught:
        services.org_unit_delete(actor=admin_a, unit=tree["cs"])
    assert caught.value.message == "请先删除或移走下级机构。"
    make_person("alpha", org_unit=tree["english"])
    with pytest.raises(ApplicationError) as caught:
        services.org_unit_delete(actor=admin_a, unit=tree["english"])
    assert caught.value.code == "org_unit_has_members"


def test_org_unit_move_rewrites_subtree_paths(in_tenant_a, admin_a):
    tree = make_tree("alpha")
    services.org_unit_save(actor=admin_a, unit=tree["se"], name="软件工程", kind="major", parent=tree["lang"])
    tree["se_class"].refresh_from_db()
    assert tree["se_class"].path.startswith(tree["lang"].path)

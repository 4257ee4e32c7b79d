"""Default groups of a tenant with the expert module (抽取经办人, 监督人, 专家管理员): made at
tenant initialization with their permissions, shown on the groups page, idempotent, and they
let their members do exactly their part."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_tenants.utils import schema_context

from core.hooks import TenantSeed
from tenant_apps.experts.panels.initializers import DEFAULT_GROUPS, seed_panel_groups
from tenant_apps.experts.panels.selectors import GroupConditions
from tenant_apps.experts.panels.services import draw_execute

from .conftest import make_pool, make_project, prepare

pytestmark = pytest.mark.django_db

NAMES = [name for name, _, _ in DEFAULT_GROUPS]


def seed(modules=("experts",)) -> TenantSeed:
    return TenantSeed(schema_name="bureau", name="示范专家局", type="bureau", modules=tuple(modules), admin_username="admin")


def codes(group) -> set[str]:
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def member_of(group_name: str, username: str):
    from django.contrib.auth.models import Group

    from tenant_apps.accounts.models import User

    user = User.objects.create_user(username=username, password="pw-12345678", kind="staff")
    user.groups.add(Group.objects.get(name=group_name))
    return User.objects.get(pk=user.pk)


def test_new_tenant_has_the_groups_with_their_permissions(in_bureau):
    from django.contrib.auth.models import Group

    for name, description, expected in DEFAULT_GROUPS:
        group = Group.objects.get(name=name)
        assert codes(group) == set(expected), name
        assert group.profile.description == description and group.profile.data_scope == "all"
    operator = codes(Group.objects.get(name="抽取经办人"))
    assert "expert_panels.draw_panel" in operator and "expert_panels.approve_project" not in operator and "experts.reveal_personal_data" not in operator
    assert {"expert_panels.approve_project", "expert_panels.supervise_draw"} <= codes(Group.objects.get(name="监督人"))


def test_running_again_changes_nothing(in_bureau):
    from django.contrib.auth.models import Group, Permission

    operator = Group.objects.get(name="抽取经办人")
    operator.permissions.remove(Permission.objects.get(content_type__app_label="expert_panels", codename="import_project"))  # the bureau's own change
    before = {name: codes(Group.objects.get(name=name)) for name in NAMES}
    seed_panel_groups(seed())
    seed_panel_groups(seed())
    assert Group.objects.filter(name__in=NAMES).count() == 3
    assert {name: codes(Group.objects.get(name=name)) for name in NAMES} == before


def test_tenants_without_the_expert_module_get_none(in_bureau):
    from django.contrib.auth.models import Group

    Group.objects.filter(name__in=NAMES).delete()
    seed_panel_groups(seed(modules=("employment",)))
    assert not Group.objects.filter(name__in=NAMES).exists()
    seed_panel_groups(seed())
    assert Group.objects.filter(name__in=NAMES).count() == 3


def test_groups_page_lists_them(admin_client_bureau):
    page = admin_client_bureau.get(reverse("backoffice:group_list")).content.decode()
    assert all(name in page for name in NAMES)


def test_each_group_does_its_part(client_bureau, bureau_admin, bureau_tree):
    with schema_context("bureau"):
        operator, supervisor, keeper = member_of("抽取经办人", "op-default"), member_of("监督人", "sup-default"), member_of("专家管理员", "keeper-default")
        make_pool(4, domains=[bureau_tree[2]])
        drawn = draw_execute(actor=bureau_admin, draw=prepare(bureau_admin, make_project(bureau_admin), [GroupConditions(count=2, domain_ids=[bureau_tree[0].pk])]),
                             supervisor_values=["5", "6"])
        names = [m.expert.name for m in drawn.members.select_related("expert")]
    new_project = {"title": "经办人新建", "owner_unit": "某单位", "opens_at": "2030-02-01T09:00"}

    # the operator creates projects but cannot approve them, and sees drawn names masked
    client_bureau.login_as(operator)
    assert client_bureau.post(reverse("backoffice:experts_panels:project_add"), new_project).status_code == 302
    with schema_context("bureau"):
        from tenant_apps.experts.panels.models import Project

        project = Project.objects.get(title="经办人新建")
    response = client_bureau.post(reverse("backoffice:experts_panels:project_detail", args=[project.pk]), {"action": "approve"}, follow=True)
    assert "您无权审核抽取项目" in response.content.decode()
    assert client_bureau.post(reverse("backoffice:experts_panels:project_list"), {"action": "approve", "project": [str(project.pk)]}).status_code == 403
    assert client_bureau.get(reverse("backoffice:experts_panels:draw_new", args=[drawn.project_id])).status_code == 200
    page = client_bureau.get(reverse("backoffice:experts_panels:draw_detail", args=[drawn.pk])).content.decode()
    assert not any(name in page for name in names)
    assert client_bureau.get(reverse("backoffice:experts:expert_list")).status_code == 403

    # the supervisor approves, but does not create projects
    client_bureau.login_as(supervisor)
    client_bureau.post(reverse("backoffice:experts_panels:project_detail", args=[project.pk]), {"action": "approve", "note": "同意"})
    with schema_context("bureau"):
        project.refresh_from_db()
        assert project.status == "approved" and project.approved_by == supervisor
    assert client_bureau.get(reverse("backoffice:experts_panels:project_add")).status_code == 403
    assert client_bureau.get(reverse("backoffice:experts_panels:draw_new", args=[drawn.project_id])).status_code == 403

    # the expert keeper works on the library, not on draws
    client_bureau.login_as(keeper)
    assert client_bureau.get(reverse("backoffice:experts:expert_list")).status_code == 200
    assert client_bureau.get(reverse("backoffice:experts_panels:project_list")).status_code == 403

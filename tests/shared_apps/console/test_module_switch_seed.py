"""A module switched on later, or a release that adds default groups: tenants that exist get
what a new tenant would have had, and keep what their admins changed."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django_tenants.utils import schema_context

from shared_apps.provisioning.models import Tenant
from shared_apps.provisioning.services import tenant_modules_set, tenant_reseed
from tenant_apps.accounts.models import User

EXPERT_GROUPS = {"抽取经办人", "监督人", "专家管理员", "劳务费经办人", "财务人员", "专家评价员"}


def _without_experts(slug: str) -> Tenant:
    """The tenant as if it had been provisioned without the expert library."""
    from tenant_apps.experts.models import ExpertType, PointRule

    tenant = Tenant.objects.get(schema_name=slug)
    with schema_context(slug):
        Group.objects.filter(name__in=EXPERT_GROUPS).delete()
        ExpertType.objects.all().delete()
        PointRule.objects.all().delete()
    tenant.modules = ["employment", "alumni"]
    tenant.save(update_fields=["modules"])
    return tenant


def test_switching_the_expert_library_on_creates_its_groups_and_reference_data(db):
    from tenant_apps.experts.models import ExpertType, PointRule

    tenant = _without_experts("alpha")
    with schema_context("alpha"):
        users_before = User.objects.count()
        assert not Group.objects.filter(name__in=EXPERT_GROUPS).exists()

    tenant_modules_set(tenant=tenant, modules=["employment", "alumni", "experts"])

    with schema_context("alpha"):
        assert set(Group.objects.filter(name__in=EXPERT_GROUPS).values_list("name", flat=True)) == EXPERT_GROUPS
        drawer = Group.objects.get(name="抽取经办人")
        assert drawer.permissions.exists()
        assert set(ExpertType.objects.values_list("name", flat=True)) == {"评审专家", "咨询专家", "技术专家"}
        assert PointRule.objects.count() == 4
        assert User.objects.count() == users_before  # no admin account made for an existing tenant
        assert not User.objects.filter(username="").exists()


def test_switching_a_module_off_runs_nothing_and_on_again_duplicates_nothing(db):
    tenant = Tenant.objects.get(schema_name="alpha")
    with schema_context("alpha"):
        groups_before = Group.objects.count()
    tenant_modules_set(tenant=tenant, modules=["employment"])
    tenant_modules_set(tenant=tenant, modules=["employment", "alumni", "experts"])
    with schema_context("alpha"):
        assert Group.objects.count() == groups_before


def test_reseed_keeps_what_the_tenant_changed(db):
    tenant = Tenant.objects.get(schema_name="alpha")
    with schema_context("alpha"):
        department_admins = Group.objects.get(name="院系管理员")
        department_admins.permissions.set(Permission.objects.filter(codename="view_user"))
        drawer = Group.objects.get(name="抽取经办人")
        drawer.permissions.clear()
        drawer.profile.description = "本单位自定义说明"
        drawer.profile.save()

    tenant_reseed(tenant=tenant)

    with schema_context("alpha"):
        assert list(Group.objects.get(name="院系管理员").permissions.values_list("codename", flat=True)) == ["view_user"]
        drawer = Group.objects.get(name="抽取经办人")
        assert not drawer.permissions.exists()
        assert drawer.profile.description == "本单位自定义说明"


def test_console_module_switch_brings_the_groups_into_the_tenant(staff_console, admin_client_a):
    _without_experts("alpha")
    response = staff_console.post("/tenants/alpha/modules/", {"modules": ["employment", "alumni", "experts"], "reason": "客户开通专家库"})
    assert response.status_code == 302
    # The tenant's admin sees the new groups on the groups page at once.
    page = admin_client_a.get("/admin-ui/groups/").content.decode()
    for name in ("抽取经办人", "监督人", "专家管理员"):
        assert name in page

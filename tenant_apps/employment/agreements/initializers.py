"""The agreement permissions for the employment groups a new school gets: the college level
reviews first, the career centre reviews second and decides terminations."""

from __future__ import annotations

from core.hooks import TenantSeed

VIEW = "employment_agreements.view_agreement"
GROUP_PERMISSIONS: dict[str, list[str]] = {
    "学院就业专员": [VIEW, "employment_agreements.review_agreement_college"],
    "校就业中心": [VIEW, "employment_agreements.review_agreement_school", "employment_agreements.export_agreement"],
    "招聘服务管理员": [VIEW, "employment_agreements.export_agreement"],
}


def agreement_permissions_ensure() -> None:
    from django.contrib.auth.models import Group

    from tenant_apps.accounts.initializers import _permissions

    for name, codes in GROUP_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(*_permissions(codes))


def seed_agreement_permissions(seed: TenantSeed) -> None:
    if "employment" not in seed.modules:
        return
    agreement_permissions_ensure()

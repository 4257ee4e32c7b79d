"""The fair permissions go to the recruitment staff group of the employment module (created by
the employers app); a school's own groups are left alone."""

from __future__ import annotations

from core.hooks import TenantSeed

FAIR_PERMISSIONS = [
    "employment_fairs.view_fair", "employment_fairs.add_fair", "employment_fairs.change_fair", "employment_fairs.review_fairapplication",
    "employment_fairs.arrange_booths", "employment_fairs.check_in_fair", "employment_fairs.export_fair",
]


def seed_fair_permissions(seed: TenantSeed) -> None:
    if "employment" not in seed.modules:
        return
    from django.contrib.auth.models import Group, Permission

    from tenant_apps.employment.employers.initializers import RECRUITMENT_GROUP

    group = Group.objects.filter(name=RECRUITMENT_GROUP).first()
    if group is None:
        return
    codenames = [perm.split(".", 1)[1] for perm in FAIR_PERMISSIONS]
    group.permissions.add(*Permission.objects.filter(content_type__app_label="employment_fairs", codename__in=codenames))

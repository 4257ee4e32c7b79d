"""Teachers see applications in their data scope; the career centre and the recruitment
group also set the school's no-response days."""

from __future__ import annotations

from core.hooks import TenantSeed

VIEW_GROUPS = ["辅导员", "学院就业专员"]
SETTINGS_GROUPS = ["校就业中心"]


def grant_application_permissions(seed: TenantSeed) -> None:
    if "employment" not in seed.modules:
        return
    from django.contrib.auth.models import Group, Permission

    from tenant_apps.employment.employers.initializers import RECRUITMENT_GROUP

    view = list(Permission.objects.filter(content_type__app_label="employment_applications", codename="view_application"))
    manage = list(Permission.objects.filter(content_type__app_label="employment_applications", codename="manage_application_settings"))
    for group in Group.objects.filter(name__in=VIEW_GROUPS):
        group.permissions.add(*view)
    for group in Group.objects.filter(name__in=[*SETTINGS_GROUPS, RECRUITMENT_GROUP]):
        group.permissions.add(*view, *manage)

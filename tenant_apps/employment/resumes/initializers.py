"""Counsellors, college staff and the career centre read students' resumes (in their data
scope) and guide them section by section."""

from __future__ import annotations

from core.hooks import TenantSeed

GUIDANCE_GROUPS = ["辅导员", "学院就业专员", "校就业中心"]
RESUME_PERMISSIONS = ["view_resume", "guide_resume"]


def grant_resume_permissions(seed: TenantSeed) -> None:
    if "employment" not in seed.modules:
        return
    from django.contrib.auth.models import Group, Permission

    permissions = list(Permission.objects.filter(content_type__app_label="employment_resumes", codename__in=RESUME_PERMISSIONS))
    for group in Group.objects.filter(name__in=GUIDANCE_GROUPS):
        group.permissions.add(*permissions)

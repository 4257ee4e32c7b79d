"""Teachers of the recruitment group read reported conversations and decide the reports."""

from __future__ import annotations

from core.hooks import TenantSeed

CHAT_PERMISSIONS = ["view_conversationreport", "change_conversationreport"]


def grant_chat_permissions(seed: TenantSeed) -> None:
    if "employment" not in seed.modules:
        return
    from django.contrib.auth.models import Group, Permission

    from tenant_apps.employment.employers.initializers import RECRUITMENT_GROUP

    group = Group.objects.filter(name=RECRUITMENT_GROUP).first()
    if group is not None:
        group.permissions.add(*Permission.objects.filter(content_type__app_label="employment_chat", codename__in=CHAT_PERMISSIONS))

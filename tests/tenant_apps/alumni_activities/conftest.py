"""Fixtures for activities: alumni, staff with activity permissions, activities with ticket types."""

from __future__ import annotations

import datetime
import itertools
import uuid

import pytest
from django.utils import timezone

_seq = itertools.count(1)


def make_user(*, kind="alumnus", perms=(), username=None, openid=""):
    from django.contrib.auth.models import Group, Permission

    from tenant_apps.accounts.models import GroupProfile, User

    # Unique across processes and module copies: tests in the committed `live` tenant keep their users.
    username = username or f"u{next(_seq)}-{uuid.uuid4().hex[:8]}-{kind}"
    user = User.objects.create_user(username=username, password="pw-12345678", kind=kind, display_name=f"校友{username}", wechat_openid=openid)
    if perms:
        group = Group.objects.create(name=f"g-{username}")
        for perm in perms:
            app_label, codename = perm.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        GroupProfile.objects.update_or_create(group=group, defaults={"data_scope": "all"})
        user.groups.add(group)
    return User.objects.get(pk=user.pk)


ADMIN_PERMS = (
    "alumni_activities.view_activity", "alumni_activities.add_activity", "alumni_activities.change_activity", "alumni_activities.delete_activity",
    "alumni_activities.review_activity", "alumni_activities.manage_registration", "alumni_activities.checkin_activity",
    "alumni_activities.moderate_comment", "alumni_activities.manage_blacklist", "alumni_activities.run_lottery",
)


def make_activity(actor=None, *, capacity=10, types=None, days=7, **extra):
    from tenant_apps.alumni.activities.services import ActivityInput, activity_create

    actor = actor or make_user(kind="staff", perms=ADMIN_PERMS)
    start = timezone.now() + datetime.timedelta(days=days)
    extra.setdefault("place", "校友之家")
    extra.setdefault("city", "北京")
    data = ActivityInput(title=extra.pop("title", f"活动{next(_seq)}"), starts_at=start, ends_at=start + datetime.timedelta(hours=3),
                         capacity=capacity, ticket_types=types or [{"name": "校友票", "price_fen": 0, "capacity": capacity}], **extra)
    return activity_create(actor=actor, data=data)


def phone(n: int) -> str:
    return f"139{n:08d}"


def register(activity, user=None, *, n=None, ticket_type=None, **extra):
    from tenant_apps.alumni.activities.services import registration_create

    user = user or make_user()
    n = n if n is not None else next(_seq)
    return registration_create(actor=user, activity=activity, ticket_type=ticket_type or activity.ticket_types.first(), attendee_name=f"参加人{n}",
                               attendee_phone=phone(n), **extra)


@pytest.fixture
def activity_admin(in_tenant_a):
    return make_user(kind="staff", perms=ADMIN_PERMS)

"""Fixtures for giving: verified members (with a chapter and a class year), outsiders, staff
with giving permissions, the foundation's settings and projects."""

from __future__ import annotations

import itertools
import uuid

import pytest

from tests.tenant_apps.alumni_activities.conftest import make_user

_seq = itertools.count(1)

ADMIN_PERMS = (
    "alumni_giving.view_project", "alumni_giving.add_project", "alumni_giving.change_project", "alumni_giving.delete_project",
    "alumni_giving.view_donation", "alumni_giving.manage_donation", "alumni_giving.export_donation", "alumni_giving.view_giving_statistics",
    "alumni_giving.manage_giving_settings",
)
FINANCE_PERMS = ("alumni_giving.view_donation", "alumni_giving.record_receipt")


def make_member(*, chapter_name: str = "", class_year: int = 2008, openid: str = "", username: str | None = None):
    """A verified member of the association (approved, matched to a record), optionally in a chapter."""
    from tenant_apps.alumni.orgs.models import Membership, Organization
    from tenant_apps.alumni.records.models import AlumniRecord, Member

    user = make_user(openid=openid or f"o-{uuid.uuid4().hex[:10]}", username=username)
    record = AlumniRecord.objects.create(name=f"校友{next(_seq)}", class_year=class_year)
    member = Member.objects.create(user=user, record=record, name=record.name, class_year=class_year, status="approved")
    if chapter_name:
        root = Organization.objects.filter(parent__isnull=True).first() or Organization.objects.create(name="校友总会", kind="association")
        chapter = Organization.objects.filter(name=chapter_name).first() or Organization.objects.create(name=chapter_name, kind="regional", parent=root)
        Membership.objects.create(organization=chapter, member=member, status="approved")
    return user


def qualify(**extra):
    from tenant_apps.alumni.giving import services

    data = {"foundation_name": "示范大学教育发展基金会", "has_public_qualification": True, "qualification_number": "京民基金会公募字〔2020〕第018号",
            "platform_name": "腾讯公益", "certificate_threshold_fen": 10000, "seal_threshold_fen": 100000}
    data.update(extra)
    return services.settings_save(actor=None, data=data)


def make_project(*, audience: str = "members", title: str | None = None, **extra):
    from tenant_apps.alumni.giving import services

    data = services.ProjectInput(title=title or f"励学基金{next(_seq)}", target_fen=extra.pop("target_fen", 1_000_000), audience=audience,
                                 status=extra.pop("status", "active"), min_amount_fen=extra.pop("min_amount_fen", 100),
                                 platform_url=extra.pop("platform_url", "https://gongyi.qq.com/succor/detail.htm?id=1" if audience == "public" else ""), **extra)
    return services.project_create(actor=None, data=data)


@pytest.fixture
def giving_admin(in_tenant_a):
    return make_user(kind="staff", perms=ADMIN_PERMS)


@pytest.fixture
def qualified(in_tenant_a):
    return qualify()

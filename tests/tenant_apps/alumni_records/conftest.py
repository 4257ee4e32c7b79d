"""Helpers for alumni tests (tenant alpha): records, members through the real join flow."""

from __future__ import annotations

import datetime
import itertools
import uuid

import pytest

_seq = itertools.count(1)


def make_record(actor=None, **values):
    from tenant_apps.alumni.records.services import record_save

    values.setdefault("name", f"校友{next(_seq)}")
    return record_save(actor=actor, data=values, source=values.pop("source", "测试学籍册"))


def make_alumnus_user(name="校友", phone=None):
    from tenant_apps.accounts.services import user_create

    phone = phone or "139" + str(uuid.uuid4().int)[:8]
    return user_create(actor=None, username=f"alum_{uuid.uuid4().hex[:8]}", password="Alumni-pass-2026", kind="alumnus", display_name=name, phone=phone)


def make_association(actor=None, **extra):
    from tenant_apps.alumni.orgs.selectors import association
    from tenant_apps.alumni.orgs.services import OrgInput, org_save

    root = association()
    if root is not None:
        return root
    return org_save(actor=actor, data=OrgInput(name="测试大学校友总会", kind="association", **extra))


def make_chapter(actor=None, name=None, **extra):
    from tenant_apps.alumni.orgs.services import OrgInput, org_save

    make_association(actor)
    extra.setdefault("kind", "regional")
    return org_save(actor=actor, data=OrgInput(name=name or f"分会{next(_seq)}", **extra))


def join_verified(name="张伟", class_year=2005, birth=datetime.date(1987, 3, 2), college="计算机学院", major="软件工程", org=None, **record_extra):
    """A record, an alumnus who joins and is matched to it automatically."""
    from tenant_apps.alumni.orgs.services import join_apply

    record = make_record(name=name, class_year=class_year, birth_date=birth, college_name=college, major=major, **record_extra)
    user = make_alumnus_user(name)
    make_association()
    membership = join_apply(user=user, org=org, data={"name": name, "class_year": class_year, "birth_date": birth, "college_name": college, "major": major})
    membership.member.refresh_from_db()
    return user, membership.member, record


@pytest.fixture
def alumni_office(in_tenant_a):
    """A staff user in the default group 校友工作办公室."""
    from django.contrib.auth.models import Group

    from tenant_apps.accounts.services import user_create

    user = user_create(actor=None, username=f"office_{uuid.uuid4().hex[:6]}", password="Office-pass-2026", kind="staff", display_name="校友办老师")
    user.groups.add(Group.objects.get(name="校友工作办公室"))
    return user


@pytest.fixture
def records_keeper(in_tenant_a):
    from django.contrib.auth.models import Group

    from tenant_apps.accounts.services import user_create

    user = user_create(actor=None, username=f"keeper_{uuid.uuid4().hex[:6]}", password="Keeper-pass-2026", kind="staff", display_name="档案老师")
    user.groups.add(Group.objects.get(name="校友档案管理员"))
    return user

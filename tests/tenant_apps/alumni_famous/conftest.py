"""Famous alumni tests: candidates as the crawler hands them over (through the real service),
and staff with or without the confirming permission."""

from __future__ import annotations

import itertools
import uuid

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

_seq = itertools.count(1)


def deliver(schema: str, *items: dict, source_name: str = "测试百科", kind: str = "encyclopedia") -> int:
    from tenant_apps.alumni.famous.services import crawl_results_receive

    with schema_context(schema):
        return crawl_results_receive(run_id=7, source_name=source_name, source_kind=kind, fetched_at=timezone.now(), items=list(items))


def person_item(name: str, **extra) -> dict:
    return {"kind": "person", "name": name, "position": "院士", "summary": f"{name}的简介", "evidence": "1985年毕业于阿尔法大学。",
            "source_url": f"https://baike.example.cn/item/{next(_seq)}", "category": "encyclopedia", **extra}


def enterprise_item(name: str, **extra) -> dict:
    return {"kind": "enterprise", "name": name, "stock_code": "600001", "exchange": "上海证券交易所", "industry": "制造业", "summary": "",
            "alumni": [{"name": "郑一", "position": "董事长", "evidence": "毕业于阿尔法大学"}], "source_url": f"https://disclosure.example.cn/{next(_seq)}", **extra}


def news_item(subject: str, kind: str = "person", **extra) -> dict:
    return {"kind": "news", "subject_kind": kind, "subject_name": subject, "title": f"{subject}的新闻{next(_seq)}", "published_on": "2026-10-01",
            "summary": "内容", "source_url": f"https://news.example.cn/{next(_seq)}", **extra}


def found(schema: str, model_name: str, name: str):
    from tenant_apps.alumni.famous import models

    with schema_context(schema):
        return getattr(models, model_name).objects.get(name=name)


@pytest.fixture
def famous_staff(db):
    """make(schema, *perms) -> a back-office user holding exactly `perms`."""
    from django.contrib.auth.models import Group, Permission

    from tenant_apps.accounts.models import User

    def make(schema: str, *perms: str):
        with schema_context(schema):
            user = User.objects.create_user(username=f"fs{uuid.uuid4().hex[:8]}", password="pw-12345678", kind="staff", display_name="校友办老师")
            if perms:
                group = Group.objects.create(name=f"g-{user.username}")
                for perm in perms:
                    app_label, codename = perm.split(".")
                    group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
                user.groups.add(group)
            return user

    return make

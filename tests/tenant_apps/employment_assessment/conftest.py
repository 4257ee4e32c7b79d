"""Fixtures for career assessment: a college → major → class tree with students, teachers with
a data scope, a valid licensed bank file."""

from __future__ import annotations

import datetime
import itertools
import json

import pytest

from tests.tenant_apps.employment_employers.conftest import in_alpha, staff_with  # noqa: F401

_serial = itertools.count(1)


def org_tree(college: str, major: str):
    """(college, major, class) units, created on first use."""
    from tenant_apps.accounts.models import OrgUnit

    def unit(name, kind, parent):
        found = OrgUnit.objects.filter(name=name, parent=parent).first()
        if found:
            return found
        created = OrgUnit.objects.create(name=name, kind=kind, parent=parent)
        created.path = f"{parent.path if parent else '/'}{created.pk}/"
        created.save(update_fields=["path"])
        return created

    top = unit(college, "college", None)
    middle = unit(major, "major", top)
    return top, middle, unit(f"{major}1班", "class", middle)


def student(college: str = "计算机学院", major: str = "软件工程"):
    from tenant_apps.accounts.models import User

    _, _, cls = org_tree(college, major)
    return User.objects.create_user(username=f"as-stu{next(_serial)}", password="Stu-pass-2026", kind="student", display_name=f"测评学生{next(_serial)}",
                                    org_unit=cls)


def scoped_teacher(unit, *perms):
    """A teacher who sees only `unit` and below."""
    from django.contrib.auth.models import Group

    from tenant_apps.accounts.models import GroupProfile

    teacher = staff_with(*perms)
    group = Group.objects.create(name=f"学院老师{next(_serial)}")
    GroupProfile.objects.update_or_create(group=group, defaults={"data_scope": "unit_and_below"})
    teacher.groups.add(group)
    teacher.org_unit = unit
    teacher.save(update_fields=["org_unit"])
    return teacher


def riasec_answers(per_area: dict[str, list[int]]) -> dict[str, int]:
    return {f"{area}{index + 1}": value for area, values in per_area.items() for index, value in enumerate(values)}


def bank(**overrides) -> dict:
    data = {
        "format": "campus-type-bank/1",
        "name": "性格类型测评（授权）",
        "licence": {"holder": "测试大学就业指导中心", "reference": "LIC-2027-001", "valid_until": (datetime.date.today() + datetime.timedelta(days=365)).isoformat()},
        "dimensions": [{"poles": ["E", "I"], "names": ["外向", "内向"]}, {"poles": ["T", "F"], "names": ["思考", "情感"]}],
        "items": [
            {"id": "1", "text": "聚会上你通常", "options": [{"text": "主动认识新朋友", "pole": "E"}, {"text": "和熟人聊天", "pole": "I"}]},
            {"id": "2", "text": "周末你更愿意", "options": [{"text": "出去活动", "pole": "E"}, {"text": "在家休息", "pole": "I"}]},
            {"id": "3", "text": "做决定时你更看重", "options": [{"text": "道理", "pole": "T"}, {"text": "感受", "pole": "F"}]},
            {"id": "4", "text": "朋友向你倾诉时你会", "options": [{"text": "帮他分析", "pole": "T"}, {"text": "先安慰他", "pole": "F", "weight": 1}]},
        ],
        "types": {"EF": {"title": "热情的协调者", "description": "乐于与人合作。", "job_families": ["人力资源", "教育培训"]}},
    }
    data.update(overrides)
    return data


def bank_bytes(**overrides) -> bytes:
    return json.dumps(bank(**overrides), ensure_ascii=False).encode()


@pytest.fixture
def staff_client(tenant_a, admin_a):
    """The school admin's own browser (client_a is the student's, the HR's or another teacher's)."""
    from tests.conftest import TenantClient

    return TenantClient(tenant_a).login_as(admin_a)

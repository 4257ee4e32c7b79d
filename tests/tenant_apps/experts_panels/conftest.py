"""Fixtures for projects and draws (bureau tenant; helpers from the expert library tests)."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.utils import timezone

from tests.tenant_apps.experts.conftest import (  # noqa: F401 - fixtures re-exported
    admin_client_bureau,
    bureau_admin,
    client_bureau,
    in_bureau,
    make_domain_tree,
    make_expert,
    make_staff,
)

_names = itertools.count(1)


def approve_expert(expert):
    from tenant_apps.experts.models import Expert

    Expert.objects.filter(pk=expert.pk).update(status="approved", approved_at=timezone.now())
    expert.refresh_from_db()
    return expert


def make_pool(n, *, domains=(), employer_prefix="单位", **extra):
    experts = []
    for _ in range(n):
        i = next(_names)
        experts.append(approve_expert(make_expert(name=f"专家{i}", employer=f"{employer_prefix}{i}", domains=domains, email=f"e{i}@example.com", **extra)))
    return experts


def make_project(actor, *, approve=True, owner_unit="甲单位", related=(), opens_in_days=10):
    from tenant_apps.experts.panels.services import ProjectInput, project_create, project_review

    project = project_create(actor=actor, data=ProjectInput(title=f"项目{next(_names)}", owner_unit=owner_unit, related_units=list(related),
                                                             opens_at=timezone.now() + datetime.timedelta(days=opens_in_days), location="评审中心"))
    if approve:
        project = project_review(actor=second_approver(), project=project, approve=True)
    return project


def second_approver():
    """Someone other than the project's creator approves it (management separate from use)."""
    from tenant_apps.accounts.models import User

    user = User.objects.filter(username="second-approver").first()
    return user or User.objects.create_user(username="second-approver", password="Second-approver-1", is_superuser=True, is_staff=True, display_name="复核人")


def prepare(actor, project, groups, **extra):
    from tenant_apps.experts.panels.services import draw_prepare

    day = timezone.localdate() + datetime.timedelta(days=10)
    params = {"work_start": day, "work_end": day, "supervisors": ["监督甲", "监督乙"], "channels": ["sms", "email"]}
    params.update(extra)
    return draw_prepare(actor=actor, project=project, groups=groups, **params)


@pytest.fixture
def bureau_tree(request):
    request.getfixturevalue("in_bureau")  # the tree lives in the bureau schema
    return make_domain_tree()

"""Fixtures for expert evaluation: a drawn panel whose review has taken place, and an active
indicator set (bureau tenant; helpers from the library and panels tests)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.tenant_apps.experts.conftest import (  # noqa: F401 - fixtures re-exported
    admin_client_bureau,
    bureau_admin,
    client_bureau,
    in_bureau,
    make_staff,
)
from tests.tenant_apps.experts_panels.conftest import make_pool, make_project

INDICATORS = [("专业水平", 40), ("认真负责", 30), ("公正廉洁", 20), ("遵守纪律", 10)]


def make_indicator_set(actor, *, indicators=INDICATORS, activate=True, name="评审表现", scoring_days=2):
    from tenant_apps.experts.evaluation.services import (
        IndicatorInput,
        indicator_set_activate,
        indicator_set_save,
    )

    indicator_set = indicator_set_save(actor=actor, name=name, scoring_days=scoring_days, indicators=[IndicatorInput(name=n, weight=w) for n, w in indicators])
    if activate:
        indicator_set = indicator_set_activate(actor=actor, indicator_set=indicator_set)
    return indicator_set


def reviewed_panel(actor, *, experts=None, size=3, hours_ago=3):
    """A project whose panel (the given experts, or `size` new ones) was assigned, every member
    accepted, and whose review began `hours_ago` ago."""
    from tenant_apps.experts.panels.models import Project
    from tenant_apps.experts.panels.services import draw_manual, member_respond

    experts = experts if experts is not None else make_pool(size)
    project = make_project(actor)
    day = timezone.localdate()
    draw = draw_manual(actor=actor, project=project, expert_ids=[e.pk for e in experts], work_start=day, work_end=day, reason="测试指定")
    for member in draw.members.order_by("row"):
        member_respond(member=member, accept=True, channel="staff", actor=actor)
    Project.objects.filter(pk=project.pk).update(opens_at=timezone.now() - datetime.timedelta(hours=hours_ago))
    draw.refresh_from_db()
    draw.project.refresh_from_db()
    return draw


def scores_for(indicator_set, points):
    """{indicator id: points} in the set's order."""
    return {i.pk: p for i, p in zip(indicator_set.indicators.order_by("sort_order"), points, strict=True)}


@pytest.fixture(autouse=True)
def _no_default_scheme(tenant_bureau):
    """New tenants get a default indicator set and rules (initializer); tests start without them."""
    from tenant_apps.experts.evaluation.models import FlagRule, IndicatorSet

    with schema_context("bureau"):
        FlagRule.objects.all().delete()
        IndicatorSet.objects.all().delete()


@pytest.fixture
def indicator_set(request):
    request.getfixturevalue("in_bureau")
    return make_indicator_set(request.getfixturevalue("bureau_admin"))


@pytest.fixture
def panel(request):
    request.getfixturevalue("in_bureau")
    return reviewed_panel(request.getfixturevalue("bureau_admin"))

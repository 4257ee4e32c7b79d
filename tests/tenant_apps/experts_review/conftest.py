"""Fixtures for online reviews: a bureau project whose manual panel has five accepted experts
(each with an account) and one who declined, and a helper that sets up a review."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tests.tenant_apps.experts.conftest import (  # noqa: F401 - fixtures re-exported
    admin_client_bureau,
    bureau_admin,
    client_bureau,
    in_bureau,
    make_expert,
    make_staff,
)
from tests.tenant_apps.experts_panels.conftest import approve_expert, make_project

_numbers = itertools.count(1)


def make_panel(actor, *, accepted=5, declined=1, project=None):
    from tenant_apps.experts.panels.services import draw_manual, member_respond

    experts = []
    for _ in range(accepted + declined):
        i = next(_numbers)
        experts.append(approve_expert(make_expert(name=f"评委{i}", employer=f"评审单位{i}", email=f"reviewer{i}@example.com", create_account=True)))
    project = project or make_project(actor)
    day = timezone.localdate() + datetime.timedelta(days=10)
    draw = draw_manual(actor=actor, project=project, expert_ids=[e.pk for e in experts], work_start=day, work_end=day, reason="网上评审测试")
    members = list(draw.members.select_related("expert__user").order_by("row"))
    for member in members[:accepted]:
        member_respond(member=member, accept=True, channel="staff", actor=actor)
    for member in members[accepted:]:
        member_respond(member=member, accept=False, reason="出差", channel="staff", actor=actor)
    return SimpleNamespace(project=project, draw=draw, members=members, accepted=members[:accepted], declined=members[accepted:],
                           users=[m.expert.user for m in members[:accepted]])


INDICATORS = (("技术方案", "60", "60"), ("实施能力", "40", "40"))


def make_review(actor, project, *, indicators=INDICATORS, submissions=("甲方案", "乙方案", "丙方案"), publish=True, opens_in=datetime.timedelta(hours=-1),
                closes_in=datetime.timedelta(days=1), **rules):
    from tenant_apps.experts.review import services

    now = timezone.now()
    review = services.setup_create(actor=actor, project=project, data=services.SetupInput(opens_at=now + opens_in, closes_at=now + closes_in, **rules))
    services.indicators_replace(actor=actor, setup=review, rows=[services.IndicatorInput(name=n, max_score=Decimal(m), weight=Decimal(w)) for n, m, w in indicators])
    for index, title in enumerate(submissions):
        services.submission_create(actor=actor, setup=review, data=services.SubmissionInput(title=title, applicant=f"申报人{index}", unit=f"申报单位{index}"))
    if publish:
        review = services.setup_publish(actor=actor, setup=review)
    review.refresh_from_db()
    return review


def score(user, review, submission, values, *, submit=True, comment="同意", declared=True):
    """Score `submission` with `values` in indicator order."""
    from tenant_apps.experts.review import services

    indicators = list(review.indicators.order_by("order"))
    return services.sheet_save(user=user, setup=review, submission=submission, scores={i.pk: v for i, v in zip(indicators, values, strict=True)},
                               comment=comment, declared_no_conflict=declared, submit=submit)


@pytest.fixture
def panel(request):
    request.getfixturevalue("in_bureau")  # the panel lives in the bureau schema
    return make_panel(request.getfixturevalue("bureau_admin"))


@pytest.fixture
def review(request, panel):
    return make_review(request.getfixturevalue("bureau_admin"), panel.project)

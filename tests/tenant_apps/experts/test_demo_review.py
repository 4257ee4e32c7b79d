"""The demo seeder of online reviews (core.hooks): what the bureau's staff see on the review
pages after scripts/run, on the panels seeder's projects; idempotent; nothing elsewhere."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SEEDERS = ("expert_panels", "expert_review")


def run_seeders(schema_name: str, tenant_type: str) -> list[str]:
    """Run the registered seeders of projects and reviews in their order; their names."""
    from core.hooks import demo_seeders

    names = []
    for _, name, seeder in demo_seeders():
        if name in SEEDERS:
            seeder(schema_name, tenant_type)
            names.append(name)
    return names


def page(client, url: str) -> str:
    """The page's HTML; back to the bureau schema afterwards (the tenant client leaves the
    connection on the public schema)."""
    from django.db import connection

    response = client.get(url)
    assert response.status_code == 200, url
    connection.set_schema("bureau")
    return response.content.decode()


@pytest.fixture
def demo_library(in_bureau):
    from tenant_apps.experts.demo import generate_experts

    generate_experts(300, phone_prefix="137")


def _review(state: str):
    from tenant_apps.experts.panels.demo import DEMO_PROJECTS
    from tenant_apps.experts.review.models import ReviewSetup

    title = next(spec.title for spec in DEMO_PROJECTS if spec.state == state)
    return ReviewSetup.objects.select_related("project").get(project__title=title)


def test_review_seeder_runs_after_panels_fees_and_evaluation():
    from core.hooks import demo_seeders

    order = [name for _, name, _ in demo_seeders()]
    assert max(order.index(n) for n in ("expert_panels", "expert_fees", "expert_evaluation")) < order.index("expert_review")


def test_bureau_sees_an_open_review_partly_scored(demo_library, admin_client_bureau):
    from tenant_apps.experts.review.demo import EQUIPMENT, LABORATORIES, RECUSAL_REASON

    assert run_seeders("bureau", "bureau") == ["expert_panels", "expert_review"]
    equipment, laboratories = _review("manual"), _review("accepted")

    listing = page(admin_client_bureau, reverse("backoffice:experts_review:list"))
    assert equipment.project.title in listing and laboratories.project.title in listing
    assert "评审中" in listing and "准备中" in listing

    detail = page(admin_client_bureau, reverse("backoffice:experts_review:detail", args=[equipment.pk]))
    assert all(i.name in detail for i in EQUIPMENT.indicators)
    assert "按权重折算" in detail and "3 人" in detail and "5 份" in detail

    # 3 experts x 5 devices: the first two are done (one recusal), the third has 2 of 5.
    progress = page(admin_client_bureau, reverse("backoffice:experts_review:progress", args=[equipment.pk]))
    assert "完成 12 / 15（80%）" in progress
    assert "催办未完成专家（1）" in progress
    assert progress.count("rv-cell rv-recused") == 1 and progress.count("rv-cell rv-draft") == 1 and progress.count("rv-cell rv-none") == 2

    submissions = page(admin_client_bureau, reverse("backoffice:experts_review:submissions", args=[equipment.pk]))
    assert all(s.title in submissions and s.unit in submissions for s in EQUIPMENT.submissions)

    summary = page(admin_client_bureau, reverse("backoffice:experts_review:summary", args=[equipment.pk]))
    assert "评审尚未结束" in summary and "有效评分不足" in summary  # the recused device has one valid sheet of the two needed
    assert "通过" in summary and "未通过" in summary
    recused = equipment.submissions.get(number=3)
    sheet_page = page(admin_client_bureau, reverse("backoffice:experts_review:submission", args=[equipment.pk, recused.pk]))
    assert RECUSAL_REASON in sheet_page

    lab_submissions = page(admin_client_bureau, reverse("backoffice:experts_review:submissions", args=[laboratories.pk]))
    assert all(s.title in lab_submissions for s in LABORATORIES.submissions)
    lab_detail = page(admin_client_bureau, reverse("backoffice:experts_review:detail", args=[laboratories.pk]))
    assert "发布评审" in lab_detail and "12 份" in lab_detail


def test_running_again_adds_nothing(demo_library):
    from core.audit import AuditEvent
    from tenant_apps.experts.review.models import ReviewSetup, Score, ScoreSheet, Submission

    def counts():
        return [m.objects.count() for m in (ReviewSetup, Submission, ScoreSheet, Score, AuditEvent)]

    run_seeders("bureau", "bureau")
    first = counts()
    assert first[:3] == [2, 17, 13]
    run_seeders("bureau", "bureau")
    assert counts() == first


def test_nothing_in_a_university_or_without_the_demo_projects(in_tenant_a, tenant_bureau):
    from django_tenants.utils import schema_context

    from tenant_apps.experts.review.demo import seed_demo_review
    from tenant_apps.experts.review.models import ReviewSetup

    assert run_seeders("alpha", "university") == ["expert_panels", "expert_review"]
    assert not ReviewSetup.objects.exists()
    with schema_context("bureau"):  # the panels seeder has not run: no project to review
        seed_demo_review("bureau", "bureau")
        assert not ReviewSetup.objects.exists()

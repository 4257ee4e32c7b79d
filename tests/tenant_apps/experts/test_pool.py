"""The drawing pool's denormalised data: `is_drawable` (kept by a trigger whatever the write
path), `domain_ids` (domains plus ancestors, kept by the services), and the counts built on
them (eligible pre-count, per-reason exclusions, list counts with an estimate)."""

import datetime

import pytest
from django.utils import timezone

from tests.tenant_apps.experts.conftest import make_domain_tree, make_expert

pytestmark = pytest.mark.django_db


def drift():
    """Experts whose `is_drawable` disagrees with their flags (must always be none)."""
    from tenant_apps.experts.models import DRAWABLE_FLAGS, Expert

    return list(Expert.objects.filter(is_drawable=True).exclude(DRAWABLE_FLAGS).values_list("pk", flat=True)) + list(
        Expert.objects.filter(DRAWABLE_FLAGS, is_drawable=False).values_list("pk", flat=True)
    )


def test_is_drawable_follows_every_write_path(in_bureau, bureau_admin):
    from tenant_apps.experts import services
    from tenant_apps.experts.models import Expert

    a, b, c = (make_expert(name=f"池{i}") for i in range(3))
    assert Expert.objects.get(pk=a.pk).is_drawable
    services.experts_blacklist(actor=bureau_admin, experts=[a], reason="x")
    Expert.objects.filter(pk=b.pk).update(frozen_at=timezone.now())  # a bulk update, no save()
    Expert.objects.bulk_create([Expert(name="批量", status="approved", phone="13911110000")])
    Expert.objects.create(name="草稿", status="draft")
    assert not Expert.objects.get(pk=a.pk).is_drawable and not Expert.objects.get(pk=b.pk).is_drawable
    assert Expert.objects.get(name="批量").is_drawable and not Expert.objects.get(name="草稿").is_drawable
    services.experts_delete(actor=bureau_admin, experts=[c])
    services.experts_unblacklist(actor=bureau_admin, experts=[a])
    services.expert_unfreeze(actor=bureau_admin, expert=Expert.objects.get(pk=b.pk))
    assert Expert.objects.get(pk=a.pk).is_drawable and Expert.objects.get(pk=b.pk).is_drawable and not Expert.objects.get(pk=c.pk).is_drawable
    assert drift() == []


def test_freeze_task_and_confirmation_keep_the_pool_right(in_bureau, bureau_admin):
    from tenant_apps.experts import services
    from tenant_apps.experts.models import ConfirmationCampaign, Expert
    from tenant_apps.experts.selectors import eligible_experts

    silent, answered = make_expert(name="沉默"), make_expert(name="回复")
    campaign = services.campaign_start(actor=bureau_admin, title="年度确认", deadline=timezone.now() + datetime.timedelta(days=1), confirm_url="https://x/c/")
    services.expert_confirm(token=campaign.confirmations.get(expert=answered).token)
    ConfirmationCampaign.objects.filter(pk=campaign.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    assert services.campaigns_freeze_overdue() == 1
    pool = set(eligible_experts().values_list("pk", flat=True))
    assert silent.pk not in pool and answered.pk in pool
    services.expert_confirm(token=campaign.confirmations.get(expert=silent).token)
    assert Expert.objects.get(pk=silent.pk).is_drawable and drift() == []


def test_domain_ids_hold_ancestors_and_follow_changes_and_moves(in_bureau, bureau_admin):
    from tenant_apps.experts import services
    from tenant_apps.experts.models import Expert
    from tenant_apps.experts.selectors import ExpertSearch, eligible_experts, expert_search

    top, mid, leaf, other = make_domain_tree()
    expert = make_expert(domains=[leaf])
    assert sorted(Expert.objects.get(pk=expert.pk).domain_ids) == sorted([top.pk, mid.pk, leaf.pk])

    def found(domain):
        return expert.pk in set(expert_search(actor=bureau_admin, search=ExpertSearch(domain_ids=[domain.pk])).values_list("pk", flat=True))

    assert found(top) and found(mid) and found(leaf) and not found(other)
    assert eligible_experts(domain_ids=[top.pk]).filter(pk=expert.pk).exists()
    services.expert_change(actor=bureau_admin, expert=expert, values={"domains": [other.pk]}, by_admin=True)
    assert Expert.objects.get(pk=expert.pk).domain_ids == [other.pk] and found(other) and not found(top)
    services.expert_change(actor=bureau_admin, expert=expert, values={"domains": [leaf.pk]}, by_admin=True)
    # moving 土木工程 (with 结构工程 below it) under 信息技术 carries the experts along
    services.domain_save(actor=bureau_admin, domain=mid, name=mid.name, parent=other)
    leaf.refresh_from_db()
    assert leaf.path == f"/{other.pk}/{mid.pk}/{leaf.pk}/" and leaf.level == 3
    assert found(other) and not found(top)
    assert sorted(Expert.objects.get(pk=expert.pk).domain_ids) == sorted([other.pk, mid.pk, leaf.pk])


def test_moving_a_branch_may_not_make_a_fourth_level(in_bureau, bureau_admin):
    from core.errors import ApplicationError
    from tenant_apps.experts import services

    top, mid, leaf, other = make_domain_tree()
    second = services.domain_save(actor=bureau_admin, name="软件工程", parent=other)
    with pytest.raises(ApplicationError):
        services.domain_save(actor=bureau_admin, domain=mid, name=mid.name, parent=second)


def test_counts_match_the_plain_definitions(in_bureau, bureau_admin):
    from tenant_apps.experts import services
    from tenant_apps.experts.models import Expert
    from tenant_apps.experts.selectors import (
        ExpertSearch,
        eligible_count,
        eligible_experts,
        exclusion_counts,
    )

    top, _, leaf, other = make_domain_tree()
    experts = [make_expert(name=f"计数{i}", domains=[leaf if i % 2 else other]) for i in range(8)]
    services.experts_blacklist(actor=bureau_admin, experts=[experts[1]], reason="x")
    services.experts_delete(actor=bureau_admin, experts=[experts[2], experts[3]])
    services.experts_blacklist(actor=bureau_admin, experts=[experts[3]], reason="deleted and black-listed")
    Expert.objects.filter(pk=experts[4].pk).update(frozen_at=timezone.now())
    today = timezone.localdate()
    services.leave_create(actor=bureau_admin, expert=experts[5], start_date=today, end_date=today, reason="other")
    services.leave_create(actor=bureau_admin, expert=experts[6], start_date=today + datetime.timedelta(days=5), end_date=today + datetime.timedelta(days=6), reason="other")

    in_top = {e.pk for e in experts if e.pk in set(Expert.objects.filter(domains__path__startswith=top.path).values_list("pk", flat=True))}
    expected = {e.pk for e in experts} - {experts[i].pk for i in (1, 2, 3, 4, 5)}
    assert set(eligible_experts().values_list("pk", flat=True)) >= expected
    assert eligible_count(actor=bureau_admin, search=ExpertSearch(domain_ids=[top.pk])) == len(expected & in_top)
    assert eligible_count(actor=bureau_admin, search=ExpertSearch(domain_ids=[top.pk]), start=today + datetime.timedelta(days=5)) == len(
        (expected | {experts[5].pk}) - {experts[6].pk} & in_top
    )
    counts = exclusion_counts()
    approved = Expert.objects.filter(status="approved")
    assert counts == {
        "deleted": approved.filter(deleted_at__isnull=False).count(),
        "blacklisted": approved.filter(is_blacklisted=True, deleted_at__isnull=True).count(),
        "frozen": approved.filter(frozen_at__isnull=False, deleted_at__isnull=True).count(),
        "on_leave": 1,
    }


def test_list_count_is_exact_for_small_results_and_estimated_for_large(in_bureau, bureau_admin):
    from tenant_apps.experts.selectors import ExpertSearch, expert_search, result_count

    for i in range(5):
        make_expert(name=f"估算{i}")
    queryset = expert_search(actor=bureau_admin, search=ExpertSearch(q="估算"))
    assert result_count(queryset).value == 5 and not result_count(queryset).is_estimate
    capped = result_count(queryset, exact_up_to=3)
    assert capped.is_estimate and capped.value >= 4  # at least what was counted, else the planner's figure


def test_list_page_shows_estimate_marker(admin_client_bureau, monkeypatch):
    from django_tenants.utils import schema_context

    from tenant_apps.experts.backoffice.views import ExpertPaginator
    from tests.tenant_apps.experts.test_views import url

    with schema_context("bureau"):
        for i in range(3):
            make_expert(name=f"页面{i}")
    exact = admin_client_bureau.get(url("backoffice:experts:expert_list")).content.decode()
    assert "共 " in exact and "data-estimate" not in exact
    monkeypatch.setattr(ExpertPaginator, "exact_up_to", 1)  # as if the library were huge
    estimated = admin_client_bureau.get(url("backoffice:experts:expert_list")).content.decode()
    assert "data-estimate" in estimated and "约 " in estimated

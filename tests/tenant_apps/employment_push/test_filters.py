"""The push filters against a hand-built cohort: each filter alone, combinations (AND between
keys, OR inside a key), the preview count, the pusher's data scope and the readable summary."""

from __future__ import annotations

import pytest

from tests.tenant_apps.employment_push.conftest import build_cohort

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(in_tenant_a):
    return build_cohort()


def matched(filters: dict) -> set[str]:
    from tenant_apps.employment.push.selectors import push_records

    ids = set(push_records(filters=filters).values_list("pk", flat=True))
    return ids


def keys(cohort, *names) -> set[int]:
    return {cohort.records[n].pk for n in names}


def test_each_filter_alone(cohort):
    u = cohort.units
    everyone = set(cohort.records)
    assert matched({}) >= keys(cohort, *everyone)
    assert matched({"graduation_years": [2025]}) & keys(cohort, *everyone) == keys(cohort, "ai1_2025_verified", "fin1_2025_junior")
    assert matched({"educations": ["11"]}) & keys(cohort, *everyone) == keys(cohort, "se2_bj_master_draft")
    assert matched({"origin_regions": ["33"]}) & keys(cohort, *everyone) == keys(cohort, "se1_zj_verified_employed", "ai1_zj_returned_study", "ai1_2025_verified", "fin1_zj_no_account")
    assert matched({"origin_regions": ["3201"]}) & keys(cohort, *everyone) == keys(cohort, "se1_js_pending")
    assert matched({"org_unit_ids": [u["cs"].pk]}) == keys(cohort, "se1_zj_verified_employed", "se1_js_pending", "se2_bj_master_draft", "ai1_zj_returned_study", "ai1_2025_verified")
    assert matched({"org_unit_ids": [u["se"].pk]}) == keys(cohort, "se1_zj_verified_employed", "se1_js_pending", "se2_bj_master_draft")
    assert matched({"org_unit_ids": [u["se2"].pk]}) == keys(cohort, "se2_bj_master_draft")
    assert matched({"verification_statuses": ["verified"]}) & keys(cohort, *everyone) == keys(cohort, "se1_zj_verified_employed", "ai1_2025_verified", "fin1_js_verified")
    assert matched({"destination_statuses": ["approved"]}) == keys(cohort, "se1_zj_verified_employed", "ai1_zj_returned_study")
    assert matched({"destination_statuses": ["draft"]}) == keys(cohort, "se2_bj_master_draft")
    assert matched({"destination_categories": ["46"]}) == keys(cohort, "ai1_zj_returned_study")


def test_or_inside_a_key_and_between_keys(cohort):
    u = cohort.units
    # OR inside: two classes of different majors
    assert matched({"org_unit_ids": [u["se2"].pk, u["fin1"].pk]}) == keys(cohort, "se2_bj_master_draft", "fin1_js_verified", "fin1_zj_no_account", "fin1_2025_junior")
    # AND between: the 2026 computer-science graduates from Zhejiang
    assert matched({"org_unit_ids": [u["cs"].pk], "graduation_years": [2026], "origin_regions": ["33"]}) == keys(cohort, "se1_zj_verified_employed", "ai1_zj_returned_study")
    # "nothing filed" OR draft: who still has to act
    assert matched({"org_unit_ids": [u["cs"].pk], "destination_statuses": ["none", "draft"]}) == keys(cohort, "se1_js_pending", "se2_bj_master_draft", "ai1_2025_verified")
    # contradictions give nobody
    assert matched({"org_unit_ids": [u["econ"].pk], "educations": ["11"]}) == set()


def test_preview_counts_only_graduates_with_an_account(cohort):
    from tenant_apps.employment.push.selectors import push_audience_count, push_audience_user_query

    counts = push_audience_count(filters={"org_unit_ids": [cohort.units["fin1"].pk]})
    assert counts == {"matched": 3, "reachable": 2}
    users = set(push_audience_user_query({"org_unit_ids": [cohort.units["fin1"].pk]}).values_list("pk", flat=True))
    assert users == cohort.users("fin1_js_verified", "fin1_2025_junior")


def test_scope_limits_the_audience_to_the_pushers_college(cohort):
    from django.contrib.auth.models import Group

    from tenant_apps.accounts.models import GroupProfile, User
    from tenant_apps.employment.push.selectors import push_records

    teacher = User.objects.create_user(username="econ-teacher", password="T-pass-2026x", kind="staff", org_unit=cohort.units["econ"])
    group = Group.objects.create(name="经济学院就业秘书")
    GroupProfile.objects.create(group=group, data_scope="unit_and_below")
    teacher.groups.add(group)
    scoped = set(push_records(filters={"scope_actor_id": teacher.pk}).values_list("pk", flat=True))
    assert scoped == keys(cohort, "fin1_js_verified", "fin1_zj_no_account", "fin1_2025_junior")
    # asking for another college inside a college scope gives nobody
    assert set(push_records(filters={"scope_actor_id": teacher.pk, "org_unit_ids": [cohort.units["cs"].pk]}).values_list("pk", flat=True)) == set()


def test_describe_filters(cohort):
    from tenant_apps.employment.push.selectors import describe_filters

    text = describe_filters({"graduation_years": [2026], "educations": ["31"], "origin_regions": ["33"], "org_unit_ids": [cohort.units["se"].pk],
                             "destination_statuses": ["none"]})
    assert text.startswith("2026届；本科生毕业；生源地：浙江；软件工程")
    assert "未填报去向" in text
    assert describe_filters({}) == "全部毕业生"


def test_bad_filter_values_are_dropped():
    from tenant_apps.employment.push.selectors import clean_filters

    assert clean_filters({"graduation_years": ["2026", "x"], "org_unit_ids": "3,abc", "educations": [], "unknown": [1]}) == {"graduation_years": [2026], "org_unit_ids": [3]}

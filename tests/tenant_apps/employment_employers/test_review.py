"""Every review state: pending → in progress (thread) → approved / declined with a reason, one
request again, permissions on approval, withdrawal on decline and black-listing, tags by rule."""

from __future__ import annotations

import pytest

from core.errors import ApplicationError, Conflict
from tests.tenant_apps.employment_employers.conftest import hr_user, make_approved, register

pytestmark = pytest.mark.django_db


def test_question_puts_employer_in_progress_and_the_reply_is_in_the_thread(in_alpha):
    from tenant_apps.employment.employers.services import employer_comment_add

    employer = register()
    employer_comment_add(actor=in_alpha, employer=employer, body="营业执照不清晰，请补充。", from_school=True)
    employer.refresh_from_db()
    assert employer.status == "in_progress"
    employer_comment_add(actor=hr_user(employer), employer=employer, body="已重新上传。", from_school=False)
    assert [c.is_from_school for c in employer.comments.all()] == [True, False]


def test_approve_grants_permissions(in_alpha):
    from tenant_apps.employment.employers.services import employer_approve

    employer = employer_approve(actor=in_alpha, employer=register())
    assert employer.status == "approved" and employer.reviewed_by == in_alpha
    assert employer.can_post_jobs and employer.can_apply_sessions and employer.can_join_fairs
    with pytest.raises(Conflict):
        employer_approve(actor=in_alpha, employer=employer)


def test_decline_needs_a_reason_and_request_again_works_once(in_alpha):
    from tenant_apps.employment.employers.services import employer_decline, employer_request_again

    employer = register()
    with pytest.raises(ApplicationError) as caught:
        employer_decline(actor=in_alpha, employer=employer, reason="  ")
    assert caught.value.code == "decline_reason_required"
    employer = employer_decline(actor=in_alpha, employer=employer, reason="执照与名称不符")
    assert employer.status == "declined" and employer.decline_reason == "执照与名称不符"
    hr = hr_user(employer)
    employer = employer_request_again(actor=hr, employer=employer, note="已更正名称")
    assert employer.status == "pending" and not employer.may_request_again
    employer = employer_decline(actor=in_alpha, employer=employer, reason="仍不符")
    with pytest.raises(Conflict) as caught:
        employer_request_again(actor=hr, employer=employer)
    assert caught.value.code == "request_again_used"


def test_declining_an_approved_employer_withdraws_permissions_and_closes_jobs(in_alpha):
    from tenant_apps.employment.employers.services import employer_decline
    from tests.tenant_apps.employment_jobs.conftest import make_job

    employer = make_approved(in_alpha)
    job = make_job(employer, submit=True)
    employer = employer_decline(actor=in_alpha, employer=employer, reason="提供虚假材料")
    job.refresh_from_db()
    assert not employer.can_post_jobs and job.status == "closed" and "虚假" in job.closed_reason


def test_black_listing_withdraws_and_refuses_approval(in_alpha):
    from tenant_apps.employment.employers.services import (
        employer_approve,
        employer_decline,
        list_entry_add,
    )
    from tests.tenant_apps.employment_jobs.conftest import make_job

    employer = make_approved(in_alpha)
    job = make_job(employer, submit=True)
    list_entry_add(actor=in_alpha, kind="black", credit_code=employer.credit_code, reason="拖欠工资")
    employer.refresh_from_db()
    job.refresh_from_db()
    assert not employer.can_post_jobs and job.status == "closed"
    employer_decline(actor=in_alpha, employer=employer, reason="黑名单")
    with pytest.raises(ApplicationError) as caught:
        employer_approve(actor=in_alpha, employer=employer)
    assert caught.value.code == "employer_black_listed"


def test_list_entry_is_unique_per_kind(in_alpha):
    from tenant_apps.employment.employers.services import list_entry_add

    employer = make_approved(in_alpha)
    list_entry_add(actor=in_alpha, kind="risk", credit_code=employer.credit_code, reason="投诉较多")
    with pytest.raises(Conflict):
        list_entry_add(actor=in_alpha, kind="risk", credit_code=employer.credit_code, reason="再次")


def test_rule_tags_follow_the_data_and_manual_tags_are_set_by_hand(in_alpha):
    from tenant_apps.employment.employers.services import (
        employer_profile_update,
        employer_tags_set,
        profile_from,
        tag_save,
    )

    soe = make_approved(in_alpha, nature="state_owned", region_code="310115")
    private = make_approved(in_alpha, nature="private")
    rule = tag_save(actor=in_alpha, name="上海国企", rule={"nature": ["state_owned"], "province": ["31"]})
    manual = tag_save(actor=in_alpha, name="重点合作")
    assert list(rule.rule_employers.all()) == [soe]
    employer_tags_set(actor=in_alpha, employer=private, tags=[manual, rule])
    assert list(private.tags.all()) == [manual]  # a rule tag cannot be put on by hand
    data = profile_from(soe)
    data.region_code = "110108"
    employer_profile_update(actor=in_alpha, employer=soe, profile=data)
    assert not soe.rule_tags.exists()


def test_statistics_by_dimension(in_alpha):
    from tenant_apps.employment.employers.selectors import employer_statistics

    make_approved(in_alpha, industry="I", nature="state_owned", region_code="440305")
    register(industry="I", nature="private")
    rows = {row.key: row for row in employer_statistics(dimension="industry")}
    assert rows["I"].total == 2 and rows["I"].approved == 1
    provinces = {row.key: row for row in employer_statistics(dimension="province")}
    assert provinces["44"].label == "广东"

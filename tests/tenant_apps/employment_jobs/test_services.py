"""Jobs: what a posting must state, the linter at submission, review with the same states, the
first job of a new employer always reviewed, auto-approval after, expiry, announcements."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from core.errors import ApplicationError, Conflict, PermissionDenied
from tests.tenant_apps.employment_jobs.conftest import (
    hr_user,
    job_data,
    make_approved,
    make_job,
    register,
)

pytestmark = pytest.mark.django_db


def test_posting_must_state_place_pay_and_validity(in_alpha):
    from tenant_apps.employment.jobs.services import job_save

    employer = make_approved(in_alpha)
    for overrides, field in (({"place_code": "12345"}, "place_code"), ({"salary_min": 9000, "salary_max": 5000}, "salary_max"),
                             ({"valid_until": timezone.localdate() - datetime.timedelta(days=1)}, "valid_until")):
        with pytest.raises(ApplicationError) as caught:
            job_save(actor=hr_user(employer), employer=employer, data=job_data(**overrides))
        assert field in caught.value.fields


def test_unapproved_employer_can_draft_but_not_submit(in_alpha):
    from tenant_apps.employment.jobs.services import job_submit

    employer = register()
    job = make_job(employer)
    assert job.status == "draft"
    with pytest.raises(PermissionDenied) as caught:
        job_submit(actor=hr_user(employer), job=job)
    assert caught.value.code == "employer_not_permitted"


def test_discriminatory_posting_is_refused_with_explanations_then_fixed(in_alpha):
    from tenant_apps.employment.jobs.services import job_save, job_submit

    employer = make_approved(in_alpha)
    job = make_job(employer, conditions="限男性，本地户口，已婚已育优先。")
    with pytest.raises(ApplicationError) as caught:
        job_submit(actor=hr_user(employer), job=job)
    assert caught.value.code == "discriminatory_wording"
    assert len(caught.value.fields["lint"]) == 3
    job = job_save(actor=hr_user(employer), employer=employer, job=job, data=job_data(title=job.title, conditions="本科及以上学历，能适应出差。"))
    job = job_submit(actor=hr_user(employer), job=job)
    assert job.status == "pending" and job.lint_hits == []


def test_review_hits_go_to_the_reviewer_and_block_auto_approval(in_alpha):
    from tenant_apps.employment.employers.models import Employer
    from tenant_apps.employment.employers.services import settings_save

    settings_save(actor=in_alpha, auto_approve_natures=[], auto_approve_white_list=True, auto_approve_jobs=True, complaint_threshold=3)
    employer = make_approved(in_alpha)
    Employer.objects.filter(pk=employer.pk).update(has_approved_job=True)
    employer.refresh_from_db()
    job = make_job(employer, submit=True, conditions="年龄 30 周岁以下，本科及以上。")
    assert job.status == "pending" and job.lint_hits[0]["rule"] == "age"
    assert make_job(employer, submit=True).status == "approved"


def test_first_job_is_always_reviewed_then_rules_apply(in_alpha):
    from tenant_apps.employment.employers.services import settings_save
    from tenant_apps.employment.jobs.services import job_approve

    settings_save(actor=in_alpha, auto_approve_natures=["state_owned"], auto_approve_white_list=True, auto_approve_jobs=False, complaint_threshold=3)
    employer = make_approved(in_alpha, nature="state_owned")
    first = make_job(employer, submit=True)
    assert first.status == "pending"  # the auto rule matches, but it is the employer's first job
    job_approve(actor=in_alpha, job=first)
    employer.refresh_from_db()
    assert employer.has_approved_job
    second = make_job(employer, submit=True)
    assert second.status == "approved" and second.is_auto_approved


def test_same_states_as_employers_with_one_request_again(in_alpha):
    from tenant_apps.employment.jobs.services import job_comment_add, job_decline, job_submit

    employer = make_approved(in_alpha)
    job = make_job(employer, submit=True)
    job_comment_add(actor=in_alpha, job=job, body="薪资是否含税？", from_school=True)
    job.refresh_from_db()
    assert job.status == "in_progress"
    with pytest.raises(ApplicationError):
        job_decline(actor=in_alpha, job=job, reason="")
    job = job_decline(actor=in_alpha, job=job, reason="薪资范围不明确")
    job = job_submit(actor=hr_user(employer), job=job)
    assert job.status == "pending" and not job.may_request_again
    job = job_decline(actor=in_alpha, job=job, reason="仍不明确")
    with pytest.raises(Conflict):
        job_submit(actor=hr_user(employer), job=job)


def test_editing_a_published_job_sends_it_back_to_review(in_alpha):
    from tenant_apps.employment.jobs.services import job_approve, job_save

    employer = make_approved(in_alpha)
    job = job_approve(actor=in_alpha, job=make_job(employer, submit=True))
    job = job_save(actor=hr_user(employer), employer=employer, job=job, data=job_data(title=job.title, headcount=9))
    assert job.status == "pending"
    with pytest.raises(ApplicationError):
        job_save(actor=hr_user(employer), employer=employer, job=job, data=job_data(title=job.title, conditions="女性优先"))


def test_expiry_by_deadline_is_idempotent(in_alpha):
    from tenant_apps.employment.jobs.models import Job
    from tenant_apps.employment.jobs.selectors import JobSearch, job_public_search
    from tenant_apps.employment.jobs.services import job_approve, jobs_expire_due

    employer = make_approved(in_alpha)
    job = job_approve(actor=in_alpha, job=make_job(employer, submit=True))
    assert job in job_public_search(search=JobSearch())
    Job.objects.filter(pk=job.pk).update(valid_until=timezone.localdate() - datetime.timedelta(days=1))
    assert job not in job_public_search(search=JobSearch())  # hidden at once, before the task runs
    assert jobs_expire_due() >= 1
    assert jobs_expire_due() == 0
    job.refresh_from_db()
    assert job.status == "expired"


def test_public_search_by_keyword_and_filters(in_alpha):
    from tenant_apps.employment.jobs.selectors import JobSearch, job_public_search
    from tenant_apps.employment.jobs.services import job_approve

    employer = make_approved(in_alpha, name="云帆数据科技有限公司")
    data_job = job_approve(actor=in_alpha, job=make_job(employer, submit=True, title="大数据开发工程师", place_code="310115", place_name="上海市浦东新区"))
    intern = job_approve(actor=in_alpha, job=make_job(employer, submit=True, title="行政实习生", kind="internship", salary_min=3000, salary_max=4000))
    assert list(job_public_search(search=JobSearch(q="大数据"))) == [data_job]
    assert list(job_public_search(search=JobSearch(q="行政"))) == [intern]
    assert list(job_public_search(search=JobSearch(q="云帆"))) == [intern, data_job]
    assert list(job_public_search(search=JobSearch(kind="internship"))) == [intern]
    assert list(job_public_search(search=JobSearch(place="31"))) == [data_job]
    assert list(job_public_search(search=JobSearch(salary_from=10000))) == [data_job]


def test_announcements_employer_reviewed_teacher_published(in_alpha):
    from tenant_apps.employment.jobs.selectors import announcement_public_list
    from tenant_apps.employment.jobs.services import announcement_create, announcement_review

    employer = make_approved(in_alpha)
    pending = announcement_create(actor=hr_user(employer), kind="employer", title="校招公告", body="欢迎投递。", employer=employer)
    teacher = announcement_create(actor=in_alpha, kind="civil_service", title="省考公告", body="详见官网。", source_name="省公务员局")
    assert pending.status == "pending" and teacher.status == "approved"
    assert list(announcement_public_list()) == [teacher]
    announcement_review(actor=in_alpha, announcement=pending, approve=True)
    assert set(announcement_public_list()) == {teacher, pending}
    with pytest.raises(ApplicationError):
        announcement_create(actor=hr_user(employer), kind="employer", title="招聘", body="限男性", employer=employer)

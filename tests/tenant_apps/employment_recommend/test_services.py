"""Recompute, explanations that match the data, the PIPL switch, the daily push within consent."""

from __future__ import annotations

import pytest

from tests.tenant_apps.employment_recommend.conftest import live_job, make_approved, make_cohort

pytestmark = pytest.mark.django_db


def _facts_hold(rec, record, intention) -> None:
    """Every reason shown is true of the job and the student, and every true part is shown."""
    from tenant_apps.employment.recommend.engine import major_terms
    from tenant_apps.employment.recommend.regions import match_prefix, region_name

    job, shown = rec.job, set(rec.reasons)
    major_true = any(t in record.major_name or record.major_name in t for t in major_terms(job.majors))
    assert (f"专业匹配：{record.major_name}" in shown) == major_true
    cities = [c for c in intention.city_codes if job.place_code.startswith(match_prefix(c))]
    assert (f"意向城市：{region_name(cities[0])}" in shown) == bool(cities) if cities else not any(r.startswith("意向城市") for r in shown)
    assert any(r.startswith("意向行业") for r in shown) == (job.employer.industry in intention.industries)
    if intention.salary_floor:
        assert job.salary_max >= intention.salary_floor
        assert ("薪资不低于你的期望" in shown) == (job.salary_min >= intention.salary_floor)
        assert ("薪资上限达到你的期望" in shown) == (job.salary_min < intention.salary_floor)
    if intention.job_kinds:
        assert job.kind in intention.job_kinds


def test_explanations_match_the_data(in_alpha):
    from tenant_apps.employment.recommend.selectors import recommendations_for_student
    from tenant_apps.employment.recommend.services import intention_save, recommendations_recompute

    record = make_cohort(in_alpha, 1, major="软件工程")[0]
    it, finance = make_approved(in_alpha, industry="I"), make_approved(in_alpha, industry="J")
    jobs = [
        live_job(it, title="Java 开发工程师", majors="软件工程、计算机类", place_code="330106", place_name="杭州市西湖区", salary_min=9000, salary_max=14000),
        live_job(it, title="测试工程师", majors="软件工程", place_code="110108", salary_min=6000, salary_max=8500),
        live_job(finance, title="数据分析师", majors="统计学", place_code="330110", salary_min=8000, salary_max=12000),
        live_job(finance, title="柜员", majors="金融学", place_code="110108", salary_min=4000, salary_max=5000),
        live_job(it, title="Java 开发实习生", majors="软件工程", kind="internship", place_code="330106", salary_min=9000, salary_max=9000),
        live_job(it, title="Java 开发工程师", majors="软件工程", place_code="330106", status="closed"),
    ]
    intention = intention_save(student=record.user, job_kinds=["full_time"], job_types=["Java 开发", "数据分析"], city_codes=["330100"],
                               industries=["I"], salary_floor=8000)
    recommendations_recompute(student_ids=[record.user_id])
    recs = recommendations_for_student(student=record.user)
    assert [r.job_id for r in recs] == [jobs[0].pk, jobs[1].pk, jobs[2].pk]  # major (40) outweighs keyword + city (35)
    assert recs[0].reason_text == "专业匹配：软件工程；意向职位：Java 开发；意向城市：杭州；意向行业：信息传输、软件和信息技术服务业；求职类型：全职；薪资不低于你的期望"
    for rec in recs:
        _facts_hold(rec, record, intention)


def test_recompute_twice_keeps_first_seen_and_drops_what_no_longer_matches(in_alpha):
    from tenant_apps.employment.recommend.models import Recommendation
    from tenant_apps.employment.recommend.services import intention_save, recommendations_recompute

    record = make_cohort(in_alpha, 1, major="软件工程")[0]
    employer = make_approved(in_alpha)
    keep, drop = live_job(employer, majors="软件工程", place_code="330106"), live_job(employer, majors="软件工程", place_code="110108")
    intention_save(student=record.user, job_kinds=[], job_types=[], city_codes=[], industries=[], salary_floor=None)
    assert recommendations_recompute(student_ids=[record.user_id]) == 2
    first = Recommendation.objects.get(student=record.user, job=keep).first_seen_at
    drop.majors = "会计学"
    drop.save()
    assert recommendations_recompute(student_ids=[record.user_id]) == 1
    rows = list(Recommendation.objects.filter(student=record.user))
    assert [r.job_id for r in rows] == [keep.pk] and rows[0].first_seen_at == first


def test_switching_personalisation_off_deletes_matches_and_shows_jobs_by_date(in_alpha):
    from tenant_apps.employment.recommend.models import Recommendation
    from tenant_apps.employment.recommend.selectors import jobs_by_date, students_to_compute
    from tenant_apps.employment.recommend.services import preferences_set, recommendations_recompute

    record = make_cohort(in_alpha, 1, major="软件工程")[0]
    employer = make_approved(in_alpha)
    live_job(employer, majors="软件工程")
    recommendations_recompute(student_ids=[record.user_id])
    assert Recommendation.objects.filter(student=record.user).exists()
    preferences_set(student=record.user, is_personalised=False)
    assert not Recommendation.objects.filter(student=record.user).exists()
    assert record.user_id not in students_to_compute(student_ids=[record.user_id])
    assert recommendations_recompute(student_ids=[record.user_id]) == 0
    assert jobs_by_date()[0].approved_at >= jobs_by_date()[-1].approved_at


def test_daily_push_only_with_consent_and_only_once(in_alpha):
    from tenant_apps.employment.recommend.services import (
        intention_save,
        new_matches_push,
        preferences_set,
        recommendations_recompute,
    )
    from tenant_apps.messaging.models import Message

    consenting, silent = [r for r in make_cohort(in_alpha, 2, major="软件工程")]
    employer = make_approved(in_alpha)
    live_job(employer, title="后端开发", majors="软件工程")
    for record in (consenting, silent):
        intention_save(student=record.user, job_kinds=[], job_types=[], city_codes=["110000"], industries=[], salary_floor=None)
    preferences_set(student=consenting.user, wants_daily_push=True)
    ids = [consenting.user_id, silent.user_id]
    recommendations_recompute(student_ids=ids)
    before = Message.objects.count()
    assert new_matches_push(student_ids=ids) == 1
    message = Message.objects.order_by("-id").first()
    assert Message.objects.count() == before + 1 and "后端开发" in message.body and message.channels == ["wechat", "letter"]
    assert new_matches_push(student_ids=ids) == 0  # told once
    live_job(employer, title="运维开发", majors="软件工程")
    recommendations_recompute(student_ids=ids)
    assert new_matches_push(student_ids=ids) == 1 and "运维开发" in Message.objects.order_by("-id").first().body


def test_intention_validation(in_alpha):
    from core.errors import ApplicationError
    from tenant_apps.employment.recommend.services import intention_save

    record = make_cohort(in_alpha, 1)[0]
    with pytest.raises(ApplicationError) as error:
        intention_save(student=record.user, job_kinds=[], job_types=[], city_codes=["999999"], industries=[], salary_floor=None)
    assert error.value.code == "invalid_city_code"
    with pytest.raises(ApplicationError):
        intention_save(student=in_alpha, job_kinds=[], job_types=[], city_codes=[], industries=[], salary_floor=None)


def test_recompute_task_runs_on_the_worker_path(in_alpha, django_capture_on_commit_callbacks):
    from tenant_apps.employment.recommend.tasks import recompute_student

    record = make_cohort(in_alpha, 1, major="软件工程")[0]
    live_job(make_approved(in_alpha), majors="软件工程")
    assert recompute_student(record.user_id) == 1

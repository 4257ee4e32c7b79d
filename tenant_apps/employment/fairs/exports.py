"""Exports of job fairs (core.importexport): one fair's exhibitors with booth, jobs, arrival and
no-show; the statistics of all fairs (E21). No personal data: employers only."""

from __future__ import annotations

from core.importexport.spec import ExportField, ExportSpec, register_export


def _exhibitors(*, actor, params: dict):
    from tenant_apps.employment.fairs.models import FairApplication

    fair_id = int(params.get("fair") or 0)
    return (FairApplication.objects.filter(fair_id=fair_id).select_related("employer", "booth").prefetch_related("jobs")
            .order_by("booth__code", "created_at", "id"))


def _statistics(*, actor, params: dict):
    from tenant_apps.employment.fairs.selectors import statistics

    year = int(params["year"]) if str(params.get("year") or "").isdigit() else None
    return statistics(year=year)["fairs"]


EXHIBITOR_EXPORT = register_export(ExportSpec(
    name="employment_fairs.exhibitors",
    title="双选会参会单位",
    permission="employment_fairs.export_fair",
    rows=lambda *, actor, params: _exhibitors(actor=actor, params=params),
    count=lambda *, actor, params: _exhibitors(actor=actor, params=params).count(),
    param_names=("fair",),
    personal_data=False,
    fields=[
        ExportField("employer", "用人单位", lambda a: a.employer.name),
        ExportField("credit_code", "统一社会信用代码", lambda a: a.employer.credit_code),
        ExportField("industry", "行业", lambda a: a.employer.get_industry_display()),
        ExportField("status", "审核状态", lambda a: a.get_status_display()),
        ExportField("booth", "展位号", lambda a: a.booth.code if a.booth else ""),
        ExportField("booth_kind", "展位类型", lambda a: a.booth.get_kind_display() if a.booth else ""),
        ExportField("wants_premium", "申请特装", lambda a: "是" if a.wants_premium else "否"),
        ExportField("needs_accessible", "需要无障碍", lambda a: "是" if a.needs_accessible else "否"),
        ExportField("jobs", "招聘职位", lambda a: [j.title for j in a.jobs.all()]),
        ExportField("headcount", "招聘人数", lambda a: sum(j.headcount for j in a.jobs.all())),
        ExportField("checked_in_at", "签到时间", lambda a: a.checked_in_at),
        ExportField("no_show", "报名未到场", lambda a: "是" if a.is_no_show else ""),
        ExportField("decline_reason", "未通过原因", lambda a: a.decline_reason),
    ],
))

STATISTICS_EXPORT = register_export(ExportSpec(
    name="employment_fairs.statistics",
    title="双选会统计",
    permission="employment_fairs.export_fair",
    rows=lambda *, actor, params: _statistics(actor=actor, params=params),
    count=lambda *, actor, params: len(_statistics(actor=actor, params=params)),
    param_names=("year",),
    personal_data=False,
    fields=[
        ExportField("title", "双选会", lambda f: f.title),
        ExportField("starts_at", "开始时间", lambda f: f.starts_at),
        ExportField("location", "地点", lambda f: f.location),
        ExportField("applied", "报名单位数", lambda f: f.applied),
        ExportField("approved", "审核通过数", lambda f: f.approved),
        ExportField("jobs", "发布职位数", lambda f: f.job_count),
        ExportField("employers_checked_in", "单位现场签到数", lambda f: f.employers_checked_in),
        ExportField("students_checked_in", "学生现场签到数", lambda f: f.students_checked_in),
        ExportField("resumes", "现场投递简历数", lambda f: f.recruitment["resumes_delivered"]),
        ExportField("interviews", "面试邀约数", lambda f: f.recruitment["interview_invitations"]),
        ExportField("no_shows", "报名未到场单位数", lambda f: f.no_shows),
    ],
))

"""Export of the job library (core.importexport), with the list page's filters."""

from __future__ import annotations

from core.importexport.spec import ExportField, ExportSpec, register_export
from tenant_apps.employment.jobs.selectors import JobSearch, job_library

FILTERS = ("q", "kind", "place", "salary_from", "education", "unit", "tag", "status", "employer")


def _queryset(*, actor, params: dict):
    return job_library(search=JobSearch.from_query(params)).prefetch_related("tags")


JOB_EXPORT = register_export(ExportSpec(
    name="employment_jobs.jobs",
    title="职位",
    permission="employment_jobs.export_job",
    rows=lambda *, actor, params: _queryset(actor=actor, params=params).iterator(chunk_size=500),
    count=lambda *, actor, params: _queryset(actor=actor, params=params).count(),
    param_names=FILTERS,
    personal_data=False,  # jobs and employers only, no person
    fields=[
        ExportField("title", "职位名称", lambda j: j.title),
        ExportField("employer", "用人单位", lambda j: j.employer.name),
        ExportField("credit_code", "统一社会信用代码", lambda j: j.employer.credit_code),
        ExportField("kind", "类型", lambda j: j.get_kind_display()),
        ExportField("headcount", "招聘人数", lambda j: j.headcount),
        ExportField("education", "学历", lambda j: j.get_education_display()),
        ExportField("majors", "专业要求", lambda j: j.majors),
        ExportField("place", "工作地点", lambda j: j.place_name),
        ExportField("place_code", "区划代码", lambda j: j.place_code),
        ExportField("salary", "月薪", lambda j: f"{j.salary_min}-{j.salary_max}"),
        ExportField("valid_until", "截止日期", lambda j: j.valid_until),
        ExportField("status", "状态", lambda j: j.get_status_display()),
        ExportField("lint", "用语提示", lambda j: [f"{h.get('title')}：{h.get('match')}" for h in j.lint_hits]),
        ExportField("tags", "标签", lambda j: [t.name for t in j.tags.all()]),
        ExportField("approved_at", "发布时间", lambda j: j.approved_at),
    ],
))

"""Export of agreements (core.importexport), inside the teacher's data scope, with the list
page's filters."""

from __future__ import annotations

from core.importexport.spec import ExportField, ExportSpec, register_export
from tenant_apps.employment.agreements.selectors import AgreementSearch, agreement_list

FILTERS = ("q", "status", "year", "unit")


def _queryset(*, actor, params: dict):
    return agreement_list(actor=actor, search=AgreementSearch.from_query(params))


AGREEMENT_EXPORT = register_export(ExportSpec(
    name="employment_agreements.agreements",
    title="网签三方协议",
    permission="employment_agreements.export_agreement",
    rows=lambda *, actor, params: _queryset(actor=actor, params=params).iterator(chunk_size=500),
    count=lambda *, actor, params: _queryset(actor=actor, params=params).count(),
    param_names=FILTERS,
    personal_data=True,  # the graduate's name and student number
    fields=[
        ExportField("number", "协议编号", lambda a: a.number),
        ExportField("student_number", "学号", lambda a: a.record.student_number, personal=True),
        ExportField("name", "姓名", lambda a: a.record.name, personal=True),
        ExportField("unit", "班级", lambda a: a.record.org_unit.name),
        ExportField("year", "毕业年份", lambda a: a.record.graduation_year),
        ExportField("employer", "用人单位", lambda a: a.employer.name),
        ExportField("credit_code", "统一社会信用代码", lambda a: a.employer.credit_code),
        ExportField("job_title", "岗位", lambda a: a.job_title),
        ExportField("monthly_pay", "月薪（元）", lambda a: a.monthly_pay),
        ExportField("work_place_code", "工作地点代码", lambda a: a.work_place_code),
        ExportField("report_by", "报到日期", lambda a: a.report_by),
        ExportField("probation_months", "试用期（月）", lambda a: a.probation_months),
        ExportField("breach_amount", "违约金（元）", lambda a: a.breach_amount),
        ExportField("status", "状态", lambda a: a.get_status_display()),
        ExportField("invited_at", "邀约时间", lambda a: a.invited_at),
        ExportField("signed_at", "签约时间", lambda a: a.signed_at),
        ExportField("terminated_at", "解约时间", lambda a: a.terminated_at),
        ExportField("content_hash", "内容摘要（SHA-256）", lambda a: a.content_hash),
    ],
))

"""Export of the employer registry (core.importexport). Contact data masked without the
reveal permission; the filters are those of the list page."""

from __future__ import annotations

from core.importexport.spec import ExportField, ExportSpec, register_export
from core.masking import mask_email, mask_phone
from tenant_apps.employment.employers.selectors import EmployerSearch, employer_search

REVEAL = "employment_employers.reveal_personal_data"
FILTERS = ("q", "status", "nature", "industry", "size", "province", "tag", "list_kind")


def _queryset(*, actor, params: dict):
    return employer_search(search=EmployerSearch.from_query(params)).prefetch_related("tags", "rule_tags")


def _lists(employer) -> str:
    return "、".join(label for flag, label in (("is_black_listed", "黑名单"), ("is_white_listed", "白名单"), ("is_risky", "风险单位"))
                    if getattr(employer, flag, False))


EMPLOYER_EXPORT = register_export(ExportSpec(
    name="employment_employers.employers",
    title="用人单位",
    permission="employment_employers.export_employer",
    rows=lambda *, actor, params: _queryset(actor=actor, params=params).iterator(chunk_size=500),
    count=lambda *, actor, params: _queryset(actor=actor, params=params).count(),
    param_names=FILTERS,
    personal_data=True,  # contact person's name, phone and e-mail
    fields=[
        ExportField("name", "单位名称", lambda e: e.name),
        ExportField("credit_code", "统一社会信用代码", lambda e: e.credit_code),
        ExportField("nature", "单位性质", lambda e: e.get_nature_display()),
        ExportField("industry", "行业", lambda e: e.get_industry_display()),
        ExportField("size", "规模", lambda e: e.get_size_display()),
        ExportField("province", "省份", lambda e: e.province),
        ExportField("region_code", "区划代码", lambda e: e.region_code),
        ExportField("address", "地址", lambda e: e.address),
        ExportField("contact_name", "联系人", lambda e: e.contact_name, personal=True),
        ExportField("contact_phone", "联系人手机号", lambda e: e.contact_phone, permission=REVEAL, mask=mask_phone),
        ExportField("contact_email", "联系人邮箱", lambda e: e.contact_email, permission=REVEAL, mask=mask_email),
        ExportField("status", "审核状态", lambda e: e.get_status_display()),
        ExportField("decline_reason", "未通过原因", lambda e: e.decline_reason),
        ExportField("tags", "标签", lambda e: [t.name for t in [*e.rule_tags.all(), *e.tags.all()]]),
        ExportField("lists", "名单", _lists),
        ExportField("created_at", "注册时间", lambda e: e.created_at),
    ],
))

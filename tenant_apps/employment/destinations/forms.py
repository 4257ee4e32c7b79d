"""Form data of the destination pages (H5 and back office) to the services' input."""

from __future__ import annotations

from tenant_apps.employment.destinations.enums import CATEGORIES
from tenant_apps.employment.destinations.services import EDITABLE_FIELDS, DestinationInput

FIELD_LABELS = [
    ("sub_code", "去向细类代码"), ("employer_name", "单位/创业企业名称"), ("employer_credit_code", "统一社会信用代码"),
    ("employer_region", "单位所在地代码（6 位）"), ("employer_nature", "单位性质"), ("employer_size", "单位规模"), ("employer_founded_on", "单位成立日期"),
    ("employer_address", "单位地址（档案接收地址）"), ("job_title", "岗位/工作内容"), ("contract_start", "合同/协议开始日期"), ("contract_end", "合同结束日期"),
    ("monthly_pay", "月收入（元）"), ("admitting_school", "录取院校"), ("country", "国家/地区"), ("project_name", "基层项目名称"),
    ("shop_url", "网店地址（电商创业）"), ("notes", "备注"),
]
DATE_INPUTS = ("employer_founded_on", "contract_start", "contract_end")


def destination_input(post) -> DestinationInput:
    return DestinationInput(category=post.get("category", ""), values={name: post.get(name, "") for name in EDITABLE_FIELDS if name != "category"})


def category_help() -> list[dict]:
    """For the page: each category with the fields it requires and the evidence it needs."""
    labels = dict(FIELD_LABELS)
    return [{"code": c.code, "label": c.label, "group": c.group, "required": [labels.get(f, f) for f in c.required], "evidence": c.evidence_hint,
             "sub_codes": c.sub_codes, "minimum_wage": c.needs_minimum_wage} for c in CATEGORIES.values()]


def field_values(destination) -> dict:
    if destination is None:
        return {}
    values = {name: getattr(destination, name) for name, _ in FIELD_LABELS}
    for name in DATE_INPUTS:
        values[name] = values[name].isoformat() if values[name] else ""
    values["monthly_pay"] = "" if values["monthly_pay"] is None else values["monthly_pay"]
    values["category"] = destination.category
    return values

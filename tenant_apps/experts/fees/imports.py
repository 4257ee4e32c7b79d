"""Import spec for expert workload (X27): one row per expert and project, run by the import
kernel in the worker (progress page, report of rejected rows with reasons).

A row names the project by its code and the expert by number (as on the draw sheet); the
name, when given, must match. Rows of experts who did not attend, of unknown projects or
experts, or whose fee is already out for signing are rejected with the reason; valid rows
create the line or update a draft one."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from core.errors import ApplicationError
from core.importexport import parsers
from core.importexport.spec import Column, ImportSpec, register_import
from tenant_apps.experts.fees.services import FeeLineInput, workload_import_row

IMPORT_SPEC_NAME = "expert_fees.workload"


def parse_amount(value: str) -> Decimal:
    try:
        amount = Decimal(value.replace(",", "").replace("，", "").replace("元", "").strip())
    except InvalidOperation:
        raise ValueError("应为金额，如 300 或 300.50") from None
    if amount < 0:
        raise ValueError("不能为负数")
    return amount


def parse_days(value: str) -> Decimal:
    try:
        days = Decimal(value.replace("天", "").strip())
    except InvalidOperation:
        raise ValueError("应为天数，如 0.5、1、1.5") from None
    if days <= 0 or days * 2 != int(days * 2):
        raise ValueError("按半天计，应为 0.5 的整数倍")
    return days


def parse_expert_number(value: str) -> int:
    if not value.isdigit():
        raise ValueError("应为专家编号（数字）")
    return int(value)


def import_workload_row(*, actor, values: dict) -> dict:
    data = FeeLineInput(workload_days=values["workload_days"], review_fee=values.get("review_fee"), travel_fee=values.get("travel_fee"),
                        other_fee=values.get("other_fee") or Decimal("0"), tax_withheld=values.get("tax_withheld") or Decimal("0"), note=values.get("note") or "")
    try:
        line = workload_import_row(actor=actor, project_code=values["project_code"], expert_id=values["expert_id"],
                                   expert_name=values.get("expert_name") or "", data=data)
    except ApplicationError as exc:  # the report shows the service's full sentence, not its per-field hint
        raise ApplicationError(exc.message, code=exc.code) from exc
    return {"project": line.project.code, "expert": line.expert_id, "net_amount": str(line.net_amount)}


WORKLOAD_IMPORT = register_import(
    ImportSpec(
        name=IMPORT_SPEC_NAME,
        title="专家工作量",
        permission="expert_fees.import_workload",
        handler=import_workload_row,
        max_rows=5000,
        columns=[
            Column("project_code", "项目编号", required=True, parser=parsers.text(40), example="XM202601010001", help="抽取项目的项目编号。"),
            Column("expert_id", "专家编号", required=True, parser=parse_expert_number, example="1024", help="专家编号，见抽取表或专家全景页。"),
            Column("expert_name", "专家姓名", parser=parsers.text(50), example="张三", help="选填；填写时须与专家编号一致，用于核对。"),
            Column("workload_days", "工作量（天）", required=True, parser=parse_days, example="1.5", help="按半天计：0.5 为半天，1 为一天。"),
            Column("review_fee", "评审劳务费", parser=parse_amount, example="", help="选填；留空时按劳务费标准（职称级别、全天/半天）计算。"),
            Column("travel_fee", "交通费", parser=parse_amount, example="100", help="选填；留空时取标准中的交通补贴默认值。"),
            Column("other_fee", "其他费用", parser=parse_amount, example="0"),
            Column("tax_withheld", "代扣个税", parser=parse_amount, example="0", help="选填，代扣代缴的个人所得税。"),
            Column("note", "备注", parser=parsers.text(200), example=""),
        ],
        result_columns=[("project", "项目编号"), ("expert", "专家编号"), ("net_amount", "实发金额")],
        result_title="导入成功的工作量",
        notes=[
            "只有确认参加（或记录为实际参评）的专家可以登记劳务费；拒绝、请假、未应答的专家所在行不会导入。",
            "已发送确认函、已签字或已发放的劳务费不能通过导入修改，失败报告写明原因。",
        ],
    )
)

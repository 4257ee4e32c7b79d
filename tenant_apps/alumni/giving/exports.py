"""Exports of giving (core.importexport): the donation records (personal: donors' names, a
stated reason is required) and the yearly report per project (no personal data)."""

from __future__ import annotations

from core.importexport.spec import ExportField, ExportSpec, register_export


def _year(params: dict) -> int | None:
    value = str(params.get("year") or "")
    return int(value) if value.isdigit() else None


def _donations(*, actor, params: dict):
    from tenant_apps.alumni.giving.selectors import DonationSearch, donations

    project = str(params.get("project") or "")
    return donations(DonationSearch(q=str(params.get("q") or ""), project_id=int(project) if project.isdigit() else None, status=str(params.get("status") or ""),
                                    year=_year(params), receipt=str(params.get("receipt") or ""))).order_by("pk")


def _yearly(*, actor, params: dict):
    from tenant_apps.alumni.giving.selectors import this_year, yearly_report_rows

    return yearly_report_rows(year=_year(params) or this_year())


def _yuan(fen) -> str:
    return f"{(fen or 0) / 100:.2f}"


DONATION_EXPORT = register_export(ExportSpec(
    name="alumni_giving.donations",
    title="捐赠记录",
    permission="alumni_giving.export_donation",
    rows=lambda *, actor, params: _donations(actor=actor, params=params),
    count=lambda *, actor, params: _donations(actor=actor, params=params).count(),
    param_names=("q", "project", "status", "year", "receipt"),
    personal_data=True,
    fields=[
        ExportField("number", "捐赠编号", lambda d: d.number),
        ExportField("project", "项目", lambda d: d.project.title),
        ExportField("donor_name", "捐赠人", lambda d: d.donor_name, personal=True),
        ExportField("anonymous", "匿名", lambda d: "是" if d.is_anonymous else ""),
        ExportField("amount", "金额（元）", lambda d: _yuan(d.amount_fen)),
        ExportField("channel", "渠道", lambda d: d.get_channel_display()),
        ExportField("status", "状态", lambda d: d.get_status_display()),
        ExportField("paid_at", "到账时间", lambda d: d.paid_at),
        ExportField("chapter", "分会", lambda d: d.chapter_name),
        ExportField("class_year", "入学年份", lambda d: d.class_year or ""),
        ExportField("receipt_number", "票据号码", lambda d: d.receipt_number),
        ExportField("certificate_number", "证书编号", lambda d: d.certificate_number),
        ExportField("order_no", "支付订单号", lambda d: d.order_no),
    ],
))

YEARLY_EXPORT = register_export(ExportSpec(
    name="alumni_giving.yearly_report",
    title="捐赠年度报告",
    permission="alumni_giving.view_giving_statistics",
    rows=lambda *, actor, params: _yearly(actor=actor, params=params),
    count=lambda *, actor, params: len(_yearly(actor=actor, params=params)),
    param_names=("year",),
    personal_data=False,
    fields=[
        ExportField("project", "项目", lambda r: r["project"]),
        ExportField("audience", "募捐范围", lambda r: r["audience"]),
        ExportField("status", "状态", lambda r: r["status"]),
        ExportField("target", "目标金额（元）", lambda r: _yuan(r["target_fen"])),
        ExportField("amount", "本年到账（元）", lambda r: _yuan(r["amount_fen"])),
        ExportField("count", "本年捐赠笔数", lambda r: r["count"]),
        ExportField("receipted", "已开票据笔数", lambda r: r["receipted"]),
        ExportField("spent", "本年支出（元）", lambda r: _yuan(r["spent_fen"])),
    ],
))

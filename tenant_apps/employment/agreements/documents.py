"""The agreement as a PDF (fpdf2 with the project's CJK font, core.pdf): the graduate's, the
employer's and the school's sections, the agreed terms, the employer's seal, and the SHA-256 of
the frozen content with a QR code of the public verification link."""

from __future__ import annotations

import io

import segno
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from core.pdf import CJK_FAMILY, new_pdf

NBSP = "\u00a0"
VERIFY_PATH = "/verify/agreements/"


def verify_url(number: str = "", digest: str = "") -> str:
    """The public verification page of this school, with the number and hash filled in."""
    from tenant_apps.employment.agreements.services import current_tenant

    tenant = current_tenant()
    domain = ""
    try:
        domain = tenant.get_primary_domain().domain if tenant is not None else ""
    except Exception:  # noqa: BLE001 - a tenant without a domain row still gets a document
        domain = ""
    query = f"?number={number}&hash={digest}" if number and digest else ""
    return f"https://{domain}{VERIFY_PATH}{query}" if domain else f"{VERIFY_PATH}{query}"


def _when(value: str) -> str:
    parsed = parse_datetime(value) if value else None
    return timezone.localtime(parsed).strftime("%Y年%m月%d日 %H:%M") if parsed else "—"


def _text(value) -> str:
    return (str(value) if value not in (None, "") else "—").replace(" ", NBSP)


def _section(pdf, title: str) -> None:
    pdf.ln(2)
    pdf.set_font(CJK_FAMILY, size=12)
    pdf.set_fill_color(240, 240, 240)
    pdf.cell(0, 8, title, new_x="LMARGIN", new_y="NEXT", fill=True)
    pdf.set_font(CJK_FAMILY, size=10)


def _table(pdf, rows: list[tuple[str, str, str, str]]) -> None:
    with pdf.table(col_widths=(26, 59, 26, 59), text_align=("CENTER", "LEFT", "CENTER", "LEFT"), line_height=7,
                   first_row_as_headings=False) as table:
        for row in rows:
            table.row([_text(cell) for cell in row])


def agreement_pdf(agreement, *, seal_image: bytes | None = None) -> bytes:
    """The signed agreement from `agreement.content` (frozen when the school approved), or, for
    an agreement not signed yet, a preview marked as such without hash."""
    from tenant_apps.employment.agreements.services import agreement_content

    content = agreement.content if agreement.content_hash else agreement_content(agreement)
    is_signed = bool(agreement.content_hash)
    student, employer, school, terms = content["student"], content["employer"], content["school"], content["terms"]
    pdf = new_pdf()
    pdf.set_title(f"就业协议书 {content['number']}")
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.add_page()
    pdf.set_font(CJK_FAMILY, size=18)
    pdf.cell(0, 11, "高校毕业生就业协议书（网上签约）", new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font(CJK_FAMILY, size=9)
    pdf.set_text_color(110, 110, 110)
    pdf.cell(0, 5, f"协议编号：{content['number']}", new_x="LMARGIN", new_y="NEXT", align="R")
    if not is_signed:
        pdf.set_text_color(200, 16, 46)
        pdf.cell(0, 5, "【预览】协议尚未完成学校审核，本文件不具效力", new_x="LMARGIN", new_y="NEXT", align="R")
    elif agreement.status == "terminated":
        pdf.set_text_color(200, 16, 46)
        pdf.cell(0, 5, "【已解约】", new_x="LMARGIN", new_y="NEXT", align="R")
    pdf.set_text_color(0, 0, 0)

    _section(pdf, "一、毕业生情况及意见（甲方）")
    _table(pdf, [
        ("姓名", student["name"], "性别", student["gender"]),
        ("学号", student["student_number"], "身份证件号", student["id_number"]),
        ("学历", student["education"], "毕业年份", f"{student['graduation_year']} 届"),
        ("学院", student["college"], "专业", student["major"]),
        ("培养方式", student["training_mode"], "定向/委培单位", student["sponsor_unit"]),
    ])
    pdf.ln(1)
    pdf.multi_cell(0, 6, f"应聘意见：本人已阅读本协议全部条款，同意到该单位就业。（毕业生于 {_when(student['accepted_at'])} 在线确认）".replace(" ", NBSP),
                   new_x="LMARGIN", new_y="NEXT")

    _section(pdf, "二、用人单位情况及意见（乙方）")
    _table(pdf, [
        ("单位名称", employer["name"], "信用代码", employer["credit_code"]),
        ("单位性质", employer["nature"], "所属行业", employer["industry"]),
        ("所在地代码", employer["region_code"], "联系人", employer["contact_name"]),
        ("单位地址", employer["address"], "档案转寄地址", employer["archive_address"]),
    ])
    pdf.ln(1)
    top = pdf.get_y()
    pdf.multi_cell(100, 6, f"用人单位意见：同意录用。（单位于 {_when(employer['invited_at'])} 在线发出签约邀请）".replace(" ", NBSP),
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_xy(122, top)
    pdf.cell(26, 6, "单位（盖章）：")
    if seal_image:
        try:
            pdf.image(io.BytesIO(seal_image), x=150, y=top - 4, w=32, h=32, keep_aspect_ratio=True)
        except Exception:  # noqa: BLE001 - an unreadable image must not stop the document; the hash still binds the seal
            pdf.cell(0, 6, "（公章图片无法读取）")
    else:
        pdf.set_text_color(150, 150, 150)
        pdf.cell(0, 6, "（未上传公章）")
        pdf.set_text_color(0, 0, 0)
    pdf.set_xy(pdf.l_margin, max(pdf.get_y(), top + 28))

    _section(pdf, "三、约定条款（备注）")
    place = f"{terms['work_place_code']} {terms['work_place']}".strip()
    probation = f"{terms['probation_months']} 个月" if terms["probation_months"] else "无"
    service = f"{terms['service_years']} 年" if terms["service_years"] else "无"
    breach = f"{terms['breach_amount']:,} 元" if terms["breach_amount"] else "无"
    _table(pdf, [
        ("岗位", terms["job_title"], "月薪（税前）", f"{terms['monthly_pay']:,} 元"),
        ("工作地点", place, "报到日期", terms["report_by"]),
        ("试用期", probation, "服务期", service),
        ("违约金", breach, "自动解除", "考取研究生或录用为公务员时本协议自动解除" if terms["ends_on_further_study"] else "不适用"),
    ])
    for label, key in (("违约责任", "breach_terms"), ("福利待遇", "benefits"), ("其他约定", "other_terms")):
        if terms.get(key):
            pdf.multi_cell(0, 6, f"{label}：{terms[key]}".replace(" ", NBSP), new_x="LMARGIN", new_y="NEXT")

    _section(pdf, "四、学校意见（鉴证）")
    _table(pdf, [
        ("学校", school["name"], "就业部门", school["office"]),
        ("学院审核", _when(school["college_reviewed_at"]), "学校鉴证", _when(school["school_reviewed_at"])),
    ])
    pdf.ln(2)
    pdf.set_font(CJK_FAMILY, size=9)
    pdf.multi_cell(0, 5, ("说明：本协议是毕业生、用人单位、学校三方在毕业生就业工作中的权利和义务的约定，不是劳动合同；毕业生报到后，"
                          "双方应依法签订劳动合同。一名毕业生同一时间只能有一份有效协议。解除本协议须经双方同意并报学校审核。").replace(" ", NBSP),
                   new_x="LMARGIN", new_y="NEXT")
    if is_signed:
        pdf.ln(2)
        top = pdf.get_y()
        if top > 255:
            pdf.add_page()
            top = pdf.get_y()
        link = verify_url(content["number"], agreement.content_hash)
        qr = io.BytesIO()
        segno.make(link, error="m").save(qr, kind="png", scale=4, border=1)
        qr.seek(0)
        pdf.image(qr, x=pdf.w - pdf.r_margin - 26, y=top, w=26, h=26)
        pdf.set_font(CJK_FAMILY, size=8)
        pdf.set_text_color(90, 90, 90)
        pdf.multi_cell(150, 4.5, f"签约时间：{_when(content['signed_at'])}", new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(150, 4.5, f"协议内容摘要（SHA-256）：{agreement.content_hash}", new_x="LMARGIN", new_y="NEXT")
        if employer.get("seal_sha256"):
            pdf.multi_cell(150, 4.5, f"单位公章图片摘要（SHA-256）：{employer['seal_sha256']}", new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(150, 4.5, f"真伪核验：扫描右侧二维码，或在 {verify_url()} 输入协议编号与上述摘要。".replace(" ", NBSP),
                       new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
    return bytes(pdf.output())

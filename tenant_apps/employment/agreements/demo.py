"""Demo agreements for the demo university: a few in every state, most of them with the demo HR
account's employer (hr1) so the portal shows the whole flow, and an open invitation for the demo
student. Bulk inserts; the signed ones carry their frozen content and hash (the PDF is drawn
when first downloaded). Idempotent: skipped when agreements exist."""

from __future__ import annotations

import datetime
import io

from django.db import transaction
from django.utils import timezone

DEMO_SCHEMA = "demo"
# (status, how many) — every state the flow has
PLAN = [("invited", 4), ("refused", 2), ("expired", 2), ("withdrawn", 1), ("college_review", 4), ("school_review", 3), ("returned", 2),
        ("signed", 6), ("termination_requested", 1), ("termination_review", 1), ("terminated", 2)]
JOBS = [("软件开发工程师", 12000, "110108", "北京市海淀区中关村"), ("数据分析师", 10000, "310115", "上海市浦东新区张江"),
        ("管培生", 8500, "440305", "深圳市南山区科技园"), ("机械设计工程师", 9000, "330106", "杭州市西湖区"),
        ("财务专员", 7500, "420111", "武汉市洪山区"), ("英语翻译", 8000, "510107", "成都市武侯区")]


def seal_png(name: str) -> bytes:
    """A red round seal with the employer's name, drawn with the project's CJK font."""
    import math

    from PIL import Image, ImageDraw, ImageFont

    from core.pdf import cjk_font_path

    size, red = 360, (200, 16, 46, 255)
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((12, 12, size - 12, size - 12), outline=red, width=12)
    star = [(size / 2 + 60 * math.cos(math.pi / 2 + i * math.pi / 5) * (1 if i % 2 == 0 else 0.4),
             size / 2 - 60 * math.sin(math.pi / 2 + i * math.pi / 5) * (1 if i % 2 == 0 else 0.4)) for i in range(10)]
    draw.polygon(star, fill=red)
    font = ImageFont.truetype(cjk_font_path(), 34, index=0)
    text = name[:14]
    for i, char in enumerate(text):
        angle = math.pi * (1.15 - 1.3 * (i + 0.5) / len(text))  # along the top arc, left to right
        x, y = size / 2 + 128 * math.cos(angle), size / 2 - 128 * math.sin(angle)
        glyph = Image.new("RGBA", (44, 44), (255, 255, 255, 0))
        ImageDraw.Draw(glyph).text((5, 2), char, font=font, fill=red)
        glyph = glyph.rotate(math.degrees(angle) - 90, resample=Image.BICUBIC)
        image.alpha_composite(glyph, (int(x - 22), int(y - 22)))
    draw.text((size / 2, size / 2 + 100), "合同专用章", font=ImageFont.truetype(cjk_font_path(), 26, index=0), fill=red, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def seed_demo_agreements(schema_name: str, tenant_type: str) -> None:
    if schema_name != DEMO_SCHEMA or tenant_type != "university":
        return
    import hashlib

    from django.core.files.base import ContentFile

    from core.audit import audit_record_many
    from tenant_apps.employment.agreements.models import Agreement, EmployerSeal
    from tenant_apps.employment.agreements.services import agreement_content, content_hash
    from tenant_apps.employment.employers.models import Employer, EmployerAccount
    from tenant_apps.employment.students.models import GraduateRecord

    if Agreement.objects.exists():
        return
    main = [a.employer for a in EmployerAccount.objects.select_related("employer").filter(employer__status="approved").order_by("id")[:1]]
    others = list(Employer.objects.filter(status="approved").exclude(pk__in=[e.pk for e in main]).order_by("id")[:5])
    employers = main + others
    total = sum(n for _, n in PLAN)
    records = list(GraduateRecord.objects.filter(user__isnull=False).select_related("org_unit", "org_unit__parent", "org_unit__parent__parent")
                   .order_by("id")[1:total + 1])  # the demo student (first record) gets the open invitation below
    demo_student = GraduateRecord.objects.filter(user__isnull=False).order_by("id").first()
    if not employers or len(records) < total or demo_student is None:
        return
    now = timezone.now()
    with transaction.atomic():
        for employer in employers:
            if not EmployerSeal.objects.filter(employer=employer).exists():
                png = seal_png(employer.name)
                seal = EmployerSeal(employer=employer, sha256=hashlib.sha256(png).hexdigest())
                seal.image.save(f"seal-{employer.pk}.png", ContentFile(png), save=False)
                seal.save()
        rows, index = [], 0
        for status, count in PLAN:
            for _ in range(count):
                record = records[index]
                employer = employers[0] if index % 3 != 2 else employers[1 + index % max(1, len(employers) - 1)]
                rows.append(_agreement(Agreement, status, employer, record, index, now))
                index += 1
        rows.append(_agreement(Agreement, "invited", employers[0], demo_student, index, now))
        rows.append(_agreement(Agreement, "refused", employers[-1], demo_student, index + 1, now))
        Agreement.objects.bulk_create(rows)
        year = timezone.localdate().year
        for agreement in rows:
            agreement.number = f"WQ{year}{agreement.pk:06d}"
            if agreement.signed_at:
                agreement.content = agreement_content(agreement)
                agreement.content_hash = content_hash(agreement.content)
        Agreement.objects.bulk_update(rows, ["number", "content", "content_hash"])
        audit_record_many(actor=None, action="agreement.invite", targets=rows, after={"demo": True})


def _agreement(model, status: str, employer, record, index: int, now: datetime.datetime):
    title, pay, place_code, place = JOBS[index % len(JOBS)]
    days_ago = 3 + index % 20
    invited = now - datetime.timedelta(days=days_ago)
    answered = invited + datetime.timedelta(days=1) if status not in ("invited", "expired", "withdrawn") else None
    reviewed = status in ("school_review", "returned", "signed", "termination_requested", "termination_review", "terminated")
    signed = status in ("signed", "termination_requested", "termination_review", "terminated")
    agreement = model(
        employer=employer, record=record, status=status, job_title=title, monthly_pay=pay + 500 * (index % 4), work_place_code=place_code, work_place=place,
        probation_months=(3, 6, 0)[index % 3], service_years=(0, 3, 5)[index % 3], report_by=(now + datetime.timedelta(days=200)).date(),
        breach_amount=(0, 5000, 10000)[index % 3], breach_terms="任何一方违约，应向对方支付约定违约金。" if index % 3 else "",
        benefits="五险一金，年终奖，免费工作餐，提供人才公寓。", archive_address=f"{place}人才服务中心", ends_on_further_study=index % 4 != 0,
        valid_until=(now - datetime.timedelta(days=1)) if status == "expired" else invited + datetime.timedelta(days=7 if status != "invited" else days_ago + 7),
        answered_at=answered, refuse_reason="已接受其他单位的录用" if status == "refused" else "",
        college_reviewed_at=answered + datetime.timedelta(hours=20) if reviewed and answered else None,
        school_reviewed_at=answered + datetime.timedelta(days=2) if signed and answered else None,
        return_reason="协议中的工作地点与岗位说明不一致，请单位核实后重新邀约" if status == "returned" else "",
        returned_by_level="college" if status == "returned" else "",
        signed_at=answered + datetime.timedelta(days=2) if signed and answered else None,
    )
    if status in ("termination_requested", "termination_review", "terminated"):
        agreement.termination_started_by = "student"
        agreement.termination_reason = "考取本校研究生，申请解除协议"
        agreement.termination_started_at = now - datetime.timedelta(days=1)
        if status != "termination_requested":
            agreement.termination_agreed_at = now - datetime.timedelta(hours=20)
        if status == "terminated":
            agreement.terminated_at = now - datetime.timedelta(hours=2)
            agreement.termination_note = "解约函已核验"
    return agreement

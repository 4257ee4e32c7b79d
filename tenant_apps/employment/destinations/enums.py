"""The 14 national 毕业去向 categories (教学厅函〔2021〕19号 code list, REFERENCE-employment.md §1)
with what each needs, the approval states and the review levels."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    group: str  # 2021 standard: 协议和合同就业 / 灵活就业 / 创业 / 升学 / 未就业
    is_placed: bool  # counts in 毕业去向落实率
    required: tuple[str, ...]  # Destination fields that must be filled
    needs_evidence: bool
    needs_minimum_wage: bool = False
    sub_codes: tuple[tuple[str, str], ...] = ()
    evidence_hint: str = ""


EMPLOYER = ("employer_name", "employer_credit_code", "employer_region")
CATEGORIES: dict[str, Category] = {c.code: c for c in [
    Category("10", "签就业协议形式就业", "协议和合同就业", True, (*EMPLOYER, "job_title", "contract_start"), True,
             evidence_hint="盖有人事或行政公章的就业协议书，或有人事调配权限单位的录用接收函；境外单位为录用函或签证"),
    Category("11", "签劳动合同形式就业", "协议和合同就业", True, (*EMPLOYER, "job_title", "contract_start", "contract_end"), True,
             evidence_hint="劳动合同（含签字页与单位盖章页）"),
    Category("12", "其他录用形式就业", "灵活就业", True, (*EMPLOYER, "job_title", "monthly_pay"), True, needs_minimum_wage=True,
             evidence_hint="单位聘用证明，或工资流水、银行对账单"),
    Category("27", "科研助理、管理助理", "协议和合同就业", True, ("employer_name", "job_title", "monthly_pay"), True, needs_minimum_wage=True,
             sub_codes=(("271", "科研助理、管理助理"),), evidence_hint="高校、科研院所或企业出具的聘用证明"),
    Category("46", "应征义务兵", "协议和合同就业", True, ("employer_region",), True, evidence_hint="预定兵通知书或入伍通知书"),
    Category("50", "国家基层项目", "协议和合同就业", True, ("project_name", "employer_region"), True,
             sub_codes=(("501", "特岗教师"), ("502", "三支一扶"), ("503", "西部计划"), ("509", "其他国家基层项目")),
             evidence_hint="项目招录文件或录取证明"),
    Category("51", "地方基层项目", "协议和合同就业", True, ("project_name", "employer_region"), True,
             sub_codes=(("512", "地方选调生"), ("519", "其他地方基层项目")), evidence_hint="项目招录文件或录取证明"),
    Category("75", "自主创业", "创业", True, ("employer_name",), True,
             evidence_hint="营业执照等；电商创业可提供网店地址、截图与收入证明（不要求最低工资）"),
    Category("76", "自由职业", "灵活就业", True, ("job_title", "monthly_pay"), True, needs_minimum_wage=True,
             evidence_hint="本人签字、经学校与学院就业部门负责人审核的自由职业情况说明"),
    Category("80", "境内升学", "升学", True, ("admitting_school",), True,
             sub_codes=(("801", "研究生"), ("802", "第二学士学位"), ("803", "专升本")), evidence_hint="录取通知书"),
    Category("85", "出国、出境", "升学", True, ("admitting_school", "country"), True, evidence_hint="录取通知书或签证"),
    Category("70", "待就业", "未就业", False, (), False),
    Category("71", "不就业拟升学", "未就业", False, (), False),
    Category("72", "其他暂不就业", "未就业", False, (), False),
]}
PLACED_CODES = tuple(code for code, c in CATEGORIES.items() if c.is_placed)
NOT_PLACED_CODES = ("70", "71", "72")
# Local definition (no national one exists): signed an agreement or a labour contract.
SIGNED_CODES = ("10", "11")
FLEXIBLE_SPIKE_CODES = ("12", "75", "76")
GROUPS = ("协议和合同就业", "灵活就业", "创业", "升学", "未就业")
CATEGORY_CHOICES = [(code, f"{code} {c.label}") for code, c in CATEGORIES.items()]


class DestinationStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待辅导员审核"
    COUNSELLOR_APPROVED = "counsellor_approved", "待学院审核"
    COLLEGE_APPROVED = "college_approved", "待学校审核"
    APPROVED = "approved", "审核通过"
    RETURNED = "returned", "已退回"


class ReviewLevel(models.TextChoices):
    COUNSELLOR = "counsellor", "辅导员"
    COLLEGE = "college", "学院"
    UNIVERSITY = "university", "学校"


# status waiting at a level -> (permission, status after approval)
LEVEL_FLOW = {
    ReviewLevel.COUNSELLOR: (DestinationStatus.SUBMITTED, "employment_destinations.review_counsellor", DestinationStatus.COUNSELLOR_APPROVED),
    ReviewLevel.COLLEGE: (DestinationStatus.COUNSELLOR_APPROVED, "employment_destinations.review_college", DestinationStatus.COLLEGE_APPROVED),
    ReviewLevel.UNIVERSITY: (DestinationStatus.COLLEGE_APPROVED, "employment_destinations.review_university", DestinationStatus.APPROVED),
}


class Confirmation(models.TextChoices):
    NONE = "", "—"
    PENDING = "pending", "待学生确认"
    CONFIRMED = "confirmed", "学生已确认"
    DISPUTED = "disputed", "学生有异议"
    RESOLVED = "resolved", "异议已处理"


class EmployerSize(models.TextChoices):
    UNKNOWN = "", "未知"
    LARGE = "large", "大型"
    MEDIUM = "medium", "中型"
    SMALL = "small", "小型"
    MICRO = "micro", "微型"


class EmployerNature(models.TextChoices):
    """单位性质, as far as archives need it: who may keep a personnel file."""

    UNKNOWN = "", "未填"
    GOVERNMENT = "government", "机关"
    INSTITUTION = "institution", "事业单位"
    STATE_OWNED = "state_owned", "国有企业"
    PRIVATE = "private", "民营企业"
    FOREIGN = "foreign", "外资企业"
    MILITARY = "military", "部队"
    OTHER = "other", "其他"


CUSTODY_NATURES = (EmployerNature.GOVERNMENT, EmployerNature.INSTITUTION, EmployerNature.STATE_OWNED, EmployerNature.MILITARY)

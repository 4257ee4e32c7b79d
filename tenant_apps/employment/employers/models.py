"""The employer registry (E3): employers, their HR accounts, the review thread, tags, lists
and the school's review rules."""

from __future__ import annotations

import uuid

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models

from core.crypto import EncryptedCharField, blind_index
from tenant_apps.employment.employers.enums import (
    EmployerNature,
    EmployerSize,
    EmployerSource,
    Industry,
    ListKind,
    ReviewStatus,
    province_name,
)


def licence_path(instance, filename: str) -> str:
    # Unguessable: licences are served only through a permission-checked view.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"employment/licences/{uuid.uuid4().hex}.{extension}"


class EmployerTag(models.Model):
    """A label on employers. With a `rule` ({"nature": [...], "size": [...], "industry": [...],
    "province": [...]}: all given keys must match, any value within a key) the tag follows the
    employer's data; without one it is put on by hand."""

    name = models.CharField("标签", max_length=40, unique=True)
    rule = models.JSONField("自动规则", default=dict, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "单位标签"
        verbose_name_plural = "单位标签"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_rule(self) -> bool:
        return bool(self.rule)

    def matches(self, employer: Employer) -> bool:
        if not self.rule:
            return False
        values = {"nature": employer.nature, "size": employer.size, "industry": employer.industry, "province": employer.region_code[:2]}
        return all(values.get(key) in (allowed or []) for key, allowed in self.rule.items())


class Employer(models.Model):
    """用人单位: registered by its HR (or entered by the school), reviewed before it may recruit."""

    name = models.CharField("单位名称", max_length=200)
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    nature = models.CharField("单位性质", max_length=30, choices=EmployerNature.choices)
    industry = models.CharField("所属行业", max_length=2, choices=Industry.choices)
    size = models.CharField("单位规模", max_length=10, choices=EmployerSize.choices)
    region_code = models.CharField("所在地区划代码", max_length=6, help_text="GB/T 2260 六位代码")
    address = models.CharField("详细地址", max_length=200, blank=True)
    website = models.URLField("网址", blank=True)
    introduction = models.TextField("单位简介", blank=True)
    licence = models.FileField("营业执照/登记证书", upload_to=licence_path, blank=True)
    contact_name = models.CharField("联系人", max_length=50)
    contact_phone = EncryptedCharField("联系人手机号", mask_kind="phone")
    contact_phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    contact_phone_verified_at = models.DateTimeField("手机号验证时间", null=True, blank=True)
    contact_email = EncryptedCharField("联系人邮箱", mask_kind="email")
    source = models.CharField("来源", max_length=20, choices=EmployerSource.choices, default=EmployerSource.SELF_REGISTRATION)

    status = models.CharField("审核状态", max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.PENDING, db_index=True)
    decline_reason = models.TextField("未通过原因", blank=True)
    may_request_again = models.BooleanField("可再次申请", default=True)
    is_auto_approved = models.BooleanField("自动通过", default=False)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    reviewed_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="审核人")

    # Granted on approval (and withdrawn by decline or black list); a teacher may adjust each.
    can_post_jobs = models.BooleanField("可发布职位", default=False)
    can_apply_sessions = models.BooleanField("可申请宣讲会", default=False)
    can_join_fairs = models.BooleanField("可报名双选会", default=False)
    # A new employer's first job is always reviewed, whatever the auto-approval rules say.
    has_approved_job = models.BooleanField("已有通过的职位", default=False)

    tags = models.ManyToManyField(EmployerTag, blank=True, related_name="employers", verbose_name="手工标签")
    rule_tags = models.ManyToManyField(EmployerTag, blank=True, related_name="rule_employers", verbose_name="规则标签", editable=False)

    search_text = models.TextField(blank=True, default="", editable=False)
    search_vector = models.GeneratedField(expression=SearchVector("search_text", config="simple"), output_field=SearchVectorField(), db_persist=True)
    created_at = models.DateTimeField("注册时间", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "用人单位"
        verbose_name_plural = "用人单位"
        ordering = ["-created_at", "-id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="emp_employer_search_gin"),
            models.Index(fields=["nature"], name="emp_employer_nature"),
            models.Index(fields=["industry"], name="emp_employer_industry"),
            models.Index(fields=["region_code"], name="emp_employer_region"),
        ]
        permissions = [
            ("review_employer", "审核用人单位"),
            ("manage_employer_lists", "管理黑名单、白名单和风险单位"),
            ("export_employer", "导出用人单位"),
            ("view_employer_statistics", "查看用人单位统计"),
            ("reveal_personal_data", "查看用人单位联系人完整手机号"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.contact_phone_hash = blind_index(self.contact_phone) if self.contact_phone else ""
        super().save(*args, **kwargs)

    @property
    def province(self) -> str:
        return province_name(self.region_code)

    @property
    def is_approved(self) -> bool:
        return self.status == ReviewStatus.APPROVED


class EmployerAccount(models.Model):
    """An HR account of an employer (a user of kind "employer"); the first one is the primary."""

    user = models.OneToOneField("accounts.User", on_delete=models.CASCADE, related_name="employer_account", verbose_name="账号")
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="accounts", verbose_name="单位")
    is_primary = models.BooleanField("主账号", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "单位 HR 账号"
        verbose_name_plural = "单位 HR 账号"
        ordering = ["-is_primary", "id"]

    def __str__(self) -> str:
        return f"{self.employer_id}:{self.user_id}"


class EmployerComment(models.Model):
    """One message of the review thread between the school and the employer."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="comments", verbose_name="单位")
    author = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="发言人")
    is_from_school = models.BooleanField("学校发言", default=True)
    body = models.TextField("内容", max_length=2000)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "审核沟通"
        verbose_name_plural = "审核沟通"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:30]


class EmployerListEntry(models.Model):
    """A credit code on the black, white or risk list, with the reason. Kept by code so that a
    list can name an employer before it registers."""

    kind = models.CharField("名单", max_length=10, choices=ListKind.choices)
    credit_code = models.CharField("统一社会信用代码", max_length=18, db_index=True)
    employer = models.ForeignKey(Employer, null=True, blank=True, on_delete=models.SET_NULL, related_name="list_entries", verbose_name="单位")
    name = models.CharField("单位名称", max_length=200, blank=True)
    reason = models.CharField("原因", max_length=300)
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="操作人")
    created_at = models.DateTimeField("加入时间", auto_now_add=True)

    class Meta:
        verbose_name = "单位名单"
        verbose_name_plural = "单位名单"
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["kind", "credit_code"], name="emp_list_one_entry_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name or self.credit_code}"


class RecruitmentSettings(models.Model):
    """The school's review rules for the recruitment side (one row per tenant)."""

    auto_approve_natures = ArrayField(models.CharField(max_length=30, choices=EmployerNature.choices), default=list, blank=True,
                                      verbose_name="自动通过的单位性质")
    auto_approve_white_list = models.BooleanField("白名单单位自动通过", default=True)
    auto_approve_jobs = models.BooleanField("已通过单位的职位自动通过（无歧视提示时）", default=False)
    complaint_threshold = models.PositiveIntegerField("职位被投诉几次后自动下架待查", default=3)
    share_risk_signals = models.BooleanField("与其他学校匿名共享黑名单风险提示", default=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "招聘审核规则"
        verbose_name_plural = "招聘审核规则"

    def __str__(self) -> str:
        return "招聘审核规则"

    @classmethod
    def current(cls) -> RecruitmentSettings:
        settings, _ = cls.objects.get_or_create(pk=1)
        return settings


def school_logo_path(instance, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    return f"employment/school/logo-{uuid.uuid4().hex[:8]}.{extension}"


class SchoolProfile(models.Model):
    """E22: what employers and students read about the school and its career office (one row)."""

    introduction = models.TextField("学校简介", blank=True, max_length=10000)
    logo = models.ImageField("学校标志", upload_to=school_logo_path, blank=True)
    featured_majors = models.TextField("特色专业", blank=True, help_text="每行一个")
    office_name = models.CharField("就业服务部门", max_length=100, blank=True, default="就业指导中心")
    office_introduction = models.TextField("部门介绍", blank=True, max_length=5000)
    office_address = models.CharField("办公地址", max_length=200, blank=True)
    office_phone = models.CharField("联系电话", max_length=50, blank=True)
    office_email = models.EmailField("联系邮箱", blank=True)
    office_hours = models.CharField("办公时间", max_length=100, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "学校概况"
        verbose_name_plural = "学校概况"

    def __str__(self) -> str:
        return "学校概况"

    @classmethod
    def current(cls) -> SchoolProfile:
        profile, _ = cls.objects.get_or_create(pk=1)
        return profile

    @property
    def featured_major_list(self) -> list[str]:
        return [line.strip() for line in self.featured_majors.splitlines() if line.strip()]

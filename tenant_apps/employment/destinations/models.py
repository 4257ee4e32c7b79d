"""毕业去向登记: one destination per graduate, its evidence, the three-level reviews, the
per-student hash-chain ledger of every change, and staff's export templates."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tenant_apps.employment.destinations.enums import (
    CATEGORY_CHOICES,
    Confirmation,
    DestinationStatus,
    EmployerNature,
    EmployerSize,
    ReviewLevel,
)


class Destination(models.Model):
    """The graduate's destination as filed (by the student, or by staff on their behalf)."""

    record = models.OneToOneField("employment_students.GraduateRecord", on_delete=models.CASCADE, related_name="destination", verbose_name="毕业生")
    category = models.CharField("毕业去向", max_length=2, choices=CATEGORY_CHOICES, db_index=True)
    sub_code = models.CharField("去向细类代码", max_length=3, blank=True)
    employer_name = models.CharField("单位/项目名称", max_length=200, blank=True)
    employer_credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True, db_index=True)
    employer_region = models.CharField("单位所在地代码", max_length=6, blank=True)
    employer_nature = models.CharField("单位性质", max_length=20, choices=EmployerNature.choices, blank=True, default="")
    employer_size = models.CharField("单位规模", max_length=10, choices=EmployerSize.choices, blank=True, default="")
    employer_founded_on = models.DateField("单位成立日期", null=True, blank=True)
    employer_address = models.CharField("单位地址（档案接收地址）", max_length=200, blank=True)
    job_title = models.CharField("岗位/工作内容", max_length=100, blank=True)
    contract_start = models.DateField("合同/协议开始日期", null=True, blank=True)
    contract_end = models.DateField("合同结束日期", null=True, blank=True)
    monthly_pay = models.PositiveIntegerField("月收入（元）", null=True, blank=True)
    admitting_school = models.CharField("录取院校", max_length=200, blank=True)
    country = models.CharField("国家/地区", max_length=50, blank=True)
    project_name = models.CharField("基层项目名称", max_length=100, blank=True)
    shop_url = models.URLField("网店地址", blank=True)
    notes = models.CharField("备注", max_length=500, blank=True)
    status = models.CharField("状态", max_length=20, choices=DestinationStatus.choices, default=DestinationStatus.DRAFT, db_index=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="填报人")
    is_filed_by_staff = models.BooleanField("老师代填", default=False)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    approved_at = models.DateTimeField("终审通过时间", null=True, blank=True)
    return_reason = models.CharField("退回原因", max_length=500, blank=True)
    returned_by_level = models.CharField("退回层级", max_length=20, choices=ReviewLevel.choices, blank=True)
    confirmation = models.CharField("学生确认", max_length=20, choices=Confirmation.choices, blank=True, default="", db_index=True)
    confirmation_token = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    dispute_text = models.CharField("异议内容", max_length=1000, blank=True)
    dispute_resolution = models.CharField("异议处理意见", max_length=500, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "毕业去向"
        verbose_name_plural = "毕业去向"
        permissions = [
            ("review_counsellor", "审核毕业去向（辅导员）"),
            ("review_college", "审核毕业去向（学院）"),
            ("review_university", "审核毕业去向（学校），处理学生异议"),
            ("file_on_behalf", "代学生填报毕业去向"),
            ("export_destination", "导出毕业去向"),
            ("verify_ledger", "校验去向变更链"),
        ]

    def __str__(self) -> str:
        return f"{self.record_id} {self.category}"


class Evidence(models.Model):
    """A proof file; its SHA-256 goes into the ledger and flags reuse across students."""

    destination = models.ForeignKey(Destination, on_delete=models.CASCADE, related_name="evidence", verbose_name="毕业去向")
    file = models.FileField("文件", upload_to="employment/evidence/%Y/%m/")
    original_name = models.CharField("文件名", max_length=200)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="上传人")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "去向证明材料"
        verbose_name_plural = "去向证明材料"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class Review(models.Model):
    destination = models.ForeignKey(Destination, on_delete=models.CASCADE, related_name="reviews", verbose_name="毕业去向")
    level = models.CharField("层级", max_length=20, choices=ReviewLevel.choices)
    is_approved = models.BooleanField("通过")
    reason = models.CharField("意见", max_length=500, blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="审核人")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "去向审核记录"
        verbose_name_plural = "去向审核记录"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.destination_id} {self.level} {'通过' if self.is_approved else '退回'}"


class LedgerEntry(models.Model):
    """One link of a graduate's hash chain: who changed the destination, when, the state after
    (canonical JSON), the change, the evidence hashes, and hash(previous hash + this entry).
    Written only by services, never updated."""

    record = models.ForeignKey("employment_students.GraduateRecord", on_delete=models.CASCADE, related_name="ledger", verbose_name="毕业生")
    sequence = models.PositiveIntegerField("序号")
    action = models.CharField("操作", max_length=40)
    actor_id = models.BigIntegerField("操作人 id", null=True)
    actor_label = models.CharField("操作人", max_length=150)
    created_at = models.DateTimeField("时间", db_index=True)
    state = models.JSONField("变更后状态")
    changes = models.JSONField("变更内容", default=dict)
    evidence_hashes = models.JSONField("证明材料哈希", default=list)
    previous_hash = models.CharField("前一条哈希", max_length=64)
    entry_hash = models.CharField("本条哈希", max_length=64)

    class Meta:
        verbose_name = "去向变更链"
        verbose_name_plural = "去向变更链"
        ordering = ["record_id", "sequence"]
        constraints = [models.UniqueConstraint(fields=["record", "sequence"], name="ledger_one_entry_per_sequence")]
        indexes = [models.Index(fields=["record", "-sequence"], name="ledger_record_latest")]

    def __str__(self) -> str:
        return f"{self.record_id}#{self.sequence} {self.action}"


class ExportTemplate(models.Model):
    """A member of staff's own export layout: which columns, in which order, under which names."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="destination_export_templates", verbose_name="所有者")
    name = models.CharField("模板名称", max_length=60)
    columns = models.JSONField("列", default=list)  # [[field key, header], ...]
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "去向导出模板"
        verbose_name_plural = "去向导出模板"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="export_template_unique_name")]

    def __str__(self) -> str:
        return self.name

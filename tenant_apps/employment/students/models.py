"""Graduate records (生源信息), their verification by students and counsellors, and the
school's employment settings. One tenant schema = one school."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from core.crypto import EncryptedCharField, blind_index
from tenant_apps.employment.students.enums import (
    CorrectionStatus,
    Education,
    Gender,
    HardshipCategory,
    NormalStudentCategory,
    TrainingMode,
    VerificationStatus,
)


class EmploymentSettings(models.Model):
    """One row per school: the dates and switches of graduate employment management."""

    change_deadline_month = models.PositiveSmallIntegerField("去向变更截止月", default=8)
    change_deadline_day = models.PositiveSmallIntegerField("去向变更截止日", default=31)
    archive_needs_student_confirmation = models.BooleanField("档案去向需学生确认", default=False)
    school_code = models.CharField("院校代码", max_length=5, blank=True)
    minimum_monthly_wage = models.PositiveIntegerField("当地月最低工资标准（元）", default=2000)

    class Meta:
        verbose_name = "就业管理设置"
        verbose_name_plural = "就业管理设置"

    def __str__(self) -> str:
        return "就业管理设置"


class GraduateRecord(models.Model):
    """生源信息 of one graduate of one cohort, as the national standard names its fields.

    Fields must match the 学籍 record; the career office does not edit them freely: changes
    come from a re-import or from a correction the counsellor approves."""

    graduation_year = models.PositiveSmallIntegerField("毕业年份", db_index=True)
    student_number = models.CharField("学号", max_length=30, unique=True)
    exam_number = models.CharField("考生号", max_length=30, blank=True)
    name = models.CharField("姓名", max_length=50)
    id_number = EncryptedCharField("身份证件号", mask_kind="id_number")
    id_number_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    ethnicity = models.CharField("民族代码", max_length=2)
    political_status = models.CharField("政治面貌代码", max_length=2)
    education = models.CharField("学历", max_length=2, choices=Education.choices)
    major_code = models.CharField("专业代码", max_length=8)
    major_name = models.CharField("专业名称", max_length=100)
    training_mode = models.CharField("培养方式", max_length=10, choices=TrainingMode.choices, default=TrainingMode.NON_DIRECTED)
    sponsor_unit = models.CharField("定向/委培单位", max_length=200, blank=True)
    sponsor_region = models.CharField("定向/委培单位所在地代码", max_length=6, blank=True)
    origin_region = models.CharField("生源所在地代码", max_length=6)
    years_of_study = models.DecimalField("学制", max_digits=3, decimal_places=1, null=True, blank=True)
    enrolled_on = models.DateField("入学时间", null=True, blank=True)
    graduates_on = models.DateField("毕业时间", null=True, blank=True)
    normal_category = models.CharField("师范生类别", max_length=10, choices=NormalStudentCategory.choices, default=NormalStudentCategory.NONE)
    hardship_category = models.CharField("困难生类别", max_length=12, choices=HardshipCategory.choices, default=HardshipCategory.NONE)
    phone = EncryptedCharField("手机号", mask_kind="phone")
    email = EncryptedCharField("电子邮箱", mask_kind="email")
    org_unit = models.ForeignKey("accounts.OrgUnit", on_delete=models.PROTECT, related_name="graduate_records", verbose_name="班级")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="graduate_record", verbose_name="学生账号")
    verification_status = models.CharField("核验状态", max_length=20, choices=VerificationStatus.choices, default=VerificationStatus.PENDING, db_index=True)
    verified_at = models.DateTimeField("核验通过时间", null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="审核人")
    return_reason = models.CharField("退回原因", max_length=500, blank=True)
    reminded_at = models.DateTimeField("最近提醒", null=True, blank=True)
    created_at = models.DateTimeField("导入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "生源信息"
        verbose_name_plural = "生源信息"
        ordering = ["graduation_year", "student_number"]
        indexes = [models.Index(fields=["graduation_year", "org_unit"], name="graduate_year_unit")]
        permissions = [
            ("import_graduaterecord", "导入生源信息"),
            ("review_graduaterecord", "审核生源信息核验"),
            ("remind_graduaterecord", "提醒学生核验"),
            ("reveal_personal_data", "查看学生完整证件号与联系方式"),
            ("manage_settings", "设置就业管理参数"),
            ("view_statistics", "查看就业统计（毕业去向落实率等）"),
        ]

    def __str__(self) -> str:
        return f"{self.student_number} {self.name}"

    def save(self, *args, **kwargs):
        self.id_number_hash = blind_index(self.id_number) if self.id_number else ""
        super().save(*args, **kwargs)

    @property
    def is_verified(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED


class RecordCorrection(models.Model):
    """A student's request to correct the record, with evidence; the counsellor decides."""

    record = models.ForeignKey(GraduateRecord, on_delete=models.CASCADE, related_name="corrections", verbose_name="生源信息")
    changes = models.JSONField("申请更正内容", default=dict)  # {field: new value}
    explanation = models.CharField("说明", max_length=500)
    evidence = models.FileField("证明材料", upload_to="employment/corrections/%Y/%m/", blank=True)
    status = models.CharField("状态", max_length=20, choices=CorrectionStatus.choices, default=CorrectionStatus.PENDING, db_index=True)
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="审核人")
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decision_reason = models.CharField("审核意见", max_length=500, blank=True)

    class Meta:
        verbose_name = "生源信息更正申请"
        verbose_name_plural = "生源信息更正申请"
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.record} 更正申请"

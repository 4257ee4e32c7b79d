"""Online tri-party agreements (网签三方): the employer's invitation with the agreed terms, the
graduate's answer, the college and school reviews, the signed document (PDF, SHA-256 of its
frozen content), and termination. The employer's seal image is kept once per employer."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models

from core.files import TenantFileField
from tenant_apps.employment.agreements.enums import LIVE_STATUSES, AgreementStatus, Party


def seal_path(instance, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    return f"employment/agreement-seals/{uuid.uuid4().hex}.{extension}"


def document_path(instance, filename: str) -> str:
    return f"employment/agreements/{uuid.uuid4().hex}.pdf"


def proof_path(instance, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "pdf"
    return f"employment/agreement-terminations/{uuid.uuid4().hex}.{extension}"


class EmployerSeal(models.Model):
    """The image of the employer's seal (公章) printed on its agreements. A signed agreement keeps
    the hash of the seal it was signed with, so replacing the image later changes nothing signed."""

    employer = models.OneToOneField("employment_employers.Employer", on_delete=models.CASCADE, related_name="agreement_seal", verbose_name="用人单位")
    image = TenantFileField("公章图片", upload_to=seal_path, kind="image", extensions=("png", "jpg", "jpeg"))
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="上传人")
    uploaded_at = models.DateTimeField("上传时间", auto_now=True)

    class Meta:
        verbose_name = "单位公章"
        verbose_name_plural = "单位公章"

    def __str__(self) -> str:
        return f"{self.employer_id} 公章"


class Agreement(models.Model):
    """One 就业协议书 between a graduate, an employer and the school, from the invitation on."""

    number = models.CharField("协议编号", max_length=20, unique=True, null=True, blank=True)
    employer = models.ForeignKey("employment_employers.Employer", on_delete=models.PROTECT, related_name="agreements", verbose_name="用人单位")
    record = models.ForeignKey("employment_students.GraduateRecord", on_delete=models.PROTECT, related_name="agreements", verbose_name="毕业生")
    status = models.CharField("状态", max_length=30, choices=AgreementStatus.choices, default=AgreementStatus.INVITED, db_index=True)
    valid_until = models.DateTimeField("邀约有效期至")
    # agreed terms (协议备注 / 约定条款)
    job_title = models.CharField("岗位", max_length=100)
    monthly_pay = models.PositiveIntegerField("月薪（元，税前）")
    work_place_code = models.CharField("工作地点代码", max_length=6, help_text="GB/T 2260 六位代码")
    work_place = models.CharField("工作地点（详细）", max_length=200, blank=True)
    probation_months = models.PositiveSmallIntegerField("试用期（月）", default=0, validators=[MaxValueValidator(6)])
    service_years = models.PositiveSmallIntegerField("服务期（年）", default=0, validators=[MaxValueValidator(10)])
    report_by = models.DateField("报到日期")
    breach_amount = models.PositiveIntegerField("违约金（元）", default=0)
    breach_terms = models.TextField("违约责任", blank=True, max_length=1000)
    benefits = models.TextField("福利待遇（社保、公积金、住房等）", blank=True, max_length=1000)
    archive_address = models.CharField("档案转寄地址", max_length=200, blank=True)
    ends_on_further_study = models.BooleanField("考取研究生或录用为公务员时协议自动解除", default=True)
    other_terms = models.TextField("其他约定", blank=True, max_length=1000)
    # the flow
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="邀约人")
    invited_at = models.DateTimeField("邀约时间", auto_now_add=True)
    answered_at = models.DateTimeField("学生答复时间", null=True, blank=True)
    refuse_reason = models.CharField("拒绝原因", max_length=300, blank=True)
    college_reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="学院审核人")
    college_reviewed_at = models.DateTimeField("学院审核时间", null=True, blank=True)
    school_reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="学校审核人")
    school_reviewed_at = models.DateTimeField("学校审核时间", null=True, blank=True)
    return_reason = models.CharField("退回原因", max_length=500, blank=True)
    returned_by_level = models.CharField("退回层级", max_length=10, blank=True)
    signed_at = models.DateTimeField("签约时间", null=True, blank=True, db_index=True)
    content = models.JSONField("协议内容（签约时冻结）", default=dict, blank=True)
    content_hash = models.CharField("协议内容 SHA-256", max_length=64, blank=True, db_index=True)
    document = TenantFileField("协议 PDF", upload_to=document_path, blank=True, extensions=("pdf",))
    destination_note = models.CharField("毕业去向处理", max_length=300, blank=True)
    # termination (解约)
    termination_started_by = models.CharField("解约发起方", max_length=10, choices=Party.choices, blank=True)
    termination_reason = models.CharField("解约原因", max_length=500, blank=True)
    termination_started_at = models.DateTimeField("解约发起时间", null=True, blank=True)
    termination_agreed_at = models.DateTimeField("对方同意时间", null=True, blank=True)
    termination_proof = TenantFileField("解约证明", upload_to=proof_path, blank=True, extensions=("pdf", "png", "jpg", "jpeg"))
    termination_note = models.CharField("解约处理意见", max_length=500, blank=True)
    termination_decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="解约审核人")
    terminated_at = models.DateTimeField("解约时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "网签三方协议"
        verbose_name_plural = "网签三方协议"
        ordering = ["-updated_at", "-id"]
        permissions = [
            ("review_agreement_college", "审核网签协议（学院）"),
            ("review_agreement_school", "审核网签协议（学校），审批解约"),
            ("export_agreement", "导出网签协议"),
        ]
        constraints = [
            # One live agreement per graduate, whatever the number of concurrent acceptances.
            models.UniqueConstraint(fields=["record"], condition=models.Q(status__in=[s.value for s in LIVE_STATUSES]),
                                    name="agreement_one_live_per_student"),
            # An employer cannot re-invite while its invitation is open (refused/expired: again).
            models.UniqueConstraint(fields=["employer", "record"], condition=models.Q(status=AgreementStatus.INVITED.value),
                                    name="agreement_one_open_invitation"),
            models.CheckConstraint(condition=models.Q(probation_months__lte=6), name="agreement_probation_at_most_six_months"),
        ]
        indexes = [models.Index(fields=["employer", "-updated_at"], name="agreement_employer_recent")]

    def __str__(self) -> str:
        return self.number or f"协议 {self.pk}"

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES

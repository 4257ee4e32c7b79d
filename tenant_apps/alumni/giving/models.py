"""Donation projects (定向 to members or public under the foundation's qualification), their
timeline of progress / spending / usage reports, donations paid through tenant_apps.payments,
and the one settings row (the foundation, its public-fundraising qualification, the
certificate policy). Certificates are recognition; receipts are the foundation's: a donation
only records the number of the e-receipt (财政电子票据) the foundation issued, and from then on
its amount is locked."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.files import TenantFileField
from tenant_apps.alumni.giving.enums import (
    Audience,
    CertificateDesign,
    DonationChannel,
    DonationStatus,
    ProjectStatus,
    UpdateKind,
)


class GivingSettings(models.Model):
    """One row per tenant: who receives the money and the certificate policy."""

    foundation_name = models.CharField("基金会名称", max_length=100, blank=True, help_text="接收捐赠、开具捐赠票据的教育基金会")
    has_public_qualification = models.BooleanField("具有公开募捐资格", default=False)
    qualification_number = models.CharField("公开募捐资格证书编号", max_length=60, blank=True)
    platform_name = models.CharField("指定互联网公开募捐服务平台", max_length=60, blank=True, help_text="如 腾讯公益、支付宝公益")
    certificate_threshold_fen = models.PositiveIntegerField("发放捐赠证书的最低金额（分）", default=100)
    seal_threshold_fen = models.PositiveIntegerField("证书加盖印章的最低金额（分）", null=True, blank=True, help_text="为空则证书均不盖章")
    seal_text = models.CharField("印章文字", max_length=30, blank=True, help_text="默认为基金会名称")
    thanks_enabled = models.BooleanField("到账后发送感谢邮件", default=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "捐赠设置"
        verbose_name_plural = verbose_name
        permissions = [("manage_giving_settings", "管理捐赠设置")]

    def __str__(self) -> str:
        return self.foundation_name or "捐赠设置"

    @property
    def may_fundraise_publicly(self) -> bool:
        return bool(self.has_public_qualification and self.foundation_name and self.qualification_number and self.platform_name)


class Project(models.Model):
    """捐赠项目 with its custom form, target and story."""

    title = models.CharField("项目名称", max_length=100)
    summary = models.CharField("一句话介绍", max_length=200, blank=True)
    story = models.TextField("项目故事", blank=True)
    audience = models.CharField("募捐范围", max_length=10, choices=Audience.choices, default=Audience.MEMBERS, db_index=True)
    platform_url = models.URLField("指定平台项目链接", blank=True, help_text="公开募捐项目在指定互联网公开募捐服务平台上的页面")
    status = models.CharField("状态", max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.DRAFT, db_index=True)
    target_fen = models.PositiveBigIntegerField("目标金额（分）", default=0)
    raised_fen = models.PositiveBigIntegerField("已筹金额（分）", default=0)
    donor_count = models.PositiveIntegerField("捐赠人次", default=0)
    min_amount_fen = models.PositiveIntegerField("最低捐赠金额（分）", default=100)
    amount_options = models.JSONField("推荐金额（分）", default=list, blank=True)
    form_fields = models.JSONField("捐赠表单", default=list, blank=True)
    certificate_design = models.CharField("证书样式", max_length=10, choices=CertificateDesign.choices, default=CertificateDesign.CLASSIC)
    certificate_title = models.CharField("证书标题", max_length=30, default="捐赠证书")
    certificate_text = models.CharField("证书正文", max_length=300, blank=True,
                                        default="{name} 惠捐人民币 {amount} 元，支持“{project}”。芳名永志，特颁此证，以致谢忱。")
    ends_on = models.DateField("截止日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="发起人")
    deleted_at = models.DateTimeField("删除时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "捐赠项目"
        verbose_name_plural = "捐赠项目"
        ordering = ["-created_at", "-pk"]
        permissions = [("view_giving_statistics", "查看捐赠统计")]
        constraints = [models.CheckConstraint(condition=~Q(audience="public") | ~Q(platform_url=""), name="giving_public_has_platform_url")]

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int:
        return min(100, round(self.raised_fen * 100 / self.target_fen)) if self.target_fen else 0

    @property
    def raised_yuan(self) -> str:
        return f"{self.raised_fen / 100:,.2f}"

    @property
    def target_yuan(self) -> str:
        return f"{self.target_fen / 100:,.2f}"

    @property
    def is_public(self) -> bool:
        return self.audience == Audience.PUBLIC


class ProjectUpdate(models.Model):
    """One entry of the project's timeline ("where did my gift go"): progress, a spending line
    or a usage report (with its file)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates", verbose_name="项目")
    kind = models.CharField("类型", max_length=20, choices=UpdateKind.choices, default=UpdateKind.PROGRESS)
    title = models.CharField("标题", max_length=100)
    body = models.TextField("内容", blank=True)
    spent_fen = models.PositiveBigIntegerField("支出金额（分）", default=0)
    happened_on = models.DateField("日期")
    attachment = TenantFileField("附件", upload_to="alumni/giving/reports/%Y/", blank=True, kind="file")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="发布人")
    created_at = models.DateTimeField("发布时间", auto_now_add=True)

    class Meta:
        verbose_name = "项目动态"
        verbose_name_plural = "项目动态"
        ordering = ["-happened_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def spent_yuan(self) -> str:
        return f"{self.spent_fen / 100:,.2f}"


class Donation(models.Model):
    """A gift. Chapter and class year are copied from the donor's membership when paid, so the
    statistics keep the picture of the day. `receipt_number` is the foundation's e-receipt."""

    number = models.CharField("捐赠编号", max_length=20, unique=True)
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="donations", verbose_name="项目")
    donor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="alumni_donations", verbose_name="捐赠人账号")
    donor_name = models.CharField("捐赠人", max_length=50)
    is_anonymous = models.BooleanField("匿名", default=False)
    message = models.CharField("留言", max_length=200, blank=True)
    answers = models.JSONField("表单内容", default=dict, blank=True)
    amount_fen = models.PositiveBigIntegerField("金额（分）")
    channel = models.CharField("渠道", max_length=10, choices=DonationChannel.choices, default=DonationChannel.WECHAT)
    status = models.CharField("状态", max_length=10, choices=DonationStatus.choices, default=DonationStatus.PENDING, db_index=True)
    order_no = models.CharField("支付订单号", max_length=32, blank=True, db_index=True)
    paid_at = models.DateTimeField("到账时间", null=True, blank=True, db_index=True)
    chapter_id = models.BigIntegerField("分会ID", null=True, blank=True, db_index=True)
    chapter_name = models.CharField("分会", max_length=100, blank=True)
    class_year = models.PositiveIntegerField("入学年份", null=True, blank=True, db_index=True)
    receipt_number = models.CharField("电子票据号码", max_length=40, blank=True)
    receipt_recorded_at = models.DateTimeField("票据登记时间", null=True, blank=True)
    certificate_number = models.CharField("证书编号", max_length=24, blank=True)
    certificate_code = models.TextField("证书验证码", blank=True)
    certificate_has_seal = models.BooleanField("证书盖章", default=False)
    certificate_issued_at = models.DateTimeField("证书发放时间", null=True, blank=True)
    thanked_at = models.DateTimeField("感谢邮件时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "捐赠记录"
        verbose_name_plural = "捐赠记录"
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("manage_donation", "管理捐赠记录（线下登记、改金额、退款）"),
            ("record_receipt", "登记基金会电子票据"),
            ("export_donation", "导出捐赠数据"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["receipt_number"], condition=~Q(receipt_number=""), name="giving_receipt_number_unique"),
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="giving_amount_positive"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def amount_yuan(self) -> str:
        return f"{self.amount_fen / 100:,.2f}"

    @property
    def is_locked(self) -> bool:
        return bool(self.receipt_number)

    @property
    def public_name(self) -> str:
        return "爱心校友" if self.is_anonymous else self.donor_name

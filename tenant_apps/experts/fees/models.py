"""Expert fees (专家劳务费, X8/X27): the bureau's fee standards, one workload line per attending
panel member and project, and the confirmation letters the expert signs in the H5.

A letter is a frozen snapshot of the line (amounts, project, expert) with its SHA-256; once
signed it never changes. Changing a signed line's amounts sends it back to draft: a new letter
(next version) must be sent and signed, and the old signed one stays as it was."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from core.errors import Conflict
from tenant_apps.experts.enums import TitleLevel
from tenant_apps.experts.fees.enums import FeeStatus, LetterStatus
from tenant_apps.experts.fees.errors import FeeErrorCode

ZERO = Decimal("0.00")


def money(verbose_name: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=10, decimal_places=2, default=ZERO, validators=[MinValueValidator(ZERO)], **kwargs)


class FeeStandard(models.Model):
    """A rate of the bureau's standard for review experts (劳务费标准): per half day and per day,
    for one title level (or all), with a default travel allowance, from a date on."""

    name = models.CharField("标准名称", max_length=100)
    title_level = models.CharField("适用职称级别", max_length=20, choices=TitleLevel.choices, blank=True, help_text="留空表示适用所有职称级别")
    half_day_rate = money("半天标准（元）")
    day_rate = money("全天标准（元）")
    travel_allowance = money("交通补贴默认值（元/人·项目）")
    effective_from = models.DateField("生效日期")
    is_active = models.BooleanField("启用", default=True)
    note = models.CharField("说明", max_length=300, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "劳务费标准"
        verbose_name_plural = "劳务费标准"
        ordering = ["-is_active", "title_level", "-effective_from", "-id"]

    def __str__(self) -> str:
        return self.name


class FeeLine(models.Model):
    """The workload and fee of one attending panel member for one project (工作量清单)."""

    project = models.ForeignKey("expert_panels.Project", on_delete=models.PROTECT, related_name="fee_lines", verbose_name="项目")
    member = models.ForeignKey("expert_panels.PanelMember", on_delete=models.PROTECT, related_name="fee_lines", verbose_name="评审组成员")
    expert = models.ForeignKey("experts.Expert", on_delete=models.PROTECT, related_name="fee_lines", verbose_name="专家")
    standard = models.ForeignKey(FeeStandard, null=True, blank=True, on_delete=models.SET_NULL, related_name="lines", verbose_name="适用标准")
    workload_days = models.DecimalField("工作量（天）", max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))])
    day_rate = money("全天标准（元）")
    half_day_rate = money("半天标准（元）")
    review_fee = money("评审劳务费（元）")
    travel_fee = money("交通费（元）")
    other_fee = money("其他费用（元）")
    tax_withheld = money("代扣个人所得税（元）")
    total_amount = money("应发合计（元）")
    net_amount = money("实发金额（元）")
    is_fee_manual = models.BooleanField("劳务费为手工填写", default=False)
    note = models.CharField("备注", max_length=200, blank=True)
    status = models.CharField("状态", max_length=10, choices=FeeStatus.choices, default=FeeStatus.DRAFT, db_index=True)
    current_letter = models.ForeignKey("FeeLetter", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="当前确认函")
    paid_on = models.DateField("发放日期", null=True, blank=True)
    payment_reference = models.CharField("发放凭证号", max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "劳务费明细"
        verbose_name_plural = "劳务费明细"
        ordering = ["project", "member__row", "id"]
        constraints = [models.UniqueConstraint(fields=["project", "member"], name="fees_line_unique_member")]
        indexes = [models.Index(fields=["expert", "created_at"], name="fees_line_expert")]
        permissions = [
            ("import_workload", "导入专家工作量"),
            ("send_letter", "发送劳务费确认函"),
            ("mark_paid", "登记劳务费发放"),
            ("export_payout", "导出劳务费发放表"),
            ("view_bank_account", "查看专家完整银行账号与证件号（发放表）"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}-{self.expert_id}"

    @property
    def is_locked(self) -> bool:
        return self.status == FeeStatus.PAID


class FeeLetter(models.Model):
    """A confirmation letter (劳务费确认函): an immutable snapshot of a line, signed by the expert
    in the H5 with a hand-written signature (PNG, its SHA-256, time, IP)."""

    line = models.ForeignKey(FeeLine, on_delete=models.CASCADE, related_name="letters", verbose_name="劳务费明细")
    version = models.PositiveSmallIntegerField("版本")
    number = models.CharField("确认函编号", max_length=40, unique=True)
    content = models.JSONField("确认函内容", default=dict)
    content_hash = models.CharField("内容摘要（SHA-256）", max_length=64)
    status = models.CharField("状态", max_length=10, choices=LetterStatus.choices, default=LetterStatus.SENT, db_index=True)
    sent_at = models.DateTimeField("发送时间", auto_now_add=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="发送人")
    withdrawn_at = models.DateTimeField("作废时间", null=True, blank=True)
    withdraw_reason = models.CharField("作废原因", max_length=200, blank=True)
    signed_at = models.DateTimeField("签字时间", null=True, blank=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="签字账号")
    signature = models.FileField("手写签名", upload_to="fees/signatures/%Y/%m/", blank=True)
    signature_sha256 = models.CharField("签名图片摘要（SHA-256）", max_length=64, blank=True)
    signed_ip = models.GenericIPAddressField("签字 IP", null=True, blank=True)
    signed_user_agent = models.CharField("签字设备", max_length=300, blank=True)

    class Meta:
        verbose_name = "劳务费确认函"
        verbose_name_plural = "劳务费确认函"
        ordering = ["line", "-version"]
        constraints = [models.UniqueConstraint(fields=["line", "version"], name="fees_letter_unique_version")]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs):
        # A signed letter is evidence: no code path may rewrite it.
        if self.pk and FeeLetter.objects.filter(pk=self.pk, signed_at__isnull=False).exists():
            raise Conflict("已签字的确认函不能修改。", code=FeeErrorCode.LETTER_IMMUTABLE)
        super().save(*args, **kwargs)

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

"""Mass e-mail and SMS of the alumni association (each tenant schema).

A `Campaign` is what the office composes (content, audience); sending hands it to the messaging
gateway as one `messaging.Message` (its id is kept in `message_id`), whose deliveries are the
per-recipient log. What the gateway does not know lives here: uploaded lists, opens, unsubscribed
addresses, the yearly SMS quota and the birthday greeting settings."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from core.crypto import EncryptedCharField
from tenant_apps.alumni.outreach.enums import CampaignKind, CampaignStatus, Channel, SourceKind


class OutreachTemplate(models.Model):
    """A reusable e-mail or SMS text (邮件/短信模板); e-mails use one of the built-in layouts."""

    channel = models.CharField("渠道", max_length=8, choices=Channel.choices)
    name = models.CharField("名称", max_length=100)
    subject = models.CharField("邮件标题", max_length=200, blank=True)
    body = models.TextField("内容", help_text="邮件为 HTML（保存时清理），短信为纯文本；可用 {{ name }} 表示姓名")
    layout = models.CharField("版式", max_length=32, blank=True)
    is_marketing = models.BooleanField("营销类（短信）", default=True, help_text="祝福、活动推广等均属营销短信，自动附加退订语")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="创建人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "群发模板"
        verbose_name_plural = "群发模板"
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.name


class Campaign(models.Model):
    """One mass mail or mass SMS (邮件群发/短信群发), from draft to sent."""

    kind = models.CharField("类型", max_length=10, choices=CampaignKind.choices, default=CampaignKind.MANUAL)
    channel = models.CharField("渠道", max_length=8, choices=Channel.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    layout = models.CharField("版式", max_length=32, blank=True)
    is_marketing = models.BooleanField("营销类短信", default=True)
    template = models.ForeignKey(OutreachTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="模板")
    source_kind = models.CharField("发送对象来源", max_length=10, choices=SourceKind.choices, default=SourceKind.RECORDS)
    # records: class_year, graduation_year, college_id, region; chapter: organization_id; group: group_id.
    source_filters = models.JSONField("筛选条件", default=dict, blank=True)
    # Rows of an uploaded list that were refused: [{"row": 3, "reason": "邮箱格式错误"}].
    upload_report = models.JSONField("名单导入报告", default=list, blank=True)
    status = models.CharField("状态", max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT, db_index=True)
    message_id = models.BigIntegerField("网关消息 ID", null=True, blank=True, editable=False)
    recipient_count = models.PositiveIntegerField("发送人数", default=0)
    sms_segments = models.PositiveSmallIntegerField("每条计费条数", default=0)
    sms_units = models.PositiveIntegerField("占用短信条数", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="创建人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="发送人")

    class Meta:
        verbose_name = "群发"
        verbose_name_plural = "群发"
        ordering = ["-created_at", "-id"]
        permissions = [("send_campaign", "发送邮件/短信群发")]

    def __str__(self) -> str:
        return self.title

    @property
    def source_tag(self) -> str:
        """The gateway message's `source`: our personaliser and log find the campaign by it."""
        return f"alumni_outreach:{self.pk}"


class UploadedRecipient(models.Model):
    """A row of an uploaded Excel list (name, e-mail, phone), kept encrypted."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="uploaded_recipients", verbose_name="群发")
    row_number = models.PositiveIntegerField("行号")
    name = models.CharField("姓名", max_length=50, blank=True)
    email = EncryptedCharField("邮箱", mask_kind="email")
    phone = EncryptedCharField("手机号", mask_kind="phone")

    class Meta:
        verbose_name = "上传名单"
        verbose_name_plural = "上传名单"
        ordering = ["campaign", "row_number"]

    def __str__(self) -> str:
        return f"{self.campaign_id}#{self.row_number}"


class EmailOpen(models.Model):
    """A mass mail opened (the tracking image was loaded), once per delivery."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="opens", verbose_name="群发")
    delivery_id = models.BigIntegerField("发送记录 ID", unique=True)
    opened_at = models.DateTimeField("首次打开", auto_now_add=True)
    open_count = models.PositiveIntegerField("打开次数", default=1)

    class Meta:
        verbose_name = "邮件打开"
        verbose_name_plural = "邮件打开"

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.delivery_id}"


class Unsubscribe(models.Model):
    """An address that refused mass mail or marketing SMS: never sent to again (keyed hash only)."""

    channel = models.CharField("渠道", max_length=8, choices=Channel.choices)
    address_hash = models.CharField(max_length=64)
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="来自群发")
    created_at = models.DateTimeField("退订时间", auto_now_add=True)

    class Meta:
        verbose_name = "退订"
        verbose_name_plural = "退订"
        constraints = [models.UniqueConstraint(fields=["channel", "address_hash"], name="outreach_unsubscribe_once")]

    def __str__(self) -> str:
        return f"{self.channel}:{self.address_hash[:8]}"


class SmsQuota(models.Model):
    """The tenant's SMS allowance for one calendar year (每年短信总量), counted in billed segments."""

    year = models.PositiveSmallIntegerField("年份", unique=True)
    limit = models.PositiveIntegerField("年度总量")
    used = models.PositiveIntegerField("已使用", default=0)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "短信额度"
        verbose_name_plural = "短信额度"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.used}/{self.limit}"

    @property
    def balance(self) -> int:
        return max(0, self.limit - self.used)


class BirthdaySetting(models.Model):
    """Automatic birthday greetings by SMS (生日短信), one row per tenant."""

    is_enabled = models.BooleanField("启用", default=False)
    text = models.CharField("祝福内容", max_length=300, default="{{ name }}校友，生日快乐！母校和校友会祝您幸福安康、万事顺意。")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "生日祝福设置"
        verbose_name_plural = "生日祝福设置"

    def __str__(self) -> str:
        return "生日祝福设置"


class BirthdayRun(models.Model):
    """One day's greetings: the unique date makes the daily job send at most once a day."""

    date = models.DateField("日期", unique=True)
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="群发")
    recipient_count = models.PositiveIntegerField("人数", default=0)
    note = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "生日祝福记录"
        verbose_name_plural = "生日祝福记录"
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date}"

"""Merchant settings (encrypted), orders in fen, refunds, received notifications (applied once)
and the daily reconciliation against WeChat Pay's bill."""

from __future__ import annotations

from django.db import models

from core.crypto import EncryptedCharField
from tenant_apps.payments.enums import (
    KeyMode,
    OrderStatus,
    PayMode,
    ReconciliationStatus,
    RefundStatus,
)


class MerchantSettings(models.Model):
    """The tenant's WeChat Pay merchant. One row; secrets encrypted at rest.

    Direct mode (直连商户): `appid`/`mchid` are the school's own and the keys are its merchant
    keys. Partner mode (服务商模式): `appid`/`mchid` are the service provider's sp_appid/sp_mchid,
    the keys are the service provider's, and payments go to the school's `sub_mchid`
    (with `sub_appid`, the school's official account whose openids pay, when set)."""

    pay_mode = models.CharField("接入方式", max_length=10, choices=PayMode.choices, default=PayMode.DIRECT)
    appid = models.CharField("公众号 AppID（服务商模式为 sp_appid）", max_length=32)
    mchid = models.CharField("商户号（服务商模式为 sp_mchid）", max_length=32)
    sub_mchid = models.CharField("特约商户号 sub_mchid", max_length=32, blank=True)
    sub_appid = models.CharField("特约商户公众号 sub_appid", max_length=32, blank=True)
    cert_serial_no = models.CharField("商户证书序列号", max_length=64)
    private_key = EncryptedCharField("商户 API 私钥（PEM）", mask_kind="secret")
    apiv3_key = EncryptedCharField("APIv3 密钥", mask_kind="secret")
    key_mode = models.CharField("验签方式", max_length=20, choices=KeyMode.choices, default=KeyMode.PUBLIC_KEY)
    public_key = models.TextField("微信支付公钥（PEM）", blank=True)
    public_key_id = models.CharField("微信支付公钥ID", max_length=64, blank=True)
    is_enabled = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "微信支付商户设置"
        verbose_name_plural = verbose_name
        permissions = [("manage_payments", "管理支付（退款、对账）")]

    def __str__(self) -> str:
        return f"{self.mchid}/{self.sub_mchid}" if self.is_partner else self.mchid

    @property
    def is_partner(self) -> bool:
        return self.pay_mode == PayMode.PARTNER

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.is_partner and not self.sub_mchid:
            raise ValidationError({"sub_mchid": "服务商模式须填写特约商户号（sub_mchid）。"})


class Order(models.Model):
    """One JSAPI payment. `purpose` + `reference` say what it pays for (e.g. an activity
    registration); the app that owns the purpose learns of payment and refunds by hook events."""

    out_trade_no = models.CharField("商户订单号", max_length=32, unique=True)
    purpose = models.CharField("用途", max_length=40, db_index=True)
    reference = models.CharField("业务对象", max_length=64, db_index=True)
    description = models.CharField("商品描述", max_length=127)
    amount_fen = models.PositiveIntegerField("金额（分）")
    payer_user_id = models.BigIntegerField("付款人ID", null=True, blank=True, db_index=True)
    payer_openid = models.CharField("付款人 openid", max_length=64, blank=True)
    sub_mchid = models.CharField("特约商户号", max_length=32, blank=True, help_text="服务商模式下单时的 sub_mchid；直连为空")
    beneficiary_label = models.CharField("受益人", max_length=100, blank=True)
    status = models.CharField("状态", max_length=20, choices=OrderStatus.choices, default=OrderStatus.CREATED, db_index=True)
    prepay_id = models.CharField("预支付ID", max_length=64, blank=True)
    transaction_id = models.CharField("微信支付单号", max_length=32, blank=True, db_index=True)
    expires_at = models.DateTimeField("支付截止")
    paid_at = models.DateTimeField("支付时间", null=True, blank=True)
    refunded_fen = models.PositiveIntegerField("已退款（分）", default=0)
    created_at = models.DateTimeField("创建时间", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "支付订单"
        verbose_name_plural = "支付订单"
        ordering = ["-id"]
        constraints = [models.CheckConstraint(condition=models.Q(refunded_fen__lte=models.F("amount_fen")), name="refunds_within_order")]

    def __str__(self) -> str:
        return self.out_trade_no

    @property
    def amount_yuan(self) -> str:
        return f"{self.amount_fen / 100:.2f}"


class Refund(models.Model):
    """A refund with its own number: asking again with the same number never refunds twice."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="refunds", verbose_name="订单")
    out_refund_no = models.CharField("商户退款单号", max_length=64, unique=True)
    amount_fen = models.PositiveIntegerField("退款金额（分）")
    reason = models.CharField("原因", max_length=80, blank=True)
    status = models.CharField("状态", max_length=20, choices=RefundStatus.choices, default=RefundStatus.PROCESSING, db_index=True)
    refund_id = models.CharField("微信退款单号", max_length=32, blank=True)
    requested_by_id = models.BigIntegerField("申请人ID", null=True, blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "退款"
        verbose_name_plural = "退款"
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.out_refund_no


class Notification(models.Model):
    """A notification id WeChat Pay sent us; the unique id makes a redelivery a no-op."""

    notification_id = models.CharField("通知ID", max_length=64, unique=True)
    event_type = models.CharField("事件", max_length=40)
    out_trade_no = models.CharField("商户订单号", max_length=32, blank=True, db_index=True)
    received_at = models.DateTimeField("接收时间", auto_now_add=True)

    class Meta:
        verbose_name = "支付通知"
        verbose_name_plural = "支付通知"
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.notification_id


class Reconciliation(models.Model):
    """对账: one day's trade bill compared with our orders and refunds."""

    bill_date = models.DateField("账单日期", unique=True)
    status = models.CharField("结果", max_length=20, choices=ReconciliationStatus.choices)
    bill_rows = models.PositiveIntegerField("账单笔数", default=0)
    matched_rows = models.PositiveIntegerField("一致笔数", default=0)
    differences = models.JSONField("差异", default=list, blank=True)
    error = models.CharField("错误", max_length=300, blank=True)
    finished_at = models.DateTimeField("完成时间", auto_now=True)

    class Meta:
        verbose_name = "对账"
        verbose_name_plural = "对账"
        ordering = ["-bill_date"]

    def __str__(self) -> str:
        return str(self.bill_date)

"""Plans, subscriptions, Stripe events and invoices (public schema)."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from shared_apps.billing.enums import SUBSCRIPTION_STATUS_LABELS, Interval


class Plan(models.Model):
    """What a tenant buys: modules, limits and prices. Prices in fen (CNY cents)."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=100)
    description = models.CharField("说明", max_length=300, blank=True)
    modules = ArrayField(models.CharField(max_length=20), default=list, verbose_name="包含模块")
    limits = models.JSONField("额度", default=dict, blank=True, help_text='例如 {"users": 500, "students": 20000, "experts": 5000}')
    price_month = models.PositiveIntegerField("月价（分）", default=0)
    price_year = models.PositiveIntegerField("年价（分）", default=0)
    currency = models.CharField("币种", max_length=3, default="cny")
    stripe_product = models.CharField("Stripe 产品 ID", max_length=100, blank=True)
    stripe_price_month = models.CharField("Stripe 月价 ID", max_length=100, blank=True)
    stripe_price_year = models.CharField("Stripe 年价 ID", max_length=100, blank=True)
    trial_days = models.PositiveIntegerField("试用天数", default=0)
    trial_without_card = models.BooleanField("免绑卡试用", default=False)
    is_public = models.BooleanField("在官网展示", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "套餐"
        verbose_name_plural = "套餐"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name

    def stripe_price(self, interval: str) -> str:
        return self.stripe_price_year if interval == Interval.YEAR else self.stripe_price_month


class Subscription(models.Model):
    """The tenant's Stripe customer and subscription, mirrored from Stripe's objects."""

    tenant = models.OneToOneField("provisioning.Tenant", on_delete=models.CASCADE, related_name="subscription")
    stripe_customer_id = models.CharField(max_length=100, blank=True, db_index=True)
    stripe_subscription_id = models.CharField(max_length=100, blank=True, db_index=True)
    status = models.CharField("订阅状态", max_length=30, blank=True)
    plan_code = models.CharField("套餐", max_length=40, blank=True)
    interval = models.CharField("周期", max_length=10, choices=Interval.choices, default=Interval.MONTH)
    current_period_end = models.DateTimeField("本期结束", null=True, blank=True)
    cancel_at_period_end = models.BooleanField("期末取消", default=False)
    past_due_since = models.DateTimeField("欠费开始", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "订阅"
        verbose_name_plural = "订阅"

    def __str__(self) -> str:
        return f"{self.tenant_id}: {self.status or '—'}"

    @property
    def status_label(self) -> str:
        return SUBSCRIPTION_STATUS_LABELS.get(self.status, self.status or "—")


class StripeEvent(models.Model):
    """Each webhook event id is stored once: a replay changes nothing."""

    event_id = models.CharField(max_length=100, unique=True)
    type = models.CharField(max_length=100, db_index=True)
    received_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = "Stripe 事件"
        verbose_name_plural = "Stripe 事件"
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"


class Invoice(models.Model):
    tenant = models.ForeignKey("provisioning.Tenant", on_delete=models.CASCADE, related_name="invoices")
    stripe_invoice_id = models.CharField(max_length=100, unique=True)
    number = models.CharField("发票号", max_length=100, blank=True)
    status = models.CharField("状态", max_length=30)
    amount_due = models.PositiveIntegerField("应付（分）", default=0)
    amount_paid = models.PositiveIntegerField("已付（分）", default=0)
    currency = models.CharField(max_length=3, default="cny")
    hosted_invoice_url = models.URLField(max_length=500, blank=True)
    invoice_pdf = models.URLField(max_length=500, blank=True)
    period_start = models.DateTimeField(null=True, blank=True)
    period_end = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "账单"
        verbose_name_plural = "账单"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.number or self.stripe_invoice_id

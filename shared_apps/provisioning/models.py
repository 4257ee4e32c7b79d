"""Tenants and their domains (public schema)."""

from __future__ import annotations

import datetime
import uuid

from django.contrib.postgres.fields import ArrayField
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django_tenants.models import DomainMixin, TenantMixin

from core.crypto import EncryptedCharField
from shared_apps.provisioning.enums import Module, TenantStatus, TenantType

slug_validator = RegexValidator(
    r"^[a-z][a-z0-9]{1,29}$",
    "子域名须以小写字母开头，只含小写字母和数字，长度 2-30。",
    code="invalid_slug",
)


class Tenant(TenantMixin):
    """A school or an expert bureau. `schema_name` is its slug and its sub-domain."""

    name = models.CharField("单位名称", max_length=200)
    type = models.CharField("类型", max_length=20, choices=TenantType.choices, default=TenantType.UNIVERSITY)
    status = models.CharField("状态", max_length=20, choices=TenantStatus.choices, default=TenantStatus.PROVISIONING, db_index=True)
    modules = ArrayField(models.CharField(max_length=20, choices=Module.choices), default=list, blank=True, verbose_name="已开通模块")
    plan = models.CharField("套餐", max_length=50, default="standard")
    paid_offline_until = models.DateField("线下合同付费至", null=True, blank=True)
    contact_email = models.EmailField("联系邮箱", blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    # The last request by a signed-in user (core.tenancy.TenantActivityMiddleware, ±5 minutes).
    last_activity_at = models.DateTimeField("最近活动", null=True, blank=True)
    # Where the schema lives, so schemas can move to other database nodes later.
    database_node = models.CharField("数据库节点", max_length=50, default="default")

    auto_create_schema = True
    auto_drop_schema = False

    class Meta:
        verbose_name = "租户"
        verbose_name_plural = "租户"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def slug(self) -> str:
        return self.schema_name

    @property
    def effective_status(self) -> str:
        """Offline (contract) payment until a date makes the tenant behave as active."""
        if self.paid_offline_until and self.paid_offline_until >= datetime.date.today() and self.status in {
            TenantStatus.PAST_DUE, TenantStatus.READ_ONLY, TenantStatus.SUSPENDED
        }:
            return TenantStatus.ACTIVE
        return self.status

    def has_module(self, module: str) -> bool:
        return module in (self.modules or [])


class Domain(DomainMixin):
    class Meta:
        verbose_name = "域名"
        verbose_name_plural = "域名"


class SpareSchema(models.Model):
    """A fully migrated, empty tenant schema waiting to be renamed into a new tenant's schema.

    `fingerprint` is the migration state it was migrated to; a spare whose fingerprint is not the
    current one is migrated before it is handed out (see provisioning.pool).
    """

    name = models.CharField("模式名", max_length=63, unique=True)
    fingerprint = models.CharField("迁移指纹", max_length=64)
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "备用模式"
        verbose_name_plural = "备用模式"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name


class SignupRequest(models.Model):
    """A school or bureau signing up on the public site, from the form to its first login.

    The sub-domain is reserved while the request is pending (until `expires_at`), so it is
    never given to two sign-ups; a failed or expired request releases it.
    """

    class Status(models.TextChoices):
        PENDING_VERIFICATION = "pending_verification", "待验证邮箱"
        AWAITING_PAYMENT = "awaiting_payment", "待支付"
        QUEUED = "queued", "排队开通"
        PROVISIONING = "provisioning", "开通中"
        READY = "ready", "已开通"
        FAILED = "failed", "开通失败"
        EXPIRED = "expired", "已过期"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submit_token = models.CharField(max_length=64, unique=True)
    org_name = models.CharField("单位名称", max_length=200)
    type = models.CharField("类型", max_length=20, choices=TenantType.choices)
    slug = models.CharField("子域名", max_length=30, db_index=True)
    admin_name = models.CharField("管理员姓名", max_length=100)
    # Encrypted at rest (P12): nothing looks a sign-up up by these, they are only sent to.
    admin_email = EncryptedCharField("管理员邮箱", mask_kind="email")
    admin_phone = EncryptedCharField("管理员手机", mask_kind="phone")
    admin_username = models.CharField("管理员账号", max_length=150, default="admin")
    password_hash = models.CharField(max_length=200)
    modules = ArrayField(models.CharField(max_length=20), default=list)
    plan = models.CharField("套餐", max_length=40)
    interval = models.CharField("周期", max_length=10, default="month")
    status = models.CharField("状态", max_length=30, choices=Status.choices, default=Status.PENDING_VERIFICATION, db_index=True)
    verify_token_hash = models.CharField(max_length=64, db_index=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField("保留至")
    checkout_session_id = models.CharField(max_length=200, blank=True, db_index=True)
    stripe_customer_id = models.CharField(max_length=100, blank=True)
    stripe_subscription_id = models.CharField(max_length=100, blank=True)
    progress = models.PositiveSmallIntegerField("进度", default=0)
    progress_note = models.CharField("进度说明", max_length=200, blank=True)
    error = models.CharField("失败原因", max_length=500, blank=True)
    tenant_id_created = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "注册申请"
        verbose_name_plural = "注册申请"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.org_name} ({self.slug})"

    @property
    def holds_slug(self) -> bool:
        active = {self.Status.PENDING_VERIFICATION, self.Status.AWAITING_PAYMENT, self.Status.QUEUED, self.Status.PROVISIONING}
        return self.status in active and self.expires_at > timezone.now()

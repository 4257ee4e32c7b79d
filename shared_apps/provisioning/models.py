"""Tenants and their domains (public schema)."""

from __future__ import annotations

import datetime

from django.contrib.postgres.fields import ArrayField
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django_tenants.models import DomainMixin, TenantMixin

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

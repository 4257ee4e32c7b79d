"""A tenant's own domain (P1), e.g. jy.example.edu.cn next to <slug>.<BASE_DOMAIN>. Public schema.

It is served only once proven: the tenant publishes a TXT record holding `token`, we check it
through the resolver in settings, and then a django-tenants Domain row routes the host."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils import timezone

from shared_apps.domains.enums import TXT_LABEL, TXT_PREFIX, DomainStatus


def _token() -> str:
    return secrets.token_hex(16)


class CustomDomain(models.Model):
    tenant = models.ForeignKey("provisioning.Tenant", on_delete=models.CASCADE, related_name="custom_domains", verbose_name="租户")
    domain = models.CharField("域名", max_length=253, unique=True)
    token = models.CharField("验证码", max_length=64, default=_token, editable=False)
    status = models.CharField("状态", max_length=20, choices=DomainStatus.choices, default=DomainStatus.PENDING, db_index=True)
    created_at = models.DateTimeField("添加时间", default=timezone.now)
    created_by_label = models.CharField("添加人", max_length=150, blank=True)
    last_checked_at = models.DateTimeField("最近检查", null=True, blank=True)
    last_error = models.CharField("最近检查结果", max_length=300, blank=True)
    verified_at = models.DateTimeField("生效时间", null=True, blank=True)

    class Meta:
        verbose_name = "自定义域名"
        verbose_name_plural = "自定义域名"
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain

    @property
    def txt_name(self) -> str:
        return f"{TXT_LABEL}.{self.domain}"

    @property
    def txt_value(self) -> str:
        return f"{TXT_PREFIX}{self.token}"

"""Console tables (public schema only): vendor staff's second factor and impersonation grants.

Vendor staff are users of the public schema. Their ids are stored as plain integers, not as
foreign keys: the user model also exists in every tenant schema, and a cascading delete run
inside a tenant (search_path "tenant, public") must never reach these rows.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils import timezone

from core.crypto import EncryptedCharField


class StaffSecondFactor(models.Model):
    """A vendor staff member's TOTP authenticator (RFC 6238, 30-second steps, 6 digits).

    `last_used_step` is the time step of the last accepted code: a code is accepted only for a
    later step, so a code (or an older one) cannot be replayed within its window.
    """

    user_id = models.BigIntegerField("员工 ID", unique=True)
    secret = EncryptedCharField("TOTP 密钥")
    confirmed_at = models.DateTimeField("启用时间", null=True, blank=True)
    last_used_step = models.BigIntegerField("最近使用的时间步", default=0)
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "两步验证"
        verbose_name_plural = "两步验证"

    def __str__(self) -> str:
        return f"TOTP #{self.user_id}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


def _nonce() -> str:
    return secrets.token_urlsafe(24)


class ImpersonationGrant(models.Model):
    """Vendor staff entering a tenant's back office as one of its users, for a reason.

    The console hands out a signed token naming this grant; the tenant host redeems it once
    (`redeemed_at`) within a minute, and the session it opens ends at `expires_at` at the latest.
    """

    tenant = models.ForeignKey("provisioning.Tenant", on_delete=models.CASCADE, related_name="impersonation_grants", verbose_name="租户")
    staff_user_id = models.BigIntegerField("平台员工 ID")
    staff_label = models.CharField("平台员工", max_length=150)
    target_user_id = models.BigIntegerField("代为登录的用户 ID")
    target_label = models.CharField("代为登录的用户", max_length=150)
    reason = models.CharField("原因", max_length=500)
    minutes = models.PositiveSmallIntegerField("时长（分钟）", default=30)
    nonce = models.CharField(max_length=64, unique=True, default=_nonce, editable=False)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    redeemed_at = models.DateTimeField("进入时间", null=True, blank=True)
    expires_at = models.DateTimeField("到期时间", null=True, blank=True)
    ended_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "代为登录"
        verbose_name_plural = "代为登录"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.staff_label} → {self.target_label}"

"""Per-tenant signing keys, the revocation list and uploaded door scans."""

from __future__ import annotations

from django.db import models


class TicketKey(models.Model):
    """The tenant's ticket signing key. One is active; retired keys still verify old tickets."""

    key_id = models.CharField("密钥编号", max_length=16, unique=True)
    private_key = models.TextField("私钥（加密）")
    public_key = models.TextField("公钥（SPKI，Base64）")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    retired_at = models.DateTimeField("停用时间", null=True, blank=True)

    class Meta:
        verbose_name = "电子票签名密钥"
        verbose_name_plural = verbose_name
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.key_id


class RevokedTicket(models.Model):
    """A ticket that must not open the door any more (cancelled, refunded, replaced)."""

    scope = models.CharField("范围", max_length=64, db_index=True)
    serial = models.CharField("票号", max_length=32, unique=True)
    reason = models.CharField("原因", max_length=200, blank=True)
    revoked_at = models.DateTimeField("作废时间", auto_now_add=True)

    class Meta:
        verbose_name = "作废电子票"
        verbose_name_plural = verbose_name
        ordering = ["-revoked_at", "-id"]

    def __str__(self) -> str:
        return self.serial


class TicketScan(models.Model):
    """One scan at a door, online or uploaded later. `nonce` (made by the device) makes a
    re-uploaded scan a no-op; `status` is recomputed by reconciliation: the earliest valid
    scan of a serial admits, later ones are duplicates."""

    class Status(models.TextChoices):
        ADMITTED = "admitted", "已入场"
        DUPLICATE = "duplicate", "重复入场"
        REVOKED = "revoked", "已作废"
        INVALID = "invalid", "无效票"
        WRONG_SCOPE = "wrong_scope", "非本场票"

    scope = models.CharField("范围", max_length=64, db_index=True)
    nonce = models.CharField("扫描编号", max_length=64, unique=True)
    serial = models.CharField("票号", max_length=32, blank=True, db_index=True)
    subject = models.CharField("持票对象", max_length=64, blank=True)
    code = models.TextField("票码", blank=True)
    device = models.CharField("设备", max_length=64, blank=True)
    scanned_at = models.DateTimeField("扫描时间")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    uploaded_by_id = models.BigIntegerField("上传人ID", null=True, blank=True)
    device_status = models.CharField("设备判定", max_length=16, blank=True)
    status = models.CharField("核对结果", max_length=16, choices=Status.choices)

    class Meta:
        verbose_name = "检票记录"
        verbose_name_plural = verbose_name
        ordering = ["scanned_at", "id"]
        indexes = [models.Index(fields=["scope", "serial", "scanned_at"], name="core_ticket_scope_serial")]

    def __str__(self) -> str:
        return f"{self.serial} {self.status}"

"""The cloud card (校友云卡, A10): one card per verified alumnus, partner institutions with their
own QR codes, the log of every scan and every staff check, coupons, and key alumni.

A scan is an alumnus opening a partner's QR on their phone; the page it opens shows a live
verification (a moving element, a clock and a token the server signed a few seconds ago). A
check is the partner's staff asking the server whether such a token is genuine and fresh: a
screenshot carries an old token and is refused."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models

from core.files import TenantFileField
from tenant_apps.alumni.card.enums import (
    CardStatus,
    CheckResult,
    CheckVia,
    CouponKind,
    CouponStatus,
    PartnerCategory,
)


def new_key() -> str:
    return secrets.token_urlsafe(16)


class CardSettings(models.Model):
    """The tenant's card: its name, logo and claim rules (one row per tenant). The claim link and
    its QR are the same URL for everyone: only verified alumni can claim, so it needs no secret."""

    name = models.CharField("云卡名称", max_length=50, default="校友云卡")
    logo = TenantFileField("LOGO", upload_to="alumni/card/", blank=True, kind="image")
    tagline = models.CharField("卡面标语", max_length=100, blank=True, default="认证校友专属 · 扫码享合作机构服务")
    claim_intro = models.TextField("领取说明", blank=True, default="")
    is_claim_open = models.BooleanField("开放领取", default=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "云卡设置"
        verbose_name_plural = "云卡设置"
        permissions = [
            ("manage_key_alumni", "管理重点校友"),
            ("receive_key_alert", "接收重点校友扫码提醒"),
            ("issue_coupon", "发放电子券"),
        ]

    def __str__(self) -> str:
        return self.name


class Card(models.Model):
    """A verified alumnus's card. Claimed once; revoking keeps the row and its history."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alumni_card", verbose_name="持卡校友")
    member = models.ForeignKey("alumni_records.Member", null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="注册校友")
    number = models.CharField("卡号", max_length=20, unique=True)
    holder_name = models.CharField("持卡人", max_length=50)
    class_year = models.PositiveIntegerField("入学年份", null=True, blank=True)
    college = models.CharField("院系", max_length=100, blank=True)
    status = models.CharField("状态", max_length=10, choices=CardStatus.choices, default=CardStatus.ACTIVE, db_index=True)
    claimed_via = models.CharField("领取方式", max_length=10, blank=True)
    claimed_at = models.DateTimeField("领取时间", auto_now_add=True, db_index=True)
    revoked_at = models.DateTimeField("停用时间", null=True, blank=True)
    revoke_reason = models.CharField("停用原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "云卡"
        verbose_name_plural = "云卡"
        ordering = ["-claimed_at", "-pk"]
        permissions = [("revoke_card", "停用云卡")]

    def __str__(self) -> str:
        return f"{self.holder_name} {self.number}"

    @property
    def is_active(self) -> bool:
        return self.status == CardStatus.ACTIVE


class KeyAlumnus(models.Model):
    """An alumnus the association wants to know about when they use the card (重点校友). Kept on
    the record, so the flag holds before the card is claimed and survives a re-claim."""

    record = models.OneToOneField("alumni_records.AlumniRecord", on_delete=models.CASCADE, related_name="+", verbose_name="校友档案")
    note = models.CharField("备注", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="设置人")
    created_at = models.DateTimeField("设置时间", auto_now_add=True)

    class Meta:
        verbose_name = "重点校友"
        verbose_name_plural = "重点校友"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return str(self.record_id)


class Partner(models.Model):
    """A partner institution (合作机构): its QR (qr_key, printed at its desk) opens the live
    verification on an alumnus's phone; its staff link (staff_key) checks what it shows."""

    name = models.CharField("机构名称", max_length=100)
    category = models.CharField("类别", max_length=20, choices=PartnerCategory.choices, default=PartnerCategory.OTHER)
    offer = models.TextField("校友权益", blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    contact = models.CharField("联系电话（机构）", max_length=40, blank=True)
    logo = TenantFileField("LOGO", upload_to="alumni/card/partners/", blank=True, kind="image")
    qr_key = models.CharField("二维码密钥", max_length=32, unique=True, default=new_key, editable=False)
    staff_key = models.CharField("核验链接密钥", max_length=32, unique=True, default=new_key, editable=False)
    is_active = models.BooleanField("合作中", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "合作机构"
        verbose_name_plural = "合作机构"
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class Scan(models.Model):
    """An alumnus scanned a partner's QR with the card (opened its live verification)."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="scans", verbose_name="合作机构")
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="scans", verbose_name="云卡")
    scanned_at = models.DateTimeField("扫码时间", auto_now_add=True, db_index=True)
    in_wechat = models.BooleanField("微信内", default=False)
    is_key_alumnus = models.BooleanField("重点校友", default=False)
    alert_sent = models.BooleanField("已提醒", default=False)

    class Meta:
        verbose_name = "扫码记录"
        verbose_name_plural = "扫码记录"
        ordering = ["-scanned_at", "-pk"]
        indexes = [models.Index(fields=["partner", "-scanned_at"], name="alumni_card_scan_partner")]

    def __str__(self) -> str:
        return f"{self.card_id}@{self.partner_id}"


class Check(models.Model):
    """The partner's staff checked a live token: accepted, or refused with the reason."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="checks", verbose_name="核验机构")
    scan = models.ForeignKey(Scan, null=True, blank=True, on_delete=models.SET_NULL, related_name="checks", verbose_name="扫码记录")
    result = models.CharField("结果", max_length=20, choices=CheckResult.choices, db_index=True)
    token_age = models.PositiveIntegerField("令牌生成后秒数", null=True, blank=True)
    via = models.CharField("方式", max_length=20, choices=CheckVia.choices, default=CheckVia.STAFF_PAGE)
    checked_at = models.DateTimeField("核验时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "核验记录"
        verbose_name_plural = "核验记录"
        ordering = ["-checked_at", "-pk"]

    def __str__(self) -> str:
        return self.result


class CouponBatch(models.Model):
    """A kind of e-coupon the association hands out (餐券、停车券、优惠券). `partner` empty means
    any partner; `activity_id` links the batch to an activity whose checked-in attendees get it."""

    name = models.CharField("券名称", max_length=50)
    kind = models.CharField("类型", max_length=10, choices=CouponKind.choices, default=CouponKind.MEAL)
    value_text = models.CharField("面值/折扣", max_length=30, blank=True)
    description = models.CharField("使用说明", max_length=300, blank=True)
    partner = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.PROTECT, related_name="coupon_batches", verbose_name="限用机构")
    valid_from = models.DateTimeField("生效时间")
    valid_until = models.DateTimeField("失效时间")
    total_limit = models.PositiveIntegerField("发放上限", null=True, blank=True)
    activity_id = models.BigIntegerField("关联活动ID", null=True, blank=True, db_index=True)
    is_active = models.BooleanField("启用", default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="创建人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "电子券批次"
        verbose_name_plural = "电子券批次"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name


class Coupon(models.Model):
    """One coupon held by one person (at most one per batch), redeemed once: the redeeming
    UPDATE only matches while the status is still `issued`, so the database decides."""

    batch = models.ForeignKey(CouponBatch, on_delete=models.CASCADE, related_name="coupons", verbose_name="批次")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="持有人")
    code = models.CharField("券号", max_length=16, unique=True)
    status = models.CharField("状态", max_length=10, choices=CouponStatus.choices, default=CouponStatus.ISSUED, db_index=True)
    source = models.CharField("来源", max_length=20, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="发放人")
    issued_at = models.DateTimeField("发放时间", auto_now_add=True)
    redeemed_at = models.DateTimeField("使用时间", null=True, blank=True, db_index=True)
    redeemed_partner = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.SET_NULL, related_name="redemptions", verbose_name="使用机构")
    redeemed_scan = models.ForeignKey(Scan, null=True, blank=True, on_delete=models.SET_NULL, related_name="redemptions", verbose_name="扫码记录")

    class Meta:
        verbose_name = "电子券"
        verbose_name_plural = "电子券"
        ordering = ["-issued_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["batch", "user"], name="alumni_card_one_coupon_per_batch")]

    def __str__(self) -> str:
        return self.code

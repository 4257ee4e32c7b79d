"""Activities, ticket types, registrations with a waiting list, invitation codes, the activity
black list and comments. Places are counted in `places_taken` columns that a CHECK constraint
keeps at or below capacity: the database, not the page, refuses the place after the last."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q

from core.crypto import EncryptedCharField
from core.files import TenantFileField
from tenant_apps.alumni.activities.enums import (
    FINISHED,
    ActivityStatus,
    CommentStatus,
    OrganiserKind,
    PhotoSource,
    PhotoStatus,
    RegistrationStatus,
)


class Activity(models.Model):
    """校友活动: offline or online, free or paid, organised by the association, a chapter or an alumnus."""

    title = models.CharField("活动名称", max_length=120)
    summary = models.CharField("简介", max_length=300, blank=True)
    description = models.TextField("活动详情", blank=True)
    place = models.CharField("地点", max_length=200, blank=True)
    city = models.CharField("城市", max_length=50, blank=True, db_index=True)
    is_online = models.BooleanField("线上活动", default=False)
    starts_at = models.DateTimeField("开始时间", db_index=True)
    ends_at = models.DateTimeField("结束时间")
    registration_closes_at = models.DateTimeField("报名截止", null=True, blank=True)
    tags = ArrayField(models.CharField(max_length=20), verbose_name="标签", default=list, blank=True)
    organiser_kind = models.CharField("发起方", max_length=20, choices=OrganiserKind.choices, default=OrganiserKind.ASSOCIATION)
    organiser_name = models.CharField("主办方名称", max_length=100, blank=True)
    chapter_id = models.BigIntegerField("分会ID", null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="发起人")
    status = models.CharField("状态", max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.DRAFT, db_index=True)
    review_note = models.CharField("审核意见", max_length=200, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True, db_index=True)
    is_pinned = models.BooleanField("置顶", default=False)
    is_recommended = models.BooleanField("推荐", default=False)
    capacity = models.PositiveIntegerField("总名额", default=100)
    places_taken = models.PositiveIntegerField("已占名额", default=0)
    requires_review = models.BooleanField("报名需审核", default=False)
    waitlist_enabled = models.BooleanField("开启候补", default=True)
    offer_hours = models.PositiveIntegerField("候补名额保留小时数", default=24)
    payment_minutes = models.PositiveIntegerField("待支付保留分钟数", default=15)
    blacklist_enabled = models.BooleanField("启用活动黑名单", default=True)
    form_fields = models.JSONField("报名表字段", default=list, blank=True)
    assign_seats = models.BooleanField("签到时分配座位/桌号", default=False)
    deleted_at = models.DateTimeField("删除时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "活动"
        verbose_name_plural = "活动"
        ordering = ["-is_pinned", "-starts_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(places_taken__lte=F("capacity")), name="activity_not_oversold")]
        permissions = [
            ("review_activity", "审核活动"),
            ("manage_registration", "管理报名（审核、请退、签到、导出）"),
            ("checkin_activity", "现场检票"),
            ("moderate_comment", "管理活动评论"),
            ("manage_blacklist", "管理活动黑名单"),
            ("run_lottery", "活动抽奖"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_paid(self) -> bool:
        return any(t.price_fen for t in self.ticket_types.all())

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.places_taken, 0)

    @property
    def ticket_scope(self) -> str:
        return f"activity:{self.pk}"


class TicketType(models.Model):
    """票种: a price in fen (0 = free) and its own capacity inside the activity's."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="ticket_types", verbose_name="活动")
    name = models.CharField("票种", max_length=50)
    price_fen = models.PositiveIntegerField("价格（分）", default=0)
    capacity = models.PositiveIntegerField("名额", default=100)
    places_taken = models.PositiveIntegerField("已占名额", default=0)
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("可报名", default=True)

    class Meta:
        verbose_name = "票种"
        verbose_name_plural = "票种"
        ordering = ["sort_order", "id"]
        constraints = [models.CheckConstraint(condition=Q(places_taken__lte=F("capacity")), name="ticket_type_not_oversold")]

    def __str__(self) -> str:
        return self.name

    @property
    def price_yuan(self) -> str:
        return f"{self.price_fen / 100:.2f}"


class Invitation(models.Model):
    """活动邀约: an invitation code for a guest, valid for one or a limited number of uses."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="invitations", verbose_name="活动")
    code = models.CharField("邀请码", max_length=16, unique=True)
    guest_name = models.CharField("嘉宾", max_length=50, blank=True)
    max_uses = models.PositiveIntegerField("可用次数", default=1)
    uses = models.PositiveIntegerField("已用次数", default=0)
    ticket_type = models.ForeignKey(TicketType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="限定票种")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "邀请码"
        verbose_name_plural = "邀请码"
        ordering = ["-id"]
        constraints = [models.CheckConstraint(condition=Q(uses__lte=F("max_uses")), name="invitation_uses_within_limit")]

    def __str__(self) -> str:
        return self.code


class Registration(models.Model):
    """报名: one attendee's place (or place in the waiting list). The payer may be someone else."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="registrations", verbose_name="活动")
    ticket_type = models.ForeignKey(TicketType, on_delete=models.PROTECT, related_name="registrations", verbose_name="票种")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="activity_registrations", verbose_name="报名人")
    attendee_name = models.CharField("参加人", max_length=50)
    attendee_phone = EncryptedCharField("参加人手机号", mask_kind="phone")
    attendee_phone_hash = models.CharField(max_length=64, editable=False, db_index=True)
    answers = models.JSONField("报名表", default=dict, blank=True)
    invitation = models.ForeignKey(Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="registrations", verbose_name="邀请码")
    status = models.CharField("状态", max_length=20, choices=RegistrationStatus.choices, db_index=True)
    reason = models.CharField("原因", max_length=200, blank=True)
    amount_fen = models.PositiveIntegerField("应付（分）", default=0)
    order_no = models.CharField("支付订单号", max_length=32, blank=True, db_index=True)
    payment_due_at = models.DateTimeField("支付截止", null=True, blank=True)
    paid_at = models.DateTimeField("支付时间", null=True, blank=True)
    waitlisted_at = models.DateTimeField("候补时间", null=True, blank=True)
    offer_expires_at = models.DateTimeField("候补名额截止", null=True, blank=True, db_index=True)
    ticket_serial = models.CharField("电子票号", max_length=32, blank=True, db_index=True)
    ticket_code = models.TextField("电子票码", blank=True)
    checked_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    seat_label = models.CharField("座位/桌号", max_length=30, blank=True)
    created_at = models.DateTimeField("报名时间", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "报名"
        verbose_name_plural = "报名"
        ordering = ["created_at", "id"]
        constraints = [
            # One live registration per attendee (phone) per activity; finished ones do not count.
            models.UniqueConstraint(fields=["activity", "attendee_phone_hash"], condition=~Q(status__in=FINISHED), name="one_live_registration_per_attendee"),
        ]
        indexes = [models.Index(fields=["activity", "status", "waitlisted_at"], name="act_reg_waitlist")]

    def __str__(self) -> str:
        return f"{self.attendee_name} · {self.activity}"


class BlacklistEntry(models.Model):
    """活动黑名单: the person cannot register for activities that enable the black list, and is told why."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="校友")
    reason = models.CharField("原因（告知本人）", max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="操作人")
    created_at = models.DateTimeField("加入时间", auto_now_add=True)

    class Meta:
        verbose_name = "活动黑名单"
        verbose_name_plural = "活动黑名单"
        ordering = ["-id"]

    def __str__(self) -> str:
        return str(self.user_id)


class Comment(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="comments", verbose_name="活动")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="评论人")
    body = models.CharField("内容", max_length=500)
    status = models.CharField("状态", max_length=10, choices=CommentStatus.choices, default=CommentStatus.VISIBLE)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "活动评论"
        verbose_name_plural = "活动评论"
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.body[:30]


class Lottery(models.Model):
    """活动抽奖 that anyone can check: prizes published first, the entrant list frozen and hashed,
    the server's random value committed (its SHA-256 shown) before witnesses add their values at
    the draw; the public page recomputes the winners with core.draw."""

    class Status(models.TextChoices):
        DRAFT = "draft", "准备中"
        FROZEN = "frozen", "已公示（待开奖）"
        DRAWN = "drawn", "已开奖"

    class EntrantRule(models.TextChoices):
        CHECKED_IN = "checked_in", "已签到的参加人"
        CONFIRMED = "confirmed", "报名成功的参加人"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="lotteries", verbose_name="活动")
    title = models.CharField("抽奖名称", max_length=100)
    rules = models.TextField("规则说明（参与条件、开奖方式、兑奖方式）", blank=True)
    entrant_rule = models.CharField("参与者", max_length=20, choices=EntrantRule.choices, default=EntrantRule.CHECKED_IN)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    public_token = models.CharField("公示链接令牌", max_length=32, unique=True)
    entrants = ArrayField(models.BigIntegerField(), verbose_name="参与者（报名号，升序）", default=list, blank=True)
    entrants_hash = models.CharField("参与名单哈希", max_length=64, blank=True)
    server_value = models.CharField("系统随机值", max_length=64, blank=True)  # revealed on the public page only after the draw
    commitment = models.CharField("系统随机值承诺（SHA-256）", max_length=64, blank=True)
    witness_values = ArrayField(models.CharField(max_length=64), verbose_name="见证人随机值", default=list, blank=True)
    seed = models.CharField("种子", max_length=64, blank=True)
    frozen_at = models.DateTimeField("公示时间", null=True, blank=True)
    drawn_at = models.DateTimeField("开奖时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "活动抽奖"
        verbose_name_plural = "活动抽奖"
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title


class Prize(models.Model):
    lottery = models.ForeignKey(Lottery, on_delete=models.CASCADE, related_name="prizes", verbose_name="抽奖")
    name = models.CharField("奖项", max_length=50)
    item = models.CharField("奖品", max_length=100)
    count = models.PositiveIntegerField("数量")
    value_fen = models.PositiveIntegerField("单价（分）")
    sort_order = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "奖项"
        verbose_name_plural = "奖项"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def value_yuan(self) -> str:
        return f"{self.value_fen / 100:.2f}"


class Winner(models.Model):
    lottery = models.ForeignKey(Lottery, on_delete=models.CASCADE, related_name="winners", verbose_name="抽奖")
    prize = models.ForeignKey(Prize, on_delete=models.CASCADE, related_name="winners", verbose_name="奖项")
    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="+", verbose_name="中奖人")
    position = models.PositiveIntegerField("抽取顺序")

    class Meta:
        verbose_name = "中奖记录"
        verbose_name_plural = "中奖记录"
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["lottery", "registration"], name="one_prize_per_person_per_lottery")]

    def __str__(self) -> str:
        return f"{self.prize} · {self.registration_id}"


class ActivityPhoto(models.Model):
    """活动照片: uploaded by organisers (shown at once) and attendees (after moderation).

    Part 3's albums pick photos up without reaching into this table: the approved photos are
    read through `selectors.photos_for_albums(...)`, and every approval publishes the hook event
    `alumni.activity_photo_approved` (photo=ActivityPhoto), rejection or deletion of an approved
    photo `alumni.activity_photo_withdrawn` (photo_id=, activity_id=). `album_id` is the album
    that took the photo in (set by the albums app; the photo stays here either way)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos", verbose_name="活动")
    image = TenantFileField("照片", upload_to="alumni/activities/photos/%Y/%m/", kind="image")
    caption = models.CharField("说明", max_length=100, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="上传人")
    source = models.CharField("来源", max_length=10, choices=PhotoSource.choices, default=PhotoSource.ATTENDEE)
    status = models.CharField("状态", max_length=10, choices=PhotoStatus.choices, default=PhotoStatus.PENDING, db_index=True)
    review_note = models.CharField("审核意见", max_length=200, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="审核人")
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    album_id = models.BigIntegerField("相册ID", null=True, blank=True, db_index=True)
    created_at = models.DateTimeField("上传时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "活动照片"
        verbose_name_plural = "活动照片"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["activity", "status", "created_at"], name="act_photo_listing")]
        # Moderated with the comments: permission alumni_activities.moderate_comment.

    def __str__(self) -> str:
        return self.caption or f"照片 #{self.pk}"

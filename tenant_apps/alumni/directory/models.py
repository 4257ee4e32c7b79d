"""The alumni directory (校友录): one profile per verified member with a visibility per field,
applied inside the search query (selectors.directory_search), business-card exchange and
mentoring through a relay that shows no contact until both sides agree."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models

from core.crypto import EncryptedCharField
from tenant_apps.alumni.directory.enums import RequestStatus, Visibility


def _vis(label: str, default: str):
    return models.CharField(f"{label}可见范围", max_length=10, choices=Visibility.choices, default=default)


class Profile(models.Model):
    member = models.OneToOneField("alumni_records.Member", on_delete=models.CASCADE, related_name="directory_profile")
    name = models.CharField("姓名", max_length=50)
    class_year = models.PositiveIntegerField("入学年份", null=True, blank=True)
    college = models.CharField("院系", max_length=100, blank=True)
    major = models.CharField("专业", max_length=100, blank=True)
    region = models.CharField("所在地区", max_length=50, blank=True)
    industry = models.CharField("行业", max_length=50, blank=True)
    employer = models.CharField("工作单位", max_length=200, blank=True)
    job_title = models.CharField("职务", max_length=100, blank=True)
    phone = EncryptedCharField("手机号", mask_kind="phone")
    email = EncryptedCharField("邮箱", mask_kind="email")
    wechat = EncryptedCharField("微信号")
    bio = models.CharField("个人简介", max_length=300, blank=True)
    vis_class_year = _vis("入学年份", Visibility.ALL)
    vis_college = _vis("院系", Visibility.ALL)
    vis_major = _vis("专业", Visibility.ALL)
    vis_region = _vis("所在地区", Visibility.CHAPTERS)
    vis_industry = _vis("行业", Visibility.CHAPTERS)
    vis_employer = _vis("工作单位", Visibility.CHAPTERS)
    vis_job_title = _vis("职务", Visibility.CHAPTERS)
    vis_phone = _vis("手机号", Visibility.NONE)
    vis_email = _vis("邮箱", Visibility.NONE)
    vis_wechat = _vis("微信号", Visibility.NONE)
    listed = models.BooleanField("出现在校友录", default=True)
    is_deceased = models.BooleanField(default=False, db_index=True, editable=False)
    org_ids = ArrayField(models.IntegerField(), default=list, blank=True, editable=False)  # approved chapters (not the association)
    name_keys = ArrayField(models.CharField(max_length=60), default=list, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "校友录名片"
        verbose_name_plural = "校友录名片"
        ordering = ["-created_at", "-pk"]
        indexes = [
            GinIndex(fields=["name"], name="alumni_dir_name_trgm", opclasses=["gin_trgm_ops"]),
            models.Index(fields=["name"], name="alumni_dir_name_prefix", opclasses=["varchar_pattern_ops"]),
            GinIndex(fields=["major"], name="alumni_dir_major_trgm", opclasses=["gin_trgm_ops"]),
            GinIndex(fields=["employer"], name="alumni_dir_employer_trgm", opclasses=["gin_trgm_ops"]),
            GinIndex(fields=["name_keys"], name="alumni_dir_keys_gin"),
            GinIndex(fields=["org_ids"], name="alumni_dir_orgs_gin"),
            models.Index(fields=["class_year", "major"], name="alumni_dir_year_major"),
        ]

    def __str__(self) -> str:
        return self.name


class CardRequest(models.Model):
    """名片交换: A asks B; contacts are shown to both only after B accepts."""

    sender = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="cards_sent")
    receiver = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="cards_received")
    message = models.CharField("附言", max_length=200, blank=True)
    status = models.CharField("状态", max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING, db_index=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    responded_at = models.DateTimeField("回复时间", null=True, blank=True)

    class Meta:
        verbose_name = "名片交换"
        verbose_name_plural = "名片交换"
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["sender", "receiver"], condition=models.Q(status="pending"), name="alumni_card_one_pending")]

    def __str__(self) -> str:
        return f"{self.sender} → {self.receiver}"


class MentorOffer(models.Model):
    profile = models.OneToOneField(Profile, on_delete=models.CASCADE, related_name="mentor_offer")
    topics = ArrayField(models.CharField(max_length=30), default=list, verbose_name="指导方向")
    introduction = models.CharField("介绍", max_length=300, blank=True)
    is_active = models.BooleanField("接受请求", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "校友导师"
        verbose_name_plural = "校友导师"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return str(self.profile)


class MentorshipRequest(models.Model):
    """A student or young alumnus asks a mentor; accepted pairs talk through the relay."""

    mentor = models.ForeignKey(MentorOffer, on_delete=models.CASCADE, related_name="requests")
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alumni_mentorships")
    topic = models.CharField("方向", max_length=30)
    message = models.CharField("想请教的问题", max_length=500)
    status = models.CharField("状态", max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "导师请求"
        verbose_name_plural = "导师请求"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.requester} → {self.mentor}"


class RelayMessage(models.Model):
    """A message passed between two people without revealing either's contact."""

    card = models.ForeignKey(CardRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="relay")
    mentorship = models.ForeignKey(MentorshipRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="relay")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.CharField("内容", max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "中转消息"
        verbose_name_plural = "中转消息"
        ordering = ["created_at", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(card__isnull=False) | models.Q(mentorship__isnull=False), name="alumni_relay_has_thread")]

    def __str__(self) -> str:
        return self.body[:30]

"""Q&A (在线问答) and advising appointments (咨询预约), E16.

A question is a chat between the student and the school's teachers, or one employer's HR when
the student asks that employer; good answers become FAQ entries. Advising slots are published
by staff; the database holds their capacity (a check constraint on the booked count) and
keeps one advisor's slots from overlapping (an exclusion constraint)."""

from __future__ import annotations

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeBoundary, RangeOperators
from django.db import models
from django.db.models import Func, Q

from core.crypto import EncryptedCharField
from tenant_apps.employment.qa.enums import (
    AdvisingKind,
    BookingStatus,
    MessageSide,
    QuestionCategory,
    QuestionStatus,
)


class Question(models.Model):
    student = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+", verbose_name="提问学生")
    employer = models.ForeignKey("employment_employers.Employer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                 verbose_name="向单位提问")
    category = models.CharField("分类", max_length=20, choices=QuestionCategory.choices, default=QuestionCategory.JOB_SEARCH, db_index=True)
    title = models.CharField("问题", max_length=200)
    status = models.CharField("状态", max_length=20, choices=QuestionStatus.choices, default=QuestionStatus.OPEN, db_index=True)
    last_message_at = models.DateTimeField("最近消息", db_index=True)
    student_unread = models.BooleanField("学生有未读回复", default=False)
    created_at = models.DateTimeField("提问时间", auto_now_add=True)

    class Meta:
        verbose_name = "问题"
        verbose_name_plural = "问题"
        ordering = ["-last_message_at", "-id"]
        permissions = [("answer_question", "回复学生提问"), ("manage_faq", "维护常见问题")]

    def __str__(self) -> str:
        return self.title


class QuestionMessage(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="messages", verbose_name="问题")
    author = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="发言人")
    side = models.CharField("身份", max_length=20, choices=MessageSide.choices)
    body = models.TextField("内容", max_length=2000)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "问答消息"
        verbose_name_plural = "问答消息"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.question_id}:{self.side}"


class FaqEntry(models.Model):
    """常见问题: written by a teacher or promoted from an answer (question and answer texts are
    copied, so the student's chat is never shown)."""

    category = models.CharField("分类", max_length=20, choices=QuestionCategory.choices, default=QuestionCategory.JOB_SEARCH, db_index=True)
    question = models.CharField("问题", max_length=300)
    answer = models.TextField("回答", max_length=5000)
    source_message = models.ForeignKey(QuestionMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="来源回答")
    is_published = models.BooleanField("公开", default=True, db_index=True)
    sort_order = models.PositiveIntegerField("排序", default=100)
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="创建人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "常见问题"
        verbose_name_plural = "常见问题"
        ordering = ["sort_order", "-id"]

    def __str__(self) -> str:
        return self.question


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = models.DateTimeField()


class AdvisingSlot(models.Model):
    advisor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name="咨询老师")
    kind = models.CharField("类型", max_length=20, choices=AdvisingKind.choices, db_index=True)
    starts_at = models.DateTimeField("开始时间", db_index=True)
    ends_at = models.DateTimeField("结束时间")
    location = models.CharField("地点", max_length=200, blank=True)
    online_link = models.URLField("线上链接", blank=True)
    capacity = models.PositiveSmallIntegerField("可约人数", default=1)
    booked_count = models.PositiveSmallIntegerField("已约人数", default=0)
    note = models.CharField("说明", max_length=300, blank=True)
    is_cancelled = models.BooleanField("已取消", default=False)
    created_at = models.DateTimeField("发布时间", auto_now_add=True)

    class Meta:
        verbose_name = "咨询时段"
        verbose_name_plural = "咨询时段"
        ordering = ["starts_at", "id"]
        permissions = [("manage_advising", "发布咨询时段、记录咨询结果")]
        constraints = [
            models.CheckConstraint(condition=Q(booked_count__lte=models.F("capacity")), name="emp_advising_slot_within_capacity"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="emp_advising_slot_ends_after_start"),
            ExclusionConstraint(
                name="emp_advising_slot_no_overlap",
                expressions=[("advisor", RangeOperators.EQUAL), (TsTzRange("starts_at", "ends_at", RangeBoundary()), RangeOperators.OVERLAPS)],
                condition=Q(is_cancelled=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.booked_count, 0)


class AdvisingBooking(models.Model):
    slot = models.ForeignKey(AdvisingSlot, on_delete=models.CASCADE, related_name="bookings", verbose_name="时段")
    student = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+", verbose_name="学生")
    topic = models.CharField("想咨询的问题", max_length=500, blank=True)
    status = models.CharField("状态", max_length=20, choices=BookingStatus.choices, default=BookingStatus.BOOKED, db_index=True)
    private_note = EncryptedCharField("咨询记录（仅老师可见）")
    recorded_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="记录人")
    reminded_at = models.DateTimeField("提醒时间", null=True, blank=True)
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    created_at = models.DateTimeField("预约时间", auto_now_add=True)

    class Meta:
        verbose_name = "咨询预约"
        verbose_name_plural = "咨询预约"
        ordering = ["slot__starts_at", "id"]
        constraints = [models.UniqueConstraint(fields=["slot", "student"], condition=~Q(status="cancelled"), name="emp_advising_one_live_booking")]

    def __str__(self) -> str:
        return f"{self.slot_id}:{self.student_id}"

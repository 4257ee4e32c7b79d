"""Info sessions (宣讲会, E6): venues, the employer's application, venue bookings that the
database keeps from overlapping, students' sign-ups with attendance."""

from __future__ import annotations

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, DateTimeRangeField, RangeOperators
from django.core.validators import MinValueValidator
from django.db import models

from tenant_apps.employment.sessions.enums import BookingPurpose, SessionStatus, VenueKind


class Venue(models.Model):
    name = models.CharField("名称", max_length=100, unique=True)
    kind = models.CharField("类型", max_length=20, choices=VenueKind.choices, default=VenueKind.HALL)
    location = models.CharField("位置", max_length=200, blank=True)
    capacity = models.PositiveIntegerField("容纳人数", validators=[MinValueValidator(1)])
    equipment = ArrayField(models.CharField(max_length=40), default=list, blank=True, verbose_name="设备")
    is_active = models.BooleanField("可用", default=True)

    class Meta:
        verbose_name = "场地"
        verbose_name_plural = "场地"
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class InfoSession(models.Model):
    """宣讲会: applied for by an employer with preferred slots, assigned a venue and time by a
    teacher, confirmed by the employer, then published to students."""

    employer = models.ForeignKey("employment_employers.Employer", on_delete=models.CASCADE, related_name="info_sessions", verbose_name="用人单位")
    title = models.CharField("主题", max_length=200)
    description = models.TextField("简介", blank=True, max_length=5000)
    expected_audience = models.PositiveIntegerField("预计人数", default=50)
    needs = models.CharField("设备需求", max_length=200, blank=True)
    preferred_slots = models.JSONField("意向时段", default=list, blank=True, help_text="[{start, end}]，ISO 时间")
    wants_written_test = models.BooleanField("需要笔试室", default=False)
    wants_interview = models.BooleanField("需要面试室", default=False)
    jobs = models.ManyToManyField("employment_jobs.Job", blank=True, related_name="info_sessions", verbose_name="招聘职位")
    status = models.CharField("状态", max_length=20, choices=SessionStatus.choices, default=SessionStatus.APPLIED, db_index=True)
    venue = models.ForeignKey(Venue, null=True, blank=True, on_delete=models.PROTECT, related_name="sessions", verbose_name="场地")
    starts_at = models.DateTimeField("开始时间", null=True, blank=True, db_index=True)
    ends_at = models.DateTimeField("结束时间", null=True, blank=True)
    capacity = models.PositiveIntegerField("报名上限", default=0)
    decline_reason = models.CharField("未通过/取消原因", max_length=300, blank=True)
    assigned_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="安排人")
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="申请人")
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "宣讲会"
        verbose_name_plural = "宣讲会"
        ordering = ["-starts_at", "-id"]
        permissions = [("arrange_infosession", "安排宣讲会场地与时间"), ("check_in_infosession", "宣讲会入场签到")]

    def __str__(self) -> str:
        return self.title


class VenueBooking(models.Model):
    """One venue held for one purpose of a session. Active bookings of a venue never overlap:
    a PostgreSQL exclusion constraint refuses it, whatever the number of concurrent requests."""

    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="bookings", verbose_name="场地")
    session = models.ForeignKey(InfoSession, on_delete=models.CASCADE, related_name="bookings", verbose_name="宣讲会")
    purpose = models.CharField("用途", max_length=20, choices=BookingPurpose.choices)
    during = DateTimeRangeField("时段")
    is_active = models.BooleanField("有效", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "场地预订"
        verbose_name_plural = "场地预订"
        ordering = ["during"]
        constraints = [
            ExclusionConstraint(
                name="emp_venue_booking_no_overlap",
                expressions=[("venue", RangeOperators.EQUAL), ("during", RangeOperators.OVERLAPS)],
                condition=models.Q(is_active=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.venue_id} {self.during}"


def resume_path(instance, filename: str) -> str:
    import uuid

    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "pdf"
    return f"employment/session-resumes/{uuid.uuid4().hex}.{extension}"


class SessionSignup(models.Model):
    session = models.ForeignKey(InfoSession, on_delete=models.CASCADE, related_name="signups", verbose_name="宣讲会")
    student = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+", verbose_name="学生")
    resume = models.FileField("简历", upload_to=resume_path, blank=True)
    created_at = models.DateTimeField("报名时间", auto_now_add=True)
    reminded_at = models.DateTimeField("提醒时间", null=True, blank=True)
    checked_in_at = models.DateTimeField("签到时间", null=True, blank=True)

    class Meta:
        verbose_name = "宣讲会报名"
        verbose_name_plural = "宣讲会报名"
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "student"], name="emp_session_one_signup_per_student")]

    def __str__(self) -> str:
        return f"{self.session_id}:{self.student_id}"

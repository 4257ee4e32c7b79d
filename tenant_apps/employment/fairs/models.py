"""Job fairs (双选会, E7): the fair with its halls and booth map, employers' applications with
the jobs they bring and the booth they get, e-tickets of students and employers' staff (signed
by core.tickets), students following employers."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from tenant_apps.employment.fairs.enums import (
    ApplicationStatus,
    BoothKind,
    FairStatus,
    TicketHolder,
)


class Fair(models.Model):
    """双选会: published for employers to apply and for students to take tickets."""

    title = models.CharField("名称", max_length=200)
    description = models.TextField("简介", blank=True, max_length=5000)
    location = models.CharField("地点", max_length=200)
    starts_at = models.DateTimeField("开始时间", db_index=True)
    ends_at = models.DateTimeField("结束时间")
    applications_close_at = models.DateTimeField("单位报名截止", null=True, blank=True)
    student_capacity = models.PositiveIntegerField("学生入场上限", default=0, help_text="0 表示不限")
    status = models.CharField("状态", max_length=20, choices=FairStatus.choices, default=FairStatus.DRAFT, db_index=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    no_shows_recorded_at = models.DateTimeField("缺席登记时间", null=True, blank=True)
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="创建人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "双选会"
        verbose_name_plural = "双选会"
        ordering = ["-starts_at", "-id"]
        permissions = [
            ("review_fairapplication", "审核双选会参会申请"),
            ("arrange_booths", "绘制展位图与分配展位"),
            ("check_in_fair", "双选会入场检票"),
            ("export_fair", "导出双选会数据与统计"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def ticket_scope(self) -> str:
        """The door scope of the ticket kernel: every ticket of this fair opens only its doors."""
        return f"employment_fairs:{self.pk}"


class FairHall(models.Model):
    """展厅: a grid of `rows` x `columns` cells, some of which are booths."""

    fair = models.ForeignKey(Fair, on_delete=models.CASCADE, related_name="halls", verbose_name="双选会")
    name = models.CharField("名称", max_length=50)
    code = models.CharField("展位号前缀", max_length=4, help_text="如 A，展位号为 A01、A02…")
    rows = models.PositiveSmallIntegerField("行数", validators=[MinValueValidator(1), MaxValueValidator(40)])
    columns = models.PositiveSmallIntegerField("列数", validators=[MinValueValidator(1), MaxValueValidator(40)])
    position = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "展厅"
        verbose_name_plural = "展厅"
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["fair", "code"], name="emp_fair_hall_code_unique")]

    def __str__(self) -> str:
        return self.name


class Booth(models.Model):
    """展位: one cell of a hall's grid with its kind."""

    fair = models.ForeignKey(Fair, on_delete=models.CASCADE, related_name="booths", verbose_name="双选会")
    hall = models.ForeignKey(FairHall, on_delete=models.CASCADE, related_name="booths", verbose_name="展厅")
    row = models.PositiveSmallIntegerField("行")
    column = models.PositiveSmallIntegerField("列")
    kind = models.CharField("类型", max_length=20, choices=BoothKind.choices, default=BoothKind.STANDARD)
    code = models.CharField("展位号", max_length=10)

    class Meta:
        verbose_name = "展位"
        verbose_name_plural = "展位"
        ordering = ["hall__position", "hall_id", "row", "column"]
        constraints = [
            models.UniqueConstraint(fields=["hall", "row", "column"], name="emp_fair_booth_cell_unique"),
            models.UniqueConstraint(fields=["fair", "code"], name="emp_fair_booth_code_unique"),
        ]

    def __str__(self) -> str:
        return self.code


class FairApplication(models.Model):
    """An employer's application to a fair: the jobs it brings, what booth it needs, the review,
    the booth it got, whether it came."""

    fair = models.ForeignKey(Fair, on_delete=models.CASCADE, related_name="applications", verbose_name="双选会")
    employer = models.ForeignKey("employment_employers.Employer", on_delete=models.CASCADE, related_name="fair_applications", verbose_name="用人单位")
    jobs = models.ManyToManyField("employment_jobs.Job", blank=True, related_name="fair_applications", verbose_name="招聘职位")
    wants_premium = models.BooleanField("申请特装展位", default=False)
    needs_accessible = models.BooleanField("需要无障碍展位", default=False)
    staff_count = models.PositiveSmallIntegerField("到场人数", default=2, validators=[MinValueValidator(1), MaxValueValidator(6)])
    note = models.CharField("备注", max_length=300, blank=True)
    status = models.CharField("状态", max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.PENDING, db_index=True)
    decline_reason = models.CharField("未通过原因", max_length=300, blank=True)
    booth = models.OneToOneField(Booth, null=True, blank=True, on_delete=models.SET_NULL, related_name="application", verbose_name="展位")
    booth_pinned = models.BooleanField("手工安排展位", default=False, help_text="拖拽安排的展位，自动分配时保留")
    checked_in_at = models.DateTimeField("单位签到时间", null=True, blank=True)
    is_no_show = models.BooleanField("报名未到场", default=False)
    reviewed_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="审核人")
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="申请人")
    created_at = models.DateTimeField("申请时间", auto_now_add=True)

    class Meta:
        verbose_name = "双选会参会申请"
        verbose_name_plural = "双选会参会申请"
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["fair", "employer"], name="emp_fair_one_application_per_employer")]

    def __str__(self) -> str:
        return f"{self.fair_id}:{self.employer_id}"


class FairTicket(models.Model):
    """电子票: a student's, or one of an employer's staff. The QR holds a code signed by the
    tenant's ticket key (core.tickets); the subject is this row's id."""

    fair = models.ForeignKey(Fair, on_delete=models.CASCADE, related_name="tickets", verbose_name="双选会")
    holder_kind = models.CharField("持票人类型", max_length=20, choices=TicketHolder.choices)
    student = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name="学生")
    application = models.ForeignKey(FairApplication, null=True, blank=True, on_delete=models.CASCADE, related_name="tickets", verbose_name="参会单位")
    serial = models.CharField("票号", max_length=32, unique=True)
    code = models.TextField("票码")
    is_revoked = models.BooleanField("已作废", default=False)
    checked_in_at = models.DateTimeField("入场时间", null=True, blank=True, db_index=True)
    reminded_at = models.DateTimeField("提醒时间", null=True, blank=True)
    created_at = models.DateTimeField("领取时间", auto_now_add=True)

    class Meta:
        verbose_name = "双选会电子票"
        verbose_name_plural = "双选会电子票"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["fair", "student"], condition=models.Q(is_revoked=False, student__isnull=False),
                                    name="emp_fair_one_live_ticket_per_student"),
        ]
        indexes = [models.Index(fields=["fair", "holder_kind", "checked_in_at"], name="emp_fair_ticket_checkin")]

    def __str__(self) -> str:
        return self.serial


class FairFollow(models.Model):
    """A student follows an employer at a fair (to find its booth and hear from it)."""

    fair = models.ForeignKey(Fair, on_delete=models.CASCADE, related_name="follows", verbose_name="双选会")
    student = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+", verbose_name="学生")
    employer = models.ForeignKey("employment_employers.Employer", on_delete=models.CASCADE, related_name="+", verbose_name="用人单位")
    created_at = models.DateTimeField("关注时间", auto_now_add=True)

    class Meta:
        verbose_name = "关注参会单位"
        verbose_name_plural = "关注参会单位"
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["fair", "student", "employer"], name="emp_fair_follow_unique")]

    def __str__(self) -> str:
        return f"{self.student_id}->{self.employer_id}"

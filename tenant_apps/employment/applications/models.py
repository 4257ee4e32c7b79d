"""Applications (E8): a student's resume delivered to a job, the employer's steps on it, each
opening of the resume, and the school's response-time setting (the application SLA)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from tenant_apps.employment.applications.enums import ApplicationStatus, EventKind


class ApplicationSettings(models.Model):
    """One row per school."""

    no_response_days = models.PositiveSmallIntegerField("未回复判定天数", default=14, validators=[MinValueValidator(1), MaxValueValidator(90)],
                                                        help_text="投递后单位超过此天数未处理，申请标为“未获回复”并通知学生")

    class Meta:
        verbose_name = "职位申请设置"
        verbose_name_plural = "职位申请设置"

    def __str__(self) -> str:
        return "职位申请设置"


class Application(models.Model):
    student = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="job_applications", verbose_name="学生")
    job = models.ForeignKey("employment_jobs.Job", on_delete=models.CASCADE, related_name="applications", verbose_name="职位")
    employer = models.ForeignKey("employment_employers.Employer", on_delete=models.CASCADE, related_name="applications", verbose_name="用人单位")
    resume = models.ForeignKey("employment_resumes.Resume", null=True, on_delete=models.SET_NULL, related_name="applications", verbose_name="简历")
    resume_version = models.ForeignKey("employment_resumes.ResumeVersion", on_delete=models.PROTECT, related_name="applications", verbose_name="投递的简历版本")
    attachment = models.ForeignKey("employment_resumes.ResumeAttachment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name="附件简历")
    cover_note = models.CharField("附言", max_length=300, blank=True)
    # The fair the resume was delivered at (part 2's fairs); an id, so either part can land first.
    fair_id = models.BigIntegerField("双选会", null=True, blank=True, db_index=True)
    status = models.CharField("状态", max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED, db_index=True)
    interview_at = models.DateTimeField("面试时间", null=True, blank=True)
    interview_place = models.CharField("面试地点", max_length=200, blank=True)
    interview_link = models.URLField("线上面试链接", blank=True)
    interview_invited = models.BooleanField("曾邀请面试", default=False)
    employer_note = models.CharField("给学生的说明", max_length=500, blank=True)
    submitted_at = models.DateTimeField("投递时间", auto_now_add=True, db_index=True)
    first_viewed_at = models.DateTimeField("首次查看时间", null=True, blank=True)
    first_action_at = models.DateTimeField("首次处理时间", null=True, blank=True)
    updated_at = models.DateTimeField("状态更新时间", auto_now=True)

    class Meta:
        verbose_name = "职位申请"
        verbose_name_plural = "职位申请"
        ordering = ["-submitted_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["job", "student"], condition=~Q(status="withdrawn"), name="emp_application_one_live_per_job")]
        indexes = [
            models.Index(fields=["employer", "status", "-submitted_at"], name="emp_application_employer"),
            models.Index(fields=["student", "-submitted_at"], name="emp_application_student"),
            # The SLA sweep: waiting applications by age.
            models.Index(fields=["submitted_at"], name="emp_application_waiting", condition=Q(status__in=["submitted", "viewed"])),
        ]
        permissions = [("manage_application_settings", "设置职位申请未回复天数")]

    def __str__(self) -> str:
        return f"{self.student_id} → {self.job}"


class ApplicationEvent(models.Model):
    """One step of the student's tracker (parcel-style), with its time."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events", verbose_name="申请")
    kind = models.CharField("环节", max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="操作人")
    details = models.JSONField("详情", default=dict, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "申请进度"
        verbose_name_plural = "申请进度"
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["application", "created_at"], name="emp_application_event_order")]

    def __str__(self) -> str:
        return self.get_kind_display()


class ApplicationView(models.Model):
    """Each time an HR account opens the resume of an application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="views", verbose_name="申请")
    viewer = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="查看人")
    viewed_at = models.DateTimeField("查看时间", auto_now_add=True)

    class Meta:
        verbose_name = "简历查看记录"
        verbose_name_plural = "简历查看记录"
        ordering = ["-viewed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.application_id} @ {self.viewed_at:%Y-%m-%d %H:%M}"

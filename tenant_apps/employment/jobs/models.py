"""Jobs (E4) and recruitment announcements (E5)."""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models

from tenant_apps.employment.jobs.enums import (
    AnnouncementKind,
    AnnouncementStatus,
    ComplaintReason,
    ComplaintStatus,
    Education,
    JobKind,
    JobStatus,
)


class JobTag(models.Model):
    name = models.CharField("标签", max_length=40, unique=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "职位标签"
        verbose_name_plural = "职位标签"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Job(models.Model):
    """招聘职位: what a posting must state (headcount, conditions, duties, place, pay, validity),
    reviewed like employers, visible to students while approved and before its deadline."""

    employer = models.ForeignKey("employment_employers.Employer", on_delete=models.CASCADE, related_name="jobs", verbose_name="用人单位")
    title = models.CharField("职位名称", max_length=100)
    kind = models.CharField("类型", max_length=20, choices=JobKind.choices, default=JobKind.FULL_TIME)
    headcount = models.PositiveIntegerField("招聘人数", validators=[MinValueValidator(1)])
    education = models.CharField("学历要求", max_length=20, choices=Education.choices, default=Education.BACHELOR)
    majors = models.CharField("专业要求", max_length=300, blank=True)
    target_units = models.ManyToManyField("accounts.OrgUnit", blank=True, related_name="+", verbose_name="面向学院/专业")
    conditions = models.TextField("招聘条件", max_length=5000)
    duties = models.TextField("工作内容", max_length=5000)
    place_code = models.CharField("工作地点区划代码", max_length=6, help_text="GB/T 2260 六位代码")
    place_name = models.CharField("工作地点", max_length=100)
    salary_min = models.PositiveIntegerField("月薪下限（元）")
    salary_max = models.PositiveIntegerField("月薪上限（元）")
    valid_until = models.DateField("截止日期", db_index=True)
    status = models.CharField("状态", max_length=20, choices=JobStatus.choices, default=JobStatus.DRAFT)
    decline_reason = models.TextField("未通过原因", blank=True)
    may_request_again = models.BooleanField("可再次申请", default=True)
    is_auto_approved = models.BooleanField("自动通过", default=False)
    lint_hits = models.JSONField("用语检查提示", default=list, blank=True, editable=False)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    approved_at = models.DateTimeField("发布时间", null=True, blank=True)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    reviewed_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="审核人")
    closed_reason = models.CharField("关闭原因", max_length=300, blank=True)
    hidden_at = models.DateTimeField("因投诉下架时间", null=True, blank=True)
    tags = models.ManyToManyField(JobTag, blank=True, related_name="jobs", verbose_name="标签")
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="发布人")
    search_text = models.TextField(blank=True, default="", editable=False)
    search_vector = models.GeneratedField(expression=SearchVector("search_text", config="simple"), output_field=SearchVectorField(), db_persist=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "职位"
        verbose_name_plural = "职位"
        ordering = ["-created_at", "-id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="emp_job_search_gin"),
            models.Index(fields=["status", "-approved_at"], name="emp_job_status_approved"),
            # Students' job search: live postings newest first, filtered by kind / place / pay.
            models.Index(fields=["-approved_at", "id"], name="emp_job_live", condition=models.Q(status="approved", hidden_at__isnull=True)),
            # Students' counts and filters on live postings answered from the index alone (index-only scans
            # after vacuum), and a keyword index over live postings only.
            models.Index(fields=["valid_until"], include=["kind", "place_code", "salary_max", "education", "approved_at"], name="emp_job_live_filters",
                         condition=models.Q(status="approved", hidden_at__isnull=True)),
            GinIndex(fields=["search_vector"], name="emp_job_live_search_gin", condition=models.Q(status="approved", hidden_at__isnull=True)),
            models.Index(fields=["place_code"], name="emp_job_place"),
            models.Index(fields=["employer", "status"], name="emp_job_employer_status"),
        ]
        permissions = [("review_job", "审核职位"), ("export_job", "导出职位")]

    def __str__(self) -> str:
        return self.title

    @property
    def blocking_hits(self) -> list[dict]:
        return [hit for hit in self.lint_hits if hit.get("severity") == "block"]


class JobComment(models.Model):
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="comments", verbose_name="职位")
    author = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="发言人")
    is_from_school = models.BooleanField("学校发言", default=True)
    body = models.TextField("内容", max_length=2000)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "职位审核沟通"
        verbose_name_plural = "职位审核沟通"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:30]


class Announcement(models.Model):
    """校招公告: posted by an employer (reviewed) or by a teacher (published at once)."""

    kind = models.CharField("类型", max_length=30, choices=AnnouncementKind.choices, default=AnnouncementKind.EMPLOYER)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文", max_length=20000)
    employer = models.ForeignKey("employment_employers.Employer", null=True, blank=True, on_delete=models.CASCADE, related_name="announcements",
                                 verbose_name="用人单位")
    source_name = models.CharField("发布单位", max_length=200, blank=True, help_text="老师发布时填写招录机关或单位")
    valid_until = models.DateField("有效期至", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=AnnouncementStatus.choices, default=AnnouncementStatus.PENDING, db_index=True)
    decline_reason = models.TextField("未通过原因", blank=True)
    lint_hits = models.JSONField("用语检查提示", default=list, blank=True, editable=False)
    published_at = models.DateTimeField("发布时间", null=True, blank=True, db_index=True)
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="发布人")
    search_text = models.TextField(blank=True, default="", editable=False)
    search_vector = models.GeneratedField(expression=SearchVector("search_text", config="simple"), output_field=SearchVectorField(), db_persist=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "校招公告"
        verbose_name_plural = "校招公告"
        ordering = ["-created_at", "-id"]
        indexes = [GinIndex(fields=["search_vector"], name="emp_announcement_search_gin")]
        permissions = [("review_announcement", "审核校招公告")]

    def __str__(self) -> str:
        return self.title

    @property
    def publisher(self) -> str:
        return self.employer.name if self.employer_id else self.source_name


class JobComplaint(models.Model):
    """A student's report of a false posting (E10). Past the school's threshold of open reports
    the posting is hidden until a teacher decides; each complainant is told the outcome."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="complaints", verbose_name="职位")
    complainant = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+", verbose_name="投诉人")
    reason = models.CharField("原因", max_length=30, choices=ComplaintReason.choices)
    details = models.TextField("说明", max_length=2000, blank=True)
    status = models.CharField("状态", max_length=20, choices=ComplaintStatus.choices, default=ComplaintStatus.OPEN, db_index=True)
    resolution = models.CharField("处理结果", max_length=500, blank=True)
    resolved_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="处理人")
    resolved_at = models.DateTimeField("处理时间", null=True, blank=True)
    created_at = models.DateTimeField("投诉时间", auto_now_add=True)

    class Meta:
        verbose_name = "职位投诉"
        verbose_name_plural = "职位投诉"
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["job", "complainant"], name="emp_job_one_complaint_per_student")]

    def __str__(self) -> str:
        return f"{self.job_id}:{self.get_reason_display()}"

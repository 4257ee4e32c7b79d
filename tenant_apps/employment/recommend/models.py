"""Job intentions (求职意向) and precomputed recommendations (职位推荐)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models

from tenant_apps.employment.employers.enums import Industry
from tenant_apps.employment.jobs.enums import JobKind


class JobIntention(models.Model):
    """What one student is looking for, and their choices about recommendation.

    `is_personalised` is the PIPL art. 24 switch: when off, nothing is computed from the
    student's data and the H5 shows jobs by date. `wants_daily_push` is the student's consent to
    be told of new matches (off until they tick it)."""

    student = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_intention", verbose_name="学生")
    job_kinds = ArrayField(models.CharField(max_length=20, choices=JobKind.choices), default=list, blank=True, verbose_name="求职类型")
    job_types = ArrayField(models.CharField(max_length=30), default=list, blank=True, verbose_name="意向职位",
                           help_text="如“Java 开发”“数据分析”，按中文分词与职位名称匹配")
    city_codes = ArrayField(models.CharField(max_length=6), default=list, blank=True, verbose_name="意向城市", help_text="GB/T 2260 六位代码")
    industries = ArrayField(models.CharField(max_length=2, choices=Industry.choices), default=list, blank=True, verbose_name="意向行业")
    salary_floor = models.PositiveIntegerField("期望月薪下限（元）", null=True, blank=True)
    is_personalised = models.BooleanField("个性化推荐", default=True)
    wants_daily_push = models.BooleanField("每日推送新匹配职位", default=False)
    computed_at = models.DateTimeField("推荐计算时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "求职意向"
        verbose_name_plural = "求职意向"
        permissions = [("view_intention_statistics", "查看求职意向统计"), ("recompute_recommendations", "重新计算职位推荐")]

    def __str__(self) -> str:
        return f"{self.student_id} 的求职意向"

    @property
    def is_stated(self) -> bool:
        return bool(self.job_kinds or self.job_types or self.city_codes or self.industries or self.salary_floor)


class Recommendation(models.Model):
    """One scored match of a live job for a student, with the reasons shown to them.
    Rewritten by the recompute task; `first_seen_at` and `notified_at` survive recomputes so
    the daily push tells a student only of matches that are new to them."""

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="学生")
    job = models.ForeignKey("employment_jobs.Job", on_delete=models.CASCADE, related_name="+", verbose_name="职位")
    score = models.PositiveSmallIntegerField("匹配分")
    reasons = ArrayField(models.CharField(max_length=100), default=list, verbose_name="推荐理由")
    computed_at = models.DateTimeField("计算时间")
    first_seen_at = models.DateTimeField("首次推荐时间")
    notified_at = models.DateTimeField("推送时间", null=True, blank=True)

    class Meta:
        verbose_name = "职位推荐"
        verbose_name_plural = "职位推荐"
        ordering = ["-score", "-job_id"]
        constraints = [models.UniqueConstraint(fields=["student", "job"], name="emp_recommend_one_per_job")]
        indexes = [
            models.Index(fields=["student", "-score", "-job"], name="emp_recommend_student_score"),
            models.Index(fields=["student"], condition=models.Q(notified_at__isnull=True), name="emp_recommend_unnotified"),
        ]

    def __str__(self) -> str:
        return f"{self.student_id}→{self.job_id} ({self.score})"

    @property
    def reason_text(self) -> str:
        return "；".join(self.reasons)

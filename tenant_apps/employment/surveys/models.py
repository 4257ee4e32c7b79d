"""Surveys (问卷): questions with skip logic, per-college quotas, one response per student."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from tenant_apps.employment.surveys.enums import QuestionKind, SurveyStatus


class Survey(models.Model):
    """A questionnaire. Built while a draft; published to an audience (graduation years and
    colleges/majors/classes, the push's filter keys); answered until closed, `closes_at` or the
    quota. Questions are frozen once published so that answers keep their meaning."""

    title = models.CharField("问卷标题", max_length=200)
    description = models.TextField("说明", max_length=2000, blank=True)
    status = models.CharField("状态", max_length=20, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT, db_index=True)
    audience = models.JSONField("发放对象", default=dict, blank=True, help_text='{"graduation_years": [2026], "org_unit_ids": [3]}，空为全部学生')
    max_responses = models.PositiveIntegerField("回收总名额", null=True, blank=True)
    closes_at = models.DateTimeField("截止时间", null=True, blank=True)
    template_code = models.CharField("模板", max_length=40, blank=True)
    push_reference = models.CharField("推送记录", max_length=40, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="创建人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "调查问卷"
        verbose_name_plural = "调查问卷"
        ordering = ["-created_at", "-id"]
        permissions = [("publish_survey", "发布问卷"), ("view_survey_results", "查看问卷结果"), ("export_survey", "导出问卷答卷")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == SurveyStatus.DRAFT


class Question(models.Model):
    """One question. `jumps` (single choice only) maps an option index to the position of a
    later question or "end": skip logic. Matrix questions rate each of `rows` on the scale."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions", verbose_name="问卷")
    position = models.PositiveSmallIntegerField("题号")
    kind = models.CharField("题型", max_length=20, choices=QuestionKind.choices)
    title = models.CharField("题目", max_length=300)
    is_required = models.BooleanField("必答", default=True)
    options = ArrayField(models.CharField(max_length=100), default=list, blank=True, verbose_name="选项")
    rows = ArrayField(models.CharField(max_length=100), default=list, blank=True, verbose_name="矩阵行")
    scale_min = models.PositiveSmallIntegerField("量表最小值", default=1, validators=[MaxValueValidator(1)])
    scale_max = models.PositiveSmallIntegerField("量表最大值", default=5, validators=[MinValueValidator(2), MaxValueValidator(10)])
    scale_labels = models.CharField("量表两端说明", max_length=60, blank=True, help_text="如：非常不满意/非常满意")
    jumps = models.JSONField("跳题逻辑", default=dict, blank=True)

    class Meta:
        verbose_name = "问卷题目"
        verbose_name_plural = "问卷题目"
        ordering = ["survey", "position"]
        constraints = [models.UniqueConstraint(fields=["survey", "position"], name="survey_question_position_unique")]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    @property
    def jumps_json(self) -> str:
        import json

        return json.dumps(self.jumps or {})

    @property
    def scale_values(self) -> list[int]:
        return list(range(self.scale_min, self.scale_max + 1))

    @property
    def low_label(self) -> str:
        return self.scale_labels.split("/")[0] if self.scale_labels else ""

    @property
    def high_label(self) -> str:
        return self.scale_labels.split("/")[-1] if "/" in self.scale_labels else ""


class SurveyQuota(models.Model):
    """At most `limit` responses from one college (or major/class): a quota of the sample."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="quotas", verbose_name="问卷")
    org_unit = models.ForeignKey("accounts.OrgUnit", on_delete=models.CASCADE, related_name="+", verbose_name="院系")
    limit = models.PositiveIntegerField("名额", validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = "问卷名额"
        verbose_name_plural = "问卷名额"
        constraints = [models.UniqueConstraint(fields=["survey", "org_unit"], name="survey_quota_unit_unique")]

    def __str__(self) -> str:
        return f"{self.org_unit_id}:{self.limit}"


class SurveyResponse(models.Model):
    """One student's answers: {question id: value}. One per student per survey (the database
    refuses a second)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses", verbose_name="问卷")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="学生")
    org_unit = models.ForeignKey("accounts.OrgUnit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="班级")
    college_name = models.CharField("学院", max_length=100, blank=True)
    answers = models.JSONField("答案", default=dict)
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = "问卷答卷"
        verbose_name_plural = "问卷答卷"
        ordering = ["-submitted_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["survey", "student"], name="survey_one_response_per_student")]
        indexes = [models.Index(fields=["survey", "college_name"], name="survey_response_college")]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.student_id}"

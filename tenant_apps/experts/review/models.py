"""Online review (网上评审, X29) of a project's submissions by its drawn panel.

A project (panels.Project) gets one review setup: scoring indicators, the rules that turn the
experts' scores into a summary, the submissions to score and the review window. The accepted
members of the project's panel (its batch's draws included) score each submission on every
indicator in a score sheet; a submitted or recused sheet is locked."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from tenant_apps.experts.review.enums import Aggregation, SetupState, SheetStatus, TotalMethod


class ReviewSetup(models.Model):
    """The review of one project: window, summary rules, indicators and submissions."""

    project = models.OneToOneField("expert_panels.Project", on_delete=models.PROTECT, related_name="review_setup", verbose_name="抽取项目")
    instructions = models.TextField("评审须知", blank=True)
    opens_at = models.DateTimeField("评审开始时间")
    closes_at = models.DateTimeField("评审截止时间")
    total_method = models.CharField("专家总分计算", max_length=12, choices=TotalMethod.choices, default=TotalMethod.SUM)
    aggregation = models.CharField("汇总方式", max_length=14, choices=Aggregation.choices, default=Aggregation.MEAN)
    trim_min_experts = models.PositiveSmallIntegerField("去高去低最少人数", default=5, help_text="有效评分人数达到该数时才去掉最高分和最低分（至少 3）")
    min_scorers = models.PositiveSmallIntegerField("最少有效评分人数", default=1, help_text="不足时不计算最终得分")
    decimals = models.PositiveSmallIntegerField("保留小数位", default=2)
    pass_score = models.DecimalField("合格分数线", max_digits=7, decimal_places=2, null=True, blank=True)
    is_comment_required = models.BooleanField("提交时必须填写评审意见", default=False)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    closed_at = models.DateTimeField("提前结束时间", null=True, blank=True)
    last_reminded_at = models.DateTimeField("最近催办时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="创建人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "网上评审"
        verbose_name_plural = "网上评审"
        ordering = ["-id"]
        permissions = [
            ("export_review", "导出评审汇总表"),
            ("reopen_sheet", "退回专家评分表"),
        ]

    def __str__(self) -> str:
        return f"{self.project}（网上评审）"

    def state(self, now=None) -> str:
        now = now or timezone.now()
        if self.published_at is None:
            return SetupState.PREPARING
        if now >= self.closes_at:
            return SetupState.CLOSED
        if now < self.opens_at:
            return SetupState.SCHEDULED
        return SetupState.OPEN

    def get_state_display(self) -> str:
        return SetupState(self.state()).label

    @property
    def is_open(self) -> bool:
        return self.state() == SetupState.OPEN and self.project.archived_at is None

    @property
    def is_closed(self) -> bool:
        return self.published_at is not None and timezone.now() >= self.closes_at


class Indicator(models.Model):
    """One scoring indicator (评分指标): scored from 0 to `max_score`."""

    setup = models.ForeignKey(ReviewSetup, on_delete=models.CASCADE, related_name="indicators", verbose_name="网上评审")
    order = models.PositiveSmallIntegerField("排序", default=0)
    name = models.CharField("指标名称", max_length=100)
    max_score = models.DecimalField("满分", max_digits=6, decimal_places=2)
    weight = models.DecimalField("权重（%）", max_digits=5, decimal_places=2, default=0)
    description = models.CharField("评分标准", max_length=500, blank=True)

    class Meta:
        verbose_name = "评分指标"
        verbose_name_plural = "评分指标"
        ordering = ["setup", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["setup", "name"], name="review_indicator_unique_name"),
            models.CheckConstraint(condition=models.Q(max_score__gt=0), name="review_indicator_max_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class Submission(models.Model):
    """One item to be reviewed (评审材料 / 申报项目)."""

    setup = models.ForeignKey(ReviewSetup, on_delete=models.CASCADE, related_name="submissions", verbose_name="网上评审")
    number = models.PositiveIntegerField("序号")
    title = models.CharField("名称", max_length=200)
    applicant = models.CharField("申报人", max_length=100, blank=True)
    unit = models.CharField("申报单位", max_length=200, blank=True)
    description = models.TextField("简介", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="录入人")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = "评审材料"
        verbose_name_plural = "评审材料"
        ordering = ["setup", "number"]
        constraints = [models.UniqueConstraint(fields=["setup", "number"], name="review_submission_unique_number")]

    def __str__(self) -> str:
        return self.title


class SubmissionFile(models.Model):
    """A file of a submission, uploaded by staff and readable by the panel."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files", verbose_name="评审材料")
    file = models.FileField("文件", upload_to="review/submissions/%Y/%m/")
    original_name = models.CharField("原文件名", max_length=200)
    size = models.PositiveIntegerField("大小", default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="上传人")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "材料附件"
        verbose_name_plural = "材料附件"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class ScoreSheet(models.Model):
    """One expert's scoring of one submission, with the conflict-of-interest declaration.
    Submitted or recused sheets are locked (staff may return one while the window is open)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="sheets", verbose_name="评审材料")
    expert = models.ForeignKey("experts.Expert", on_delete=models.PROTECT, related_name="+", verbose_name="专家")
    member = models.ForeignKey("expert_panels.PanelMember", on_delete=models.PROTECT, related_name="+", verbose_name="评审组成员")
    status = models.CharField("状态", max_length=10, choices=SheetStatus.choices, default=SheetStatus.DRAFT, db_index=True)
    comment = models.TextField("评审意见", blank=True)
    declared_no_conflict = models.BooleanField("已声明无利益冲突", default=False)
    recusal_reason = models.CharField("回避理由", max_length=300, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "专家评分表"
        verbose_name_plural = "专家评分表"
        ordering = ["submission", "id"]
        constraints = [models.UniqueConstraint(fields=["submission", "expert"], name="review_sheet_unique_expert")]

    def __str__(self) -> str:
        return f"{self.submission_id}-{self.expert_id}"

    @property
    def is_locked(self) -> bool:
        return self.status != SheetStatus.DRAFT


class Score(models.Model):
    """The score of one indicator in a sheet."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores", verbose_name="评分表")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="scores", verbose_name="评分指标")
    value = models.DecimalField("得分", max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = "指标得分"
        verbose_name_plural = "指标得分"
        ordering = ["sheet", "indicator__order", "indicator_id"]
        constraints = [models.UniqueConstraint(fields=["sheet", "indicator"], name="review_score_unique_indicator")]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value}"
